// Which library sources a program needs, decided before compiling them, as a linker decides which
// object files of a static library to pull in: only one that defines a name still undefined.
//
// How it works. A library source is memscope's own C (libc/sources.ts). `fileScopeNames` lists every
// identifier that appears outside braces in its text (comments, strings and preprocessor lines left
// out): that includes the name of each function and object it defines, since C defines them only at
// file scope, and more (types, parameters), which can only make a source compiled when it was not
// needed, never skipped when it was. `undefinedReferences` lists the names a compiled unit uses without
// defining them. compile/index.ts compiles the user's file, then each library source whose names meet
// those references, then the ones the library units themselves refer to, until nothing new is needed.
// Why: compiling the library with every program cost 70-130 ms of a `memscope run`'s start-up (the
// compiler's first run in a process is slow), and most programs use none of it.

import type { TranslationUnit } from '../lang/ast';

const scanned = new Map<string, ReadonlySet<string>>();

/** Every identifier outside braces in a C source (a superset of the names it defines). */
export function fileScopeNames(text: string): ReadonlySet<string> {
  const known = scanned.get(text);
  if (known) return known;
  const names = new Set<string>();
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
    } else if (c === '#' && atLineStart(text, i)) {
      // A directive, with its continuation lines.
      while (i < text.length) {
        const end = lineEnd(text, i);
        const continued = text[end - 1] === '\\';
        i = end + 1;
        if (!continued) break;
      }
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /\w/.test(text[j]!)) j++;
      if (depth === 0) names.add(text.slice(i, j));
      i = j;
    } else i++;
  }
  scanned.set(text, names);
  return names;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

function atLineStart(text: string, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    if (text[k] === '\n') return true;
    if (text[k] !== ' ' && text[k] !== '\t') return false;
  }
  return true;
}

/**
 * Names a unit uses but does not define for the linker: functions without a definition here (or with
 * only a C11 inline definition, which defines nothing for the linker) and objects only declared extern.
 */
export function undefinedReferences(unit: TranslationUnit): string[] {
  const out: string[] = [];
  for (const fn of unit.functionSymbols) {
    if (fn.used && !fn.isStatic && (!fn.def || !fn.externalDeclaration)) out.push(fn.name);
  }
  for (const v of unit.globals) if (v.used && !v.isStatic && !v.defined) out.push(v.name);
  return out;
}
