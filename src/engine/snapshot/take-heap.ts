// The heap of a snapshot (chunks in address order, the allocator's figures) and the pointer edges that
// the memory map draws as arrows.
//
// How it works. Chunks come from the allocator's own walk of its blocks (Allocator.chunks()), so the
// views show exactly the headers, sizes and free-list links in memory. Memcheck adds what the allocator
// does not know: where a block was allocated and freed (the object table's interned call stacks, named
// by their innermost frame in the program's own code), whether a live block is leaked (one leak check
// of this moment), and whether a free chunk is still the target of a dangling pointer.
//
// Pointers are found where their types are known: every variable of a live frame and every global of
// the program, walked down through struct members and array elements to the pointer-typed leaves; and in
// live heap blocks, which have no type, the 8-byte words memcheck tagged with a provenance when a pointer
// was stored there. Null and uninitialised pointers draw no arrow.

import type { FrameInfo } from '../machine/frames';
import type { HeapChunk as AllocatorChunk, BlockRecord } from '../heap/host';
import { chunkPayload } from '../heap/block';
import { sizeOf, type Type } from '../lang/types';
import { DEAD, KIND_LOCAL } from '../check/objects';
import { BYTE_DEFINED } from './memory';
import { hexBytes, verdictAt, type ProcessContext } from './take-context';
import type { HeapChunk, HeapView, PointerEdge } from './types';

/** Payload bytes a chunk previews. */
const PREVIEW = 64;
/** Elements of an array variable searched for pointers. */
const ARRAY_SCAN = 4096;

export interface PointerScan {
  readonly edges: PointerEdge[];
  /** Object ids of dead locals that some pointer still points into (their frames become tombstones). */
  readonly deadLocals: Set<number>;
}

interface Root {
  readonly name: string;
  readonly type: Type;
  readonly address: number;
}

export function pointerEdges(ctx: ProcessContext, frames: readonly FrameInfo[]): PointerScan {
  const edges = new Map<number, PointerEdge>();
  const deadLocals = new Set<number>();
  const objects = ctx.process.objects;
  const add = (from: number, fromName: string, type: Type): void => {
    if (edges.has(from)) return;
    const verdict = verdictAt(ctx, type, from);
    if (!verdict || verdict.kind === 'null' || verdict.kind === 'uninitialized') return;
    edges.set(from, { key: from, from, fromName, to: verdict.address, verdict: verdict.kind });
    if (verdict.kind === 'dangling-stack') {
      const tag = ctx.memory.tag(from);
      if (tag > 0 && objects.kind[tag] === KIND_LOCAL && objects.state[tag] === DEAD) deadLocals.add(tag);
    }
  };
  const visit = (name: string, type: Type, address: number, budget: { left: number }): void => {
    if (budget.left-- <= 0) return;
    switch (type.kind) {
      case 'pointer':
        add(address, name, type);
        return;
      case 'struct':
      case 'union':
        for (const m of type.def.members ?? []) visit(`${name}.${m.name ?? '<anonymous>'}`, m.type, address + m.offset, budget);
        return;
      case 'array': {
        if (!containsPointer(type.of)) return;
        const size = sizeOf(type.of);
        for (let i = 0; i < (type.length ?? 0) && budget.left > 0; i++) visit(`${name}[${i}]`, type.of, address + i * size, budget);
        return;
      }
      default:
        return;
    }
  };
  for (const root of roots(ctx, frames)) visit(root.name, root.type, root.address, { left: ARRAY_SCAN });
  for (const { block } of ctx.process.heap.liveBlocks()) {
    const first = Math.ceil(block.address / 8) * 8;
    for (let at = first; at + 8 <= block.address + block.requested; at += 8) {
      if (ctx.memory.tag(at) === 0) continue;
      add(at, `block #${block.id} +${at - block.address}`, VOID_POINTER);
    }
  }
  return { edges: [...edges.values()].sort((a, b) => a.key - b.key), deadLocals };
}

const VOID_POINTER: Type = { kind: 'pointer', to: { kind: 'void' } };

function containsPointer(t: Type): boolean {
  switch (t.kind) {
    case 'pointer':
      return true;
    case 'array':
      return containsPointer(t.of);
    case 'struct':
    case 'union':
      return (t.def.members ?? []).some((m) => containsPointer(m.type));
    default:
      return false;
  }
}

/** Variables of the live frames that have their frame (after ENTER) and the program's own globals. */
function roots(ctx: ProcessContext, frames: readonly FrameInfo[]): Root[] {
  const out: Root[] = [];
  for (const f of frames) {
    const fn = ctx.program.functions[f.functionIndex];
    if (!fn || f.fp === undefined || fn.origin === 'native') continue;
    for (const v of fn.variables) out.push({ name: `${fn.name}: ${v.name}`, type: ctx.types.type(v.type), address: f.fp + v.fpOffset });
  }
  for (const o of userObjects(ctx)) {
    if (o.kind === 'string-literal') continue;
    out.push({ name: o.kind === 'static-local' ? `${o.function ?? '?'}: static ${o.name}` : `global ${o.name}`, type: ctx.types.type(o.type), address: o.address });
  }
  return out;
}

/** Globals, static locals and literals of the program's own files (not memscope's libc). */
export function userObjects(ctx: ProcessContext): typeof ctx.program.objects {
  return ctx.program.objects.filter((o) => !(ctx.program.files[o.file] ?? '').startsWith('<'));
}

export function heapChunks(ctx: ProcessContext, edges: readonly PointerEdge[]): HeapChunk[] {
  const heap = ctx.process.heap;
  const allocator = heap.allocator;
  const freedAt = new Map<number, BlockRecord>();
  for (const r of allocator.records()) if (r.state === 'freed') freedAt.set(r.blockStart, r);
  const danglingTargets = edges.filter((e) => e.verdict === 'dangling-heap').map((e) => e.to).sort((a, b) => a - b);
  const chunks: HeapChunk[] = [];
  for (const c of allocator.chunks()) chunks.push(chunkView(ctx, c, c.free ? freedAt.get(c.start) : c.block, danglingTargets));
  return chunks.sort((a, b) => a.key - b.key);
}

function chunkView(ctx: ProcessContext, c: AllocatorChunk, record: BlockRecord | undefined, danglingTargets: readonly number[]): HeapChunk {
  const { payload, headerSize } = chunkPayload(c);
  const objects = ctx.process.objects;
  const id = record ? ctx.process.heap.objectOfBlock(record) : 0;
  const info = id ? objects.infoOf(id) : undefined;
  const alloc = info?.kind === 'heap' ? ctx.userSite(info.allocStack) : undefined;
  const freed = info?.kind === 'heap' ? ctx.userSite(info.freeStack) : undefined;
  const requested = c.free ? 0 : (c.block?.requested ?? 0);
  let state: HeapChunk['state'];
  if (c.free) state = danglingTargets.some((to) => to >= c.start && to < c.start + c.size) ? 'dangling-target' : 'free';
  else {
    const leak = ctx.leaks().blocks.get(payload);
    state = leak === 'definite' || leak === 'indirect' ? 'leaked' : 'allocated';
  }
  const preview = c.free ? NO_BYTES : ctx.memory.read(payload, Math.min(requested, PREVIEW));
  // Built field by field (no spreads of optional parts): a snapshot makes one per block, thousands of them.
  const chunk: Mutable<HeapChunk> = { key: c.start, start: c.start, headerSize, payload, requested, size: c.size, state, mmapped: c.block?.mmapped ?? false, preview: hexBytes(preview.bytes), definedBytes: countDefined(preview.state) };
  if (record) chunk.blockId = record.id;
  if (alloc) {
    chunk.allocSite = alloc.site;
    chunk.allocFunction = alloc.function;
  }
  if (freed && c.free) {
    chunk.freeSite = freed.site;
    chunk.freeFunction = freed.function;
  }
  if (c.free) chunk.nextFree = c.nextFree ?? 0;
  return chunk;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const NO_BYTES = { bytes: new Uint8Array(0), state: new Uint8Array(0) };

export function heapView(ctx: ProcessContext, policy: string): HeapView {
  const allocator = ctx.process.heap.allocator;
  const stats = allocator.stats();
  return {
    policy,
    start: stats.heapStart || ctx.process.space.heapStart,
    brk: ctx.process.space.brk,
    freeList: allocator.freeList(),
    totalFree: stats.totalFree,
    largestFree: stats.largestFree,
    externalFragmentation: stats.externalFragmentation,
    allocatedBlocks: stats.allocatedBlocks,
    allocatedBytes: stats.allocatedBytes,
    lastSearch: allocator.lastSearch(),
  };
}

function countDefined(state: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < state.length; i++) if (state[i] === BYTE_DEFINED) n++;
  return n;
}
