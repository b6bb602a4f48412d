// Completions in the debug console: the memscope commands after a `:`, otherwise the names a C
// expression can use at this stop (variables in scope, globals, functions), matching the word typed.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Machine } from '../engine/machine/machine';
import type { FrameInfo } from '../engine/machine/frames';
import { expressionScope } from '../engine/debug/scope';
import type { ConsoleCommand } from './console-commands';

/** Completion targets for `text` with the cursor at 1-based `column`. */
export function completionsAt(machine: Machine, text: string, column: number, frame: FrameInfo | undefined, commands: readonly ConsoleCommand[]): DebugProtocol.CompletionItem[] {
  const before = text.slice(0, Math.max(0, column - 1));
  if (before.trimStart().startsWith(':') && !/\s/.test(before.trim())) {
    const typed = before.trim();
    return commands.filter((c) => c.name.startsWith(typed)).map((c) => ({ label: c.name, text: c.name, detail: c.help, type: 'function', start: before.indexOf(':'), length: typed.length }));
  }
  const word = /[A-Za-z_]\w*$/.exec(before)?.[0] ?? '';
  const afterMember = /(\.|->)\s*[A-Za-z_]*$/.test(before);
  if (afterMember) return [];
  const names = new Map<string, DebugProtocol.CompletionItemType>();
  for (let s: ReturnType<typeof expressionScope>['scope'] | null = expressionScope(machine, frame).scope; s; s = s.parent) {
    for (const [name, meaning] of s.names) {
      if (!names.has(name) && name.startsWith(word)) names.set(name, meaning.kind === 'func' ? 'function' : meaning.kind === 'typedef' ? 'class' : meaning.kind === 'enum-const' ? 'enum' : 'variable');
    }
  }
  return [...names].sort(([a], [b]) => a.localeCompare(b)).slice(0, 200).map(([label, type]) => ({ label, type, start: before.length - word.length, length: word.length }));
}
