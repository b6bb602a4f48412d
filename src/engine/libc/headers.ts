// The built-in standard headers, as Mini C source: what `#include <stdio.h>` reads.
//
// Every type, constant and macro matches glibc's on x86-64 Linux (size_t is unsigned long, int64_t is
// long, EOF is -1, RAND_MAX is 2147483647 …) so a program prints the same under memscope and under gcc.
// The headers declare only what memscope implements: functions in src/engine/libc (natives and the
// Mini C library sources) and the kernel functions of the machine. Shared typedefs are guarded with
// glibc's `__…_defined` macros so any set of headers can be included in any order.
// Limits and exact-width integer headers are in headers-limits.ts; POSIX headers and features.h (which
// hides non-ISO names under `gcc -std=c11`) are in headers-posix.ts.

import { LIMIT_HEADERS } from './headers-limits';
import { POSIX_HEADERS } from './headers-posix';

const SIZE_T = `#ifndef __size_t_defined
# define __size_t_defined 1
typedef unsigned long size_t;
#endif`;

const NULL_MACRO = `#ifndef NULL
# define NULL ((void *)0)
#endif`;

const ISO_HEADERS: ReadonlyArray<readonly [string, string]> = [
  [
    'stddef.h',
    `#ifndef _STDDEF_H
#define _STDDEF_H 1
${SIZE_T}
typedef long ptrdiff_t;
typedef int wchar_t;
${NULL_MACRO}
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif
`,
  ],
  [
    'stdarg.h',
    `#ifndef _STDARG_H
#define _STDARG_H 1
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dest, src) __builtin_va_copy(dest, src)
#endif
`,
  ],
  [
    'stdbool.h',
    `#ifndef _STDBOOL_H
#define _STDBOOL_H 1
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
`,
  ],
  [
    'errno.h',
    `#ifndef _ERRNO_H
#define _ERRNO_H 1
/* errno is one int of the library (<libc>/errno.c); glibc makes it per-thread, memscope has one thread. */
extern int errno;
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define EDOM 33
#define ERANGE 34
#define EILSEQ 84
#endif
`,
  ],
  [
    'assert.h',
    `#include <features.h>
/* No include guard for assert itself: each inclusion redefines it by the current NDEBUG, as C requires. */
#undef assert
#ifdef NDEBUG
# define assert(expr) ((void) 0)
#else
# define assert(expr) ((expr) ? (void) 0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif
#ifndef _ASSERT_H
#define _ASSERT_H 1
#define static_assert _Static_assert
_Noreturn void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function);
#endif
`,
  ],
  [
    'ctype.h',
    `#ifndef _CTYPE_H
#define _CTYPE_H 1
/* The class functions return glibc's class bits (isalpha('a') is 1024), not just 1. */
int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);
#endif
`,
  ],
  [
    'math.h',
    `#ifndef _MATH_H
#define _MATH_H 1
#include <features.h>
#define HUGE_VAL (1.0 / 0.0)
#define INFINITY ((float) (1.0 / 0.0))
/* 0.0 / 0.0 is x86's default NaN, which has its sign bit set (-nan); NAN is the positive one. */
#define NAN ((float) -(0.0 / 0.0))
#define isnan(x) ((x) != (x))
#ifdef __USE_MISC
# define M_E 2.7182818284590452354
# define M_LN2 0.69314718055994530942
# define M_PI 3.14159265358979323846
# define M_PI_2 1.57079632679489661923
# define M_SQRT2 1.41421356237309504880
#endif
double sqrt(double x);
double pow(double x, double y);
double fabs(double x);
double floor(double x);
double ceil(double x);
double fmod(double x, double y);
double round(double x);
double trunc(double x);
#endif
`,
  ],
  [
    'string.h',
    `#ifndef _STRING_H
#define _STRING_H 1
#include <features.h>
${SIZE_T}
${NULL_MACRO}
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *s1, const void *s2, size_t n);
void *memchr(const void *s, int c, size_t n);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t n);
char *strcat(char *dest, const char *src);
char *strncat(char *dest, const char *src, size_t n);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t n);
size_t strlen(const char *s);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *s, const char *delim);
char *strerror(int errnum);
#if defined __USE_XOPEN_EXTENDED || defined __USE_XOPEN2K8
char *strdup(const char *s);
#endif
#ifdef __USE_XOPEN2K8
char *strndup(const char *s, size_t n);
size_t strnlen(const char *s, size_t maxlen);
#endif
#endif
`,
  ],
  [
    'stdlib.h',
    `#ifndef _STDLIB_H
#define _STDLIB_H 1
#include <features.h>
${SIZE_T}
${NULL_MACRO}
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
typedef struct { long long quot; long long rem; } lldiv_t;
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
_Noreturn void exit(int status);
_Noreturn void abort(void);
char *getenv(const char *name);
int atoi(const char *nptr);
long atol(const char *nptr);
long long atoll(const char *nptr);
double atof(const char *nptr);
long strtol(const char *nptr, char **endptr, int base);
unsigned long strtoul(const char *nptr, char **endptr, int base);
long long strtoll(const char *nptr, char **endptr, int base);
unsigned long long strtoull(const char *nptr, char **endptr, int base);
double strtod(const char *nptr, char **endptr);
int abs(int j);
long labs(long j);
long long llabs(long long j);
div_t div(int numer, int denom);
ldiv_t ldiv(long numer, long denom);
lldiv_t lldiv(long long numer, long long denom);
int rand(void);
void srand(unsigned int seed);
#if defined __USE_MISC || defined __USE_XOPEN_EXTENDED
long random(void);
void srandom(unsigned int seed);
#endif
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
#endif
`,
  ],
  [
    'stdio.h',
    `#ifndef _STDIO_H
#define _STDIO_H 1
#include <features.h>
${SIZE_T}
${NULL_MACRO}
#define EOF (-1)
#define BUFSIZ 8192
/* A stream. Its fields are the library's (<libc>/stdio.c); programs only hold pointers to it. */
typedef struct _IO_FILE FILE;
extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr
int printf(const char *format, ...);
int fprintf(FILE *stream, const char *format, ...);
int sprintf(char *str, const char *format, ...);
int snprintf(char *str, size_t size, const char *format, ...);
int vprintf(const char *format, __builtin_va_list ap);
int vfprintf(FILE *stream, const char *format, __builtin_va_list ap);
int vsprintf(char *str, const char *format, __builtin_va_list ap);
int vsnprintf(char *str, size_t size, const char *format, __builtin_va_list ap);
int scanf(const char *format, ...);
int fscanf(FILE *stream, const char *format, ...);
int sscanf(const char *str, const char *format, ...);
int puts(const char *s);
int fputs(const char *s, FILE *stream);
int putchar(int c);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int getchar(void);
int getc(FILE *stream);
int fgetc(FILE *stream);
int ungetc(int c, FILE *stream);
char *fgets(char *s, int size, FILE *stream);
int fflush(FILE *stream);
void perror(const char *s);
#endif
`,
  ],
];

export const HEADERS: ReadonlyMap<string, string> = new Map([...ISO_HEADERS, ...LIMIT_HEADERS, ...POSIX_HEADERS]);
