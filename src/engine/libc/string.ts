// string.h over simulated memory.
//
// How it works. Each function reads and writes only through the NativeCall, byte range by byte range,
// the way the C code would touch memory: functions that stop at the first difference or match (strcmp,
// strchr, memchr …) read one byte at a time, so they never read past what glibc would and a buffer that
// is only partly initialised is judged on the bytes actually compared; functions that must reach the
// NUL anyway (strlen, strcpy, strcat, strrchr, strstr) read the whole string with `cstring`, which
// reports a missing terminator as a read past the end of its object.
// Comparisons look at each byte's definedness before using it, as valgrind's replacements do.
// memcpy, strcpy, strncpy, strcat and strncat report overlapping source and destination with
// valgrind's wording (kind "overlap") and then copy anyway; memmove is the one that allows it.
// strcmp, strncmp and memcmp return the difference of the first differing bytes as unsigned chars,
// which is what glibc's x86-64 implementations return (C only promises the sign).

import { NULL_POINTER, hex, isNull, offsetPointer, readByte, withNul } from './access';
import type { NativeCall, NativeSpec, Pointer } from './native';

function checkOverlap(call: NativeCall, dst: Pointer, dstLength: number, src: Pointer, srcLength: number, shownLength: number | null): void {
  if (dstLength === 0 || srcLength === 0) return;
  const overlap = dst.address < src.address + srcLength && src.address < dst.address + dstLength;
  if (!overlap) return;
  const args = shownLength === null ? `${hex(dst.address)}, ${hex(src.address)}` : `${hex(dst.address)}, ${hex(src.address)}, ${shownLength}`;
  call.report(
    'overlap',
    `Source and destination overlap in ${call.name}(${args})`,
    [],
    `${call.name} copies from a range that overlaps the one it writes to; the result depends on the copy order. Use memmove when the ranges may overlap.`,
    dst.address,
    dstLength,
  );
}

/** The byte at p[i], reporting it if it is uninitialised, since its value decides what happens next. */
function comparedByte(call: NativeCall, p: Pointer, i: number): number {
  const b = readByte(call, p, i);
  call.requireDefined(p, i, 1, `byte ${i} of a string it compares`);
  return b;
}

function compare(call: NativeCall, a: Pointer, b: Pointer, limit: number, stopAtNul: boolean): number {
  for (let i = 0; i < limit; i++) {
    const x = comparedByte(call, a, i);
    const y = comparedByte(call, b, i);
    if (x !== y) return x - y;
    if (stopAtNul && x === 0) return 0;
  }
  return 0;
}

/** Index of the first byte of s (up to its NUL) for which `stop` is true, or of the NUL; -1 if not found. */
function scan(call: NativeCall, s: Pointer, limit: number, stop: (byte: number) => boolean, stopAtNul: boolean): number {
  for (let i = 0; i < limit; i++) {
    const b = comparedByte(call, s, i);
    if (stop(b)) return i;
    if (stopAtNul && b === 0) return -1;
  }
  return -1;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function copyString(call: NativeCall, dst: Pointer, src: Pointer): Pointer {
  const text = withNul(call.cstring(src));
  checkOverlap(call, dst, text.length, src, text.length, null);
  call.write(dst, 0, text);
  return dst;
}

export const STRING: Record<string, NativeSpec> = {
  strlen: { returns: 'long', run: (call) => call.cstring(call.pointer(0)).length },
  strnlen: {
    returns: 'long',
    run: (call) => {
      const n = call.size(1);
      const at = scan(call, call.pointer(0), n, (b) => b === 0, false);
      return at === -1 ? n : at;
    },
  },
  strcpy: { returns: 'pointer', run: (call) => copyString(call, call.pointer(0), call.pointer(1)) },
  strncpy: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const src = call.pointer(1);
      const n = call.size(2);
      const text = call.cstring(src, n);
      checkOverlap(call, dst, n, src, Math.min(text.length + 1, n), n);
      const out = new Uint8Array(n);
      out.set(text);
      call.write(dst, 0, out);
      return dst;
    },
  },
  strcat: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const src = call.pointer(1);
      const start = call.cstring(dst).length;
      const text = withNul(call.cstring(src));
      checkOverlap(call, dst, start + text.length, src, text.length, null);
      call.write(dst, start, text);
      return dst;
    },
  },
  strncat: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const src = call.pointer(1);
      const n = call.size(2);
      const start = call.cstring(dst).length;
      const text = withNul(call.cstring(src, n));
      checkOverlap(call, dst, start + text.length, src, text.length, n);
      call.write(dst, start, text);
      return dst;
    },
  },
  strcmp: { returns: 'int', run: (call) => compare(call, call.pointer(0), call.pointer(1), Infinity, true) },
  strncmp: { returns: 'int', run: (call) => compare(call, call.pointer(0), call.pointer(1), call.size(2), true) },
  memcmp: { returns: 'int', run: (call) => compare(call, call.pointer(0), call.pointer(1), call.size(2), false) },
  strchr: {
    returns: 'pointer',
    run: (call) => {
      const s = call.pointer(0);
      const c = call.int(1) & 0xff;
      const at = scan(call, s, Infinity, (b) => b === c, true);
      return at === -1 ? NULL_POINTER : offsetPointer(call, s, at);
    },
  },
  strrchr: {
    returns: 'pointer',
    run: (call) => {
      const s = call.pointer(0);
      const c = call.int(1) & 0xff;
      const text = withNul(call.cstring(s));
      const at = text.lastIndexOf(c);
      return at === -1 ? NULL_POINTER : offsetPointer(call, s, at);
    },
  },
  memchr: {
    returns: 'pointer',
    run: (call) => {
      const s = call.pointer(0);
      const c = call.int(1) & 0xff;
      const at = scan(call, s, call.size(2), (b) => b === c, false);
      return at === -1 ? NULL_POINTER : offsetPointer(call, s, at);
    },
  },
  strstr: {
    returns: 'pointer',
    run: (call) => {
      const s = call.pointer(0);
      const at = indexOf(call.cstring(s), call.cstring(call.pointer(1)));
      return at === -1 ? NULL_POINTER : offsetPointer(call, s, at);
    },
  },
  strspn: {
    returns: 'long',
    run: (call) => {
      const accept = call.cstring(call.pointer(1));
      const at = scan(call, call.pointer(0), Infinity, (b) => b === 0 || !accept.includes(b), false);
      return at;
    },
  },
  strcspn: {
    returns: 'long',
    run: (call) => {
      const reject = call.cstring(call.pointer(1));
      return scan(call, call.pointer(0), Infinity, (b) => b === 0 || reject.includes(b), false);
    },
  },
  strpbrk: {
    returns: 'pointer',
    run: (call) => {
      const s = call.pointer(0);
      const accept = call.cstring(call.pointer(1));
      const at = scan(call, s, Infinity, (b) => accept.includes(b), true);
      return at === -1 ? NULL_POINTER : offsetPointer(call, s, at);
    },
  },
  // strtok keeps its position in the process's library state, as glibc keeps it in a static variable.
  strtok: {
    returns: 'pointer',
    run: (call) => {
      const saved = call.state<{ next: Pointer | null }>('strtok', () => ({ next: null }));
      const given = call.pointer(0);
      const start = isNull(given) ? saved.next : given;
      if (start === null || isNull(start)) return NULL_POINTER;
      const delimiters = call.cstring(call.pointer(1));
      const text = call.cstring(start);
      let i = 0;
      while (i < text.length && delimiters.includes(text[i]!)) i++;
      if (i === text.length) {
        saved.next = null;
        return NULL_POINTER;
      }
      let end = i;
      while (end < text.length && !delimiters.includes(text[end]!)) end++;
      if (end < text.length) {
        call.write(start, end, Uint8Array.of(0));
        saved.next = offsetPointer(call, start, end + 1);
      } else saved.next = null;
      return offsetPointer(call, start, i);
    },
  },
  strdup: {
    returns: 'pointer',
    run: (call) => {
      const text = withNul(call.cstring(call.pointer(0)));
      const copy = call.heap.malloc(text.length);
      if (!copy) return NULL_POINTER;
      call.write(copy, 0, text);
      return copy;
    },
  },
  strndup: {
    returns: 'pointer',
    run: (call) => {
      const text = withNul(call.cstring(call.pointer(0), call.size(1)));
      const copy = call.heap.malloc(text.length);
      if (!copy) return NULL_POINTER;
      call.write(copy, 0, text);
      return copy;
    },
  },
  memcpy: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const src = call.pointer(1);
      const n = call.size(2);
      checkOverlap(call, dst, n, src, n, n);
      if (n > 0) call.move(dst, src, n);
      return dst;
    },
  },
  memmove: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const n = call.size(2);
      if (n > 0) call.move(dst, call.pointer(1), n);
      return dst;
    },
  },
  memset: {
    returns: 'pointer',
    run: (call) => {
      const dst = call.pointer(0);
      const n = call.size(2);
      if (n > 0) call.fill(dst, 0, n, call.int(1) & 0xff);
      return dst;
    },
  },
};
