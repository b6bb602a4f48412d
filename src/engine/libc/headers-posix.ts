// The POSIX headers memscope provides (unistd.h, sys/types.h, sys/mman.h, sys/wait.h) and features.h,
// which decides, as glibc's does, which names beyond ISO C the headers declare.
//
// Why features.h matters: memscope's programs must also compile with `gcc -std=c11`, and in that mode
// glibc hides everything that is not ISO C unless the program asks for it with a feature-test macro
// defined before the first #include: `_DEFAULT_SOURCE` (or `_GNU_SOURCE`) for sbrk, brk, random,
// MAP_ANONYMOUS and M_PI, `_POSIX_C_SOURCE 200809L` for strdup and strndup. The same program that gcc
// rejects or miscompiles (an implicitly declared sbrk returns int) is rejected here, with the macro
// visible in the header text. The kernel functions declared here are implemented by the machine.

export const POSIX_HEADERS: ReadonlyArray<readonly [string, string]> = [
  [
    'features.h',
    `#ifndef _FEATURES_H
#define _FEATURES_H 1
/* Feature-test macros, as glibc reads them. Define one before the first #include. */
#if defined _GNU_SOURCE || defined _DEFAULT_SOURCE || defined _BSD_SOURCE || defined _SVID_SOURCE
# define __USE_MISC 1
#endif
#if defined _GNU_SOURCE || defined _DEFAULT_SOURCE || defined _BSD_SOURCE || defined _SVID_SOURCE \\
    || (defined _POSIX_C_SOURCE && _POSIX_C_SOURCE >= 200809L) || (defined _XOPEN_SOURCE && _XOPEN_SOURCE >= 700)
# define __USE_XOPEN2K8 1
#endif
#if defined _GNU_SOURCE || defined _XOPEN_SOURCE_EXTENDED || (defined _XOPEN_SOURCE && _XOPEN_SOURCE >= 500)
# define __USE_XOPEN_EXTENDED 1
#endif
#endif
`,
  ],
  [
    'sys/types.h',
    `#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H 1
#include <features.h>
#ifndef __size_t_defined
# define __size_t_defined 1
typedef unsigned long size_t;
#endif
#ifndef __ssize_t_defined
# define __ssize_t_defined 1
typedef long ssize_t;
#endif
#ifndef __pid_t_defined
# define __pid_t_defined 1
typedef int pid_t;
#endif
#ifndef __off_t_defined
# define __off_t_defined 1
typedef long off_t;
#endif
#endif
`,
  ],
  [
    'unistd.h',
    `#ifndef _UNISTD_H
#define _UNISTD_H 1
#include <features.h>
#include <sys/types.h>
#ifndef NULL
# define NULL ((void *)0)
#endif
#ifndef __intptr_t_defined
# define __intptr_t_defined 1
typedef long intptr_t;
#endif
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
pid_t fork(void);
pid_t getpid(void);
pid_t getppid(void);
_Noreturn void _exit(int status);
unsigned int sleep(unsigned int seconds);
#if defined __USE_MISC || (defined __USE_XOPEN_EXTENDED && !defined __USE_XOPEN2K8)
int brk(void *addr);
void *sbrk(intptr_t increment);
#endif
#endif
`,
  ],
  [
    'sys/mman.h',
    `#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H 1
#include <features.h>
#include <sys/types.h>
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#ifdef __USE_MISC
# define MAP_ANONYMOUS 0x20
# define MAP_ANON MAP_ANONYMOUS
# define MAP_NORESERVE 0x4000
# define MAP_POPULATE 0x8000
#endif
#define MAP_FAILED ((void *) -1)
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);
#endif
`,
  ],
  [
    'sys/wait.h',
    `#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H 1
#include <features.h>
#include <sys/types.h>
#define WNOHANG 1
#define WUNTRACED 2
/* The status word as Linux packs it: exit code in bits 8-15, terminating signal in bits 0-6. */
#define WEXITSTATUS(status) (((status) & 0xff00) >> 8)
#define WTERMSIG(status) ((status) & 0x7f)
#define WSTOPSIG(status) WEXITSTATUS(status)
#define WIFEXITED(status) (WTERMSIG(status) == 0)
#define WIFSIGNALED(status) (((signed char) (((status) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(status) (((status) & 0xff) == 0x7f)
#ifdef __USE_MISC
# define WCOREDUMP(status) ((status) & 0x80)
#endif
pid_t wait(int *wstatus);
pid_t waitpid(pid_t pid, int *wstatus, int options);
#endif
`,
  ],
];
