// The Mini C grammar names memscope's library and kernel functions as support functions. The list in
// syntaxes/minic.tmLanguage.json is written out by hand, so this test holds it to the built-in headers:
// every function they declare must be highlighted, as a kernel call or a C library function.
// It tokenizes with vscode-textmate and oniguruma, the engine VS Code itself uses (both come with
// vscode-tmgrammar-test).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { HEADERS, KERNEL_FUNCTIONS } from '../../../src/engine/libc/index';

const GRAMMAR = join(__dirname, '..', '..', '..', 'syntaxes', 'minic.tmLanguage.json');

let loading: Promise<textmate.IGrammar> | undefined;
function minicGrammar(): Promise<textmate.IGrammar> {
  loading ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async () => textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
    });
    const grammar = await registry.loadGrammar('source.minic');
    if (!grammar) throw new Error('the Mini C grammar did not load');
    return grammar;
  })();
  return loading;
}

/** The scopes of the token starting at `column` of a one-line program. */
async function scopesAt(line: string, column: number): Promise<string[]> {
  const { tokens } = (await minicGrammar()).tokenizeLine(line, textmate.INITIAL);
  const token = tokens.find((t) => t.startIndex <= column && column < t.endIndex);
  return token ? token.scopes : [];
}

/** Functions the built-in headers declare (one prototype per line) and function-like macros users call. */
function declaredFunctions(): Set<string> {
  const names = new Set<string>();
  for (const text of HEADERS.values()) {
    for (const m of text.matchAll(/^(?:extern\s+)?[A-Za-z_][\w\s]*?[\s*]\**([a-z][a-z0-9_]*)\s*\(.*\);\s*$/gm)) names.add(m[1]!);
  }
  names.add('assert');
  return names;
}

describe('Mini C grammar and the library', () => {
  const kernel = new Set(KERNEL_FUNCTIONS);

  it('finds the library functions in the built-in headers', () => {
    const names = declaredFunctions();
    for (const expected of ['printf', 'malloc', 'free', 'strlen', 'qsort', 'mmap', 'fork']) assert.ok(names.has(expected), expected);
  });

  it('highlights every function of the built-in headers as a support function', async () => {
    const missing: string[] = [];
    for (const name of [...declaredFunctions()].sort()) {
      const scopes = await scopesAt(`  x = ${name}(y);`, 6);
      const wanted = kernel.has(name) ? 'support.function.syscall.minic' : 'support.function.C99.minic';
      if (!scopes.includes(wanted)) missing.push(`${name} (${scopes.join(' ')})`);
    }
    assert.deepEqual(missing, []);
  });

  it('does not highlight a user function that merely resembles one', async () => {
    assert.ok(!(await scopesAt('  x = printfx(y);', 6)).some((s) => s.startsWith('support.function')));
    assert.ok((await scopesAt('  x = printfx(y);', 6)).includes('entity.name.function.minic'));
    assert.ok(!(await scopesAt('  int malloc_count = 0;', 6)).some((s) => s.startsWith('support.function')));
  });
});
