// Disassembly of the text segment for VS Code's Disassembly view: the bytes are read from the process's
// memory (the program's real machine code, not the CPU's decoded cache, so breakpoint patches never
// show) and decoded with the ISA's own `decode` and `formatInstruction`.
//
// How it works. Instructions are counted in the decoded text's order (by address). A request asks for
// `count` instructions starting `instructionOffset` instructions away from the one at (or after) an
// address; positions before the first or after the last instruction are answered with placeholders, as
// the protocol asks for exactly `count` entries.

import type { Machine } from '../engine/machine/machine';
import { decode, formatInstruction } from '../engine/compile/isa';

export interface Disassembled {
  readonly address: number;
  /** Instruction bytes as hex, lowest address first ("" for a placeholder). */
  readonly bytes: string;
  readonly text: string;
  /** The function's name at its first instruction. */
  readonly symbol?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly valid: boolean;
}

/** Index of the first instruction at or after `address` (count when there is none). */
function firstAtOrAfter(machine: Machine, address: number): number {
  const text = machine.text;
  let lo = 0;
  let hi = text.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (text.address[mid]! < address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function disassemble(machine: Machine, address: number, instructionOffset: number, count: number): Disassembled[] {
  const text = machine.text;
  const start = firstAtOrAfter(machine, address) + instructionOffset;
  const out: Disassembled[] = [];
  for (let i = 0; i < count; i++) {
    const k = start + i;
    if (k < 0 || k >= text.count) {
      // Placeholders 8 bytes apart beyond the ends of the text, so every entry has a distinct address.
      const at = k < 0 ? text.textBase + 8 * k : text.textEnd + 8 * (k - text.count);
      out.push({ address: at, bytes: '', text: '(no instruction here)', valid: false });
      continue;
    }
    const at = text.address[k]!;
    const bytes = machine.readMemory(at, 16).bytes;
    const ins = decode(bytes, 0, at);
    const fn = machine.program.functions[text.func[k]!];
    const entry = machine.symbols.entry(k);
    out.push({
      address: at,
      bytes: ins ? Array.from(bytes.subarray(0, ins.length), (b) => b.toString(16).padStart(2, '0')).join(' ') : '',
      text: ins ? formatInstruction(ins) : '(bad instruction)',
      ...(fn && fn.address === at ? { symbol: fn.name } : {}),
      ...(entry.line > 0 && entry.file ? { file: entry.file, line: entry.line, column: entry.column } : {}),
      valid: ins !== null,
    });
  }
  return out;
}

/** True when an instruction starts at `address`. */
export function isInstruction(machine: Machine, address: number): boolean {
  const k = firstAtOrAfter(machine, address);
  return k < machine.text.count && machine.text.address[k] === address;
}
