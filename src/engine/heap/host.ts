// The boundary between the allocator and the machine it runs on.
//
// The allocator (malloc, free, realloc, calloc) keeps its headers, boundary tags and free-list links in
// simulated memory, as a real allocator does, so the views can draw the bytes. It reads and writes them
// through `HeapHost`, whose accesses are privileged: they bypass memcheck and never fault on the user's
// behalf. It grows the heap with sbrk and puts large blocks in their own mmap regions. The machine glue
// (memcheck) sets the user-visible shadow state from the records the allocator returns.

export interface HeapHost {
  /** Privileged 8-byte little-endian access to simulated memory (values below 2^53). */
  readWord(address: number): number;
  writeWord(address: number, value: number): void;
  /** Moves the program break by `increment` bytes; returns the old break, or -1 if it cannot grow. */
  sbrk(increment: number): number;
  /** Maps `length` bytes (a multiple of the page size) of fresh zeroed memory; returns the address or -1. */
  mmap(length: number): number;
  /** Unmaps a region returned by mmap. */
  munmap(address: number, length: number): void;
}
