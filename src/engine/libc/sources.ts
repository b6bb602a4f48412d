// memscope's library code written in Mini C, compiled with every program and marked as library code
// (FunctionInfo.origin 'libc'). These are the parts that must run as simulated code: qsort and bsearch
// call the program's comparator; the FILE objects and errno are variables a program can point at; and
// the strto* and ato* wrappers pass &errno to the natives that parse (see stdlib.ts); strerror and
// perror are plain C over a table of glibc's messages.
// Each source is its own translation unit and includes the built-in headers like a user file.

const STDIO_C = `/* The three standard streams. A FILE's first field is its file descriptor: the stdio natives read it
   through the FILE * they are given to know where the bytes go. */
#include <stdio.h>

struct _IO_FILE {
  int _fileno;
};

static FILE __stdin_file = { 0 };
static FILE __stdout_file = { 1 };
static FILE __stderr_file = { 2 };

FILE *stdin = &__stdin_file;
FILE *stdout = &__stdout_file;
FILE *stderr = &__stderr_file;
`;

const ERRNO_C = `/* errno: set by the library when a call fails (strtol's ERANGE …). */
#include <errno.h>

int errno;
`;

const STDLIB_C = `/* strtol and friends as C functions over the parsing natives, which also take &errno; the ato*
   functions are what glibc makes them: strtol or strtod with no end pointer. div and ldiv return
   structs, which a native cannot. */
#include <stdlib.h>
#include <errno.h>

long __memscope_strtol(const char *nptr, char **endptr, int base, int *error);
unsigned long __memscope_strtoul(const char *nptr, char **endptr, int base, int *error);
double __memscope_strtod(const char *nptr, char **endptr, int *error);

long strtol(const char *nptr, char **endptr, int base) {
  return __memscope_strtol(nptr, endptr, base, &errno);
}

unsigned long strtoul(const char *nptr, char **endptr, int base) {
  return __memscope_strtoul(nptr, endptr, base, &errno);
}

long long strtoll(const char *nptr, char **endptr, int base) {
  return __memscope_strtol(nptr, endptr, base, &errno);
}

unsigned long long strtoull(const char *nptr, char **endptr, int base) {
  return __memscope_strtoul(nptr, endptr, base, &errno);
}

double strtod(const char *nptr, char **endptr) {
  return __memscope_strtod(nptr, endptr, &errno);
}

int atoi(const char *nptr) {
  return (int) strtol(nptr, (char **) NULL, 10);
}

long atol(const char *nptr) {
  return strtol(nptr, (char **) NULL, 10);
}

long long atoll(const char *nptr) {
  return strtoll(nptr, (char **) NULL, 10);
}

double atof(const char *nptr) {
  return strtod(nptr, (char **) NULL);
}

div_t div(int numer, int denom) {
  div_t result;
  result.quot = numer / denom;
  result.rem = numer % denom;
  return result;
}

ldiv_t ldiv(long numer, long denom) {
  ldiv_t result;
  result.quot = numer / denom;
  result.rem = numer % denom;
  return result;
}

lldiv_t lldiv(long long numer, long long denom) {
  lldiv_t result;
  result.quot = numer / denom;
  result.rem = numer % denom;
  return result;
}
`;

const STRERROR_C = `/* strerror and perror, with glibc's messages for the errno values errno.h defines. Like glibc's,
   strerror of an unknown number writes "Unknown error N" into a static buffer and returns it. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

static char __strerror_unknown[32];

char *strerror(int errnum) {
  switch (errnum) {
  case 0:
    return "Success";
  case EPERM:
    return "Operation not permitted";
  case ENOENT:
    return "No such file or directory";
  case ESRCH:
    return "No such process";
  case EINTR:
    return "Interrupted system call";
  case EIO:
    return "Input/output error";
  case EBADF:
    return "Bad file descriptor";
  case ECHILD:
    return "No child processes";
  case EAGAIN:
    return "Resource temporarily unavailable";
  case ENOMEM:
    return "Cannot allocate memory";
  case EACCES:
    return "Permission denied";
  case EFAULT:
    return "Bad address";
  case EEXIST:
    return "File exists";
  case EINVAL:
    return "Invalid argument";
  case ENOSPC:
    return "No space left on device";
  case EDOM:
    return "Numerical argument out of domain";
  case ERANGE:
    return "Numerical result out of range";
  case EILSEQ:
    return "Invalid or incomplete multibyte or wide character";
  }
  sprintf(__strerror_unknown, "Unknown error %d", errnum);
  return __strerror_unknown;
}

void perror(const char *s) {
  const char *message = strerror(errno);
  if (s != NULL && *s != '\\0')
    fprintf(stderr, "%s: %s\\n", s, message);
  else
    fprintf(stderr, "%s\\n", message);
}
`;

const QSORT_C = `/* qsort and bsearch.

   qsort is glibc's merge sort (msort.c): split in halves (the first n/2 elements, then the rest), sort
   each, merge taking from the left half while compar(left, right) <= 0. Making the same comparisons
   in the same order gives the same result as glibc even for comparators that are not consistent, and
   equal elements keep their order. Like glibc, the merge buffer is on the stack for up to 1024 bytes;
   above that glibc calls malloc, which would put library blocks in the program's heap report, so here
   the buffer is an mmap'd region, unmapped at the end. If no buffer can be had, each merge rotates
   elements in place, which compares the same pairs and only moves more bytes.
   Elements are copied as whole ints or longs when they have that size and with memcpy otherwise; both
   carry pointer provenance, so sorted pointers stay checked. */
#define _DEFAULT_SOURCE 1
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

typedef int (*__compar_fn_t)(const void *, const void *);

#define __QSORT_STACK_BUFFER 1024
#define __QSORT_ROTATE_BUFFER 256

static void __msort_with_tmp(char *b, size_t n, size_t size, __compar_fn_t compar, char *tmp) {
  size_t n1;
  size_t n2;
  char *b1;
  char *b2;
  char *out;
  if (n <= 1)
    return;
  n1 = n / 2;
  n2 = n - n1;
  b1 = b;
  b2 = b + n1 * size;
  __msort_with_tmp(b1, n1, size, compar, tmp);
  __msort_with_tmp(b2, n2, size, compar, tmp);
  out = tmp;
  while (n1 > 0 && n2 > 0) {
    char *from;
    if (compar(b1, b2) <= 0) {
      from = b1;
      b1 += size;
      --n1;
    } else {
      from = b2;
      b2 += size;
      --n2;
    }
    /* Like glibc, whole words for the common sizes: a long copy carries a pointer's provenance too. */
    if (size == sizeof(long))
      *(long *) out = *(long *) from;
    else if (size == sizeof(int))
      *(int *) out = *(int *) from;
    else
      memcpy(out, from, size);
    out += size;
  }
  if (n1 > 0)
    memcpy(out, b1, n1 * size);
  memcpy(b, tmp, (n - n2) * size);
}

/* Moves the element at to[distance * size] down to to[0], shifting the ones between up by one;
   an element larger than the buffer is moved a slice at a time. */
static void __msort_rotate(char *to, size_t distance, size_t size) {
  char saved[__QSORT_ROTATE_BUFFER];
  size_t done = 0;
  if (size <= __QSORT_ROTATE_BUFFER) {
    memcpy(saved, to + distance * size, size);
    memmove(to + size, to, distance * size);
    memcpy(to, saved, size);
    return;
  }
  while (done < size) {
    size_t length = size - done < __QSORT_ROTATE_BUFFER ? size - done : __QSORT_ROTATE_BUFFER;
    size_t j;
    memcpy(saved, to + distance * size + done, length);
    for (j = distance; j > 0; j--)
      memcpy(to + j * size + done, to + (j - 1) * size + done, length);
    memcpy(to + done, saved, length);
    done += length;
  }
}

static void __msort_in_place(char *b, size_t n, size_t size, __compar_fn_t compar) {
  size_t n1;
  size_t n2;
  char *b1;
  char *b2;
  if (n <= 1)
    return;
  n1 = n / 2;
  n2 = n - n1;
  b1 = b;
  b2 = b + n1 * size;
  __msort_in_place(b1, n1, size, compar);
  __msort_in_place(b2, n2, size, compar);
  while (n1 > 0 && n2 > 0) {
    if (compar(b1, b2) <= 0) {
      b1 += size;
      --n1;
    } else {
      __msort_rotate(b1, n1, size);
      b1 += size;
      b2 += size;
      --n2;
    }
  }
}

void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *)) {
  char stack_buffer[__QSORT_STACK_BUFFER];
  size_t total = nmemb * size;
  void *region;
  if (nmemb <= 1 || size == 0)
    return;
  if (total <= __QSORT_STACK_BUFFER) {
    __msort_with_tmp((char *) base, nmemb, size, compar, stack_buffer);
    return;
  }
  region = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) {
    __msort_in_place((char *) base, nmemb, size, compar);
    return;
  }
  __msort_with_tmp((char *) base, nmemb, size, compar, (char *) region);
  munmap(region, total);
}

/* glibc's bsearch: halve [l, u) around the middle element until compar says equal. */
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *)) {
  size_t l = 0;
  size_t u = nmemb;
  while (l < u) {
    size_t idx = (l + u) / 2;
    const void *p = (const char *) base + idx * size;
    int comparison = compar(key, p);
    if (comparison < 0)
      u = idx;
    else if (comparison > 0)
      l = idx + 1;
    else
      return (void *) p;
  }
  return NULL;
}
`;

export const LIBC_SOURCES: readonly { readonly path: string; readonly text: string }[] = [
  { path: '<libc>/stdio.c', text: STDIO_C },
  { path: '<libc>/errno.c', text: ERRNO_C },
  { path: '<libc>/stdlib.c', text: STDLIB_C },
  { path: '<libc>/qsort.c', text: QSORT_C },
  { path: '<libc>/strerror.c', text: STRERROR_C },
];
