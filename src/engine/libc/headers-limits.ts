// The built-in headers of numeric limits and exact-width integers: limits.h, stdint.h, inttypes.h and
// float.h. Each value is glibc's on x86-64 (LP64): int64_t is long, int_fast16_t is long, PRId64 is
// "ld", DBL_MAX is written with enough digits to round to the exact double. The probe in
// test/unit/libc/headers.test.ts compares every one with glibc's through gcc.

export const LIMIT_HEADERS: ReadonlyArray<readonly [string, string]> = [
  [
    'limits.h',
    `#ifndef _LIMITS_H
#define _LIMITS_H 1
#define CHAR_BIT 8
#define MB_LEN_MAX 16
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-INT_MAX - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MAX 9223372036854775807L
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MAX 9223372036854775807LL
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define ULLONG_MAX 18446744073709551615ULL
#endif
`,
  ],
  [
    'stdint.h',
    `#ifndef _STDINT_H
#define _STDINT_H 1
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef signed char int_least8_t;
typedef short int_least16_t;
typedef int int_least32_t;
typedef long int_least64_t;
typedef unsigned char uint_least8_t;
typedef unsigned short uint_least16_t;
typedef unsigned int uint_least32_t;
typedef unsigned long uint_least64_t;
typedef signed char int_fast8_t;
typedef long int_fast16_t;
typedef long int_fast32_t;
typedef long int_fast64_t;
typedef unsigned char uint_fast8_t;
typedef unsigned long uint_fast16_t;
typedef unsigned long uint_fast32_t;
typedef unsigned long uint_fast64_t;
#ifndef __intptr_t_defined
# define __intptr_t_defined 1
typedef long intptr_t;
#endif
typedef unsigned long uintptr_t;
typedef long intmax_t;
typedef unsigned long uintmax_t;
#define INT8_MIN (-128)
#define INT16_MIN (-32767-1)
#define INT32_MIN (-2147483647-1)
#define INT64_MIN (-9223372036854775807L-1)
#define INT8_MAX (127)
#define INT16_MAX (32767)
#define INT32_MAX (2147483647)
#define INT64_MAX (9223372036854775807L)
#define UINT8_MAX (255)
#define UINT16_MAX (65535)
#define UINT32_MAX (4294967295U)
#define UINT64_MAX (18446744073709551615UL)
#define INTPTR_MIN (-9223372036854775807L-1)
#define INTPTR_MAX (9223372036854775807L)
#define UINTPTR_MAX (18446744073709551615UL)
#define INTMAX_MIN (-9223372036854775807L-1)
#define INTMAX_MAX (9223372036854775807L)
#define UINTMAX_MAX (18446744073709551615UL)
#define PTRDIFF_MIN (-9223372036854775807L-1)
#define PTRDIFF_MAX (9223372036854775807L)
#define SIZE_MAX (18446744073709551615UL)
#define INT8_C(c) c
#define INT16_C(c) c
#define INT32_C(c) c
#define INT64_C(c) c ## L
#define UINT8_C(c) c
#define UINT16_C(c) c
#define UINT32_C(c) c ## U
#define UINT64_C(c) c ## UL
#define INTMAX_C(c) c ## L
#define UINTMAX_C(c) c ## UL
#endif
`,
  ],
  [
    'inttypes.h',
    `#ifndef _INTTYPES_H
#define _INTTYPES_H 1
#include <stdint.h>
${['d', 'i', 'o', 'u', 'x', 'X']
  .map((c) =>
    [
      `#define PRI${c}8 "${c}"`,
      `#define PRI${c}16 "${c}"`,
      `#define PRI${c}32 "${c}"`,
      `#define PRI${c}64 "l${c}"`,
      `#define PRI${c}MAX "l${c}"`,
      `#define PRI${c}PTR "l${c}"`,
    ].join('\n'),
  )
  .join('\n')}
${['d', 'i', 'o', 'u', 'x']
  .map((c) =>
    [
      `#define SCN${c}8 "hh${c}"`,
      `#define SCN${c}16 "h${c}"`,
      `#define SCN${c}32 "${c}"`,
      `#define SCN${c}64 "l${c}"`,
      `#define SCN${c}MAX "l${c}"`,
      `#define SCN${c}PTR "l${c}"`,
    ].join('\n'),
  )
  .join('\n')}
#endif
`,
  ],
  [
    'float.h',
    `#ifndef _FLOAT_H
#define _FLOAT_H 1
#define FLT_RADIX 2
#define FLT_MANT_DIG 24
#define DBL_MANT_DIG 53
#define FLT_DIG 6
#define DBL_DIG 15
#define FLT_DECIMAL_DIG 9
#define DBL_DECIMAL_DIG 17
#define FLT_MIN_EXP (-125)
#define DBL_MIN_EXP (-1021)
#define FLT_MIN_10_EXP (-37)
#define DBL_MIN_10_EXP (-307)
#define FLT_MAX_EXP 128
#define DBL_MAX_EXP 1024
#define FLT_MAX_10_EXP 38
#define DBL_MAX_10_EXP 308
#define FLT_MAX 3.40282346638528859811704183484516925e+38F
#define DBL_MAX 1.79769313486231570814527423731704357e+308
#define FLT_MIN 1.17549435082228750796873653722224568e-38F
#define DBL_MIN 2.22507385850720138309023271733240406e-308
#define FLT_EPSILON 1.19209289550781250000000000000000000e-7F
#define DBL_EPSILON 2.22044604925031308084726333618164062e-16
#define FLT_TRUE_MIN 1.40129846432481707092372958328991613e-45F
#define DBL_TRUE_MIN 4.94065645841246544176568792868221372e-324
#define FLT_EVAL_METHOD 0
#endif
`,
  ],
];
