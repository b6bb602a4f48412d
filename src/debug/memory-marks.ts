// The source lines worth marking at a stop, read from the snapshot: where a leaked block was allocated,
// where a block that a pointer still aims at was freed, and where a function returned whose frame a
// pointer still aims into. Plain data from the snapshot: the adapter answers `memscope/marks` with it
// (session.ts), which the decorations (decorations.ts) ask for at each stop.

import type { Snapshot } from '../engine/snapshot/types';
import type { MemoryMark } from '../protocol/messages';

export type { MemoryMark };

export function memoryMarks(snapshot: Snapshot): MemoryMark[] {
  const marks: MemoryMark[] = [];
  const file = (index: number) => snapshot.files[index];
  for (const p of snapshot.processes) {
    // Leaked blocks by the line that allocated them: a loop that leaks a thousand blocks marks its line once.
    const leaks = new Map<string, { file: string; line: number; blocks: { id: number | undefined; bytes: number }[] }>();
    for (const c of p.chunks) {
      const where = c.state === 'leaked' ? c.allocSite : c.state === 'dangling-target' ? c.freeSite : undefined;
      const path = where ? file(where.file) : undefined;
      if (!where || !path || where.line <= 0) continue;
      if (c.state === 'leaked') {
        const key = `${path}:${where.line}`;
        const group = leaks.get(key) ?? { file: path, line: where.line, blocks: [] };
        group.blocks.push({ id: c.blockId, bytes: c.requested });
        leaks.set(key, group);
      } else {
        const holders = p.pointers.filter((e) => e.verdict === 'dangling-heap' && e.to >= c.start && e.to < c.start + c.size).map((e) => e.fromName);
        marks.push({ kind: 'dangling', file: path, line: where.line, message: `freed here, but ${holders.join(', ') || 'a pointer'} still points into block #${c.blockId ?? '?'}` });
      }
    }
    for (const g of leaks.values()) marks.push({ kind: 'leak', file: g.file, line: g.line, message: leakMessage(g.blocks) });
    for (const f of p.stack.filter((s) => s.dead)) {
      const path = file(f.site.file);
      if (!path || f.site.line <= 0) continue;
      const holders = p.pointers.filter((e) => e.verdict === 'dangling-stack' && e.to >= f.low && e.to < f.high).map((e) => e.fromName);
      marks.push({ kind: 'dangling', file: path, line: f.site.line, message: `${f.function}() returned, but ${holders.join(', ') || 'a pointer'} still points into its frame` });
    }
  }
  return marks;
}

const IDS_SHOWN = 3;

function leakMessage(blocks: readonly { id: number | undefined; bytes: number }[]): string {
  const [only] = blocks;
  if (blocks.length === 1 && only) return `leaked: the ${only.bytes}-byte block #${only.id ?? '?'} allocated here is unreachable and can never be freed`;
  const ids = blocks.slice(0, IDS_SHOWN).map((b) => `#${b.id ?? '?'}`).join(', ') + (blocks.length > IDS_SHOWN ? ', …' : '');
  const total = blocks.reduce((n, b) => n + b.bytes, 0);
  return `leaked: ${blocks.length} blocks allocated here (${ids}; ${total} bytes in all) are unreachable and can never be freed`;
}
