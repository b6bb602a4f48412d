// C expressions found in source text, for the editor's debugging features: the expression under the
// mouse for a hover (`p->next->val` when hovering `val`, `p->next` when hovering `next`, `a[i]` on the
// bracket), and where each variable last appears above the stop, for inline values. Plain text work,
// without VS Code, so it is tested in Node.

const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if',
  'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', '_Bool', 'NULL',
]);

/** An identifier followed by member accesses and subscripts: `a`, `p->next.val`, `grid[i][j]`. */
const CHAIN = /[A-Za-z_]\w*(?:\s*(?:\.|->)\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*/g;

/**
 * The expression to evaluate when hovering column `character` (0-based) of `line`: the chain up to the
 * end of the word (or subscript) under the cursor. Undefined over keywords, numbers and strings.
 */
export function expressionAt(line: string, character: number): { start: number; end: number; expression: string } | undefined {
  if (insideLiteral(line, character)) return undefined;
  for (const m of line.matchAll(CHAIN)) {
    const start = m.index!;
    const text = m[0];
    if (character < start || character >= start + text.length) continue;
    // Inside a subscript the hovered thing is the index expression's own word (`i` in `grid[i]`).
    const before = text.slice(0, character - start);
    if (line[character] !== ']' && (before.match(/\[/g) ?? []).length > (before.match(/\]/g) ?? []).length) {
      const wordStart = character - /\w*$/.exec(before)![0].length;
      const wordEnd = character + /^\w*/.exec(line.slice(character))![0].length;
      const word = line.slice(wordStart, wordEnd);
      return word && !KEYWORDS.has(word) && /^[A-Za-z_]/.test(word) ? { start: wordStart, end: wordEnd, expression: word } : undefined;
    }
    // Cut after the word or subscript that contains the cursor.
    const rest = text.slice(character - start);
    const word = /^\w*/.exec(rest)![0];
    let end = character + word.length;
    if (word === '' && line[character] === ']') end = character + 1;
    else if (word === '') {
      const close = findClose(line, character);
      if (close < 0) return undefined;
      end = close + 1;
    }
    const expression = line.slice(start, end).trim();
    if (expression === '' || KEYWORDS.has(expression) || /^\d/.test(expression)) return undefined;
    return { start, end, expression };
  }
  return undefined;
}

function findClose(line: string, from: number): number {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    if (line[i] === '[') depth++;
    else if (line[i] === ']') {
      depth--;
      if (depth <= 0) return i;
    } else if (depth === 0 && !/[\s.>-]/.test(line[i]!)) return -1;
  }
  return -1;
}

function insideLiteral(line: string, character: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < character && i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '/' && line[i + 1] === '/') return true;
  }
  return quote !== undefined;
}

/**
 * For each of `names`, the last line in [fromLine, toLine] (0-based, inclusive) where it appears as a
 * whole word outside comments and strings: where an inline value for it belongs.
 */
export function lastAppearances(lines: readonly string[], fromLine: number, toLine: number, names: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  for (let n = Math.max(0, fromLine); n <= Math.min(toLine, lines.length - 1); n++) {
    const code = stripLiterals(lines[n]!);
    for (const m of code.matchAll(/[A-Za-z_]\w*/g)) if (names.has(m[0])) found.set(m[0], n);
  }
  return found;
}

function stripLiterals(line: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      out += ' ';
    } else if (c === '"' || c === "'") {
      quote = c;
      out += ' ';
    } else if (c === '/' && line[i + 1] === '/') break;
    else out += c;
  }
  return out;
}
