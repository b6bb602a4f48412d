// Hide sets (C11 6.10.3.4, after Dave Prosser's algorithm): the names of the macros a token came out of,
// which must not expand again when the token is rescanned.
//
// A hide set is a persistent linked list: adding a name makes one new cell that shares the rest, so
// every token of one expansion shares one set and a chain of thousands of macros costs one cell per
// step, not a fresh copy of an ever longer set. Lookups walk the list; real hide sets hold a few names.
// Cells are interned (a cell keeps the cells made from it by adding one name), so the same names added
// in the same order give the same object and `union` is mostly an identity test.
// `HideSet` implements `ReadonlySet<string>`, the type `Token.hideSet` promises.

export class HideSet implements ReadonlySet<string> {
  readonly size: number;
  /** The cells made by adding one name to this one (see `add`). */
  private children: Map<string, HideSet> | undefined;

  private constructor(private readonly name: string, private readonly rest: HideSet | undefined) {
    this.size = rest === undefined ? 1 : rest.size + 1;
  }

  /**
   * `set` ∪ {name}; `set` itself when the name is already in it. `roots` interns the one-name sets of
   * one preprocessing run (larger sets are interned in their parent cell).
   */
  static add(set: ReadonlySet<string> | undefined, name: string, roots?: Map<string, HideSet>): HideSet {
    const own = HideSet.from(set);
    if (own !== undefined && own.has(name)) return own;
    const children = own === undefined ? roots : (own.children ??= new Map());
    if (children === undefined) return new HideSet(name, own);
    let cell = children.get(name);
    if (cell === undefined) {
      cell = new HideSet(name, own);
      children.set(name, cell);
    }
    return cell;
  }

  /** The same names as a HideSet (a foreign set is copied once). */
  static from(set: ReadonlySet<string> | undefined): HideSet | undefined {
    if (set === undefined || set.size === 0) return undefined;
    if (set instanceof HideSet) return set;
    let out: HideSet | undefined;
    for (const name of set) out = HideSet.add(out, name);
    return out;
  }

  /** a ∪ b. Shares `a` or `b` when one already holds the other, which is the usual case. */
  static union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): HideSet | undefined {
    const x = HideSet.from(a);
    const y = HideSet.from(b);
    if (x === undefined || x === y) return y;
    if (y === undefined) return x;
    if (y.extends(x)) return y;
    if (x.extends(y)) return x;
    let [out, other]: [HideSet, HideSet | undefined] = x.size >= y.size ? [x, y] : [y, x];
    for (; other !== undefined; other = other.rest) out = HideSet.add(out, other.name);
    return out;
  }

  /** Whether this list was built by adding names to `other` (so it holds all of it): a pointer walk. */
  private extends(other: HideSet): boolean {
    let cell: HideSet | undefined = this;
    for (let steps = this.size - other.size; steps > 0 && cell !== undefined; steps--) cell = cell.rest;
    return cell === other;
  }

  /** a ∩ b, as Prosser's algorithm takes for a function-like macro's name and closing parenthesis. */
  static intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): HideSet | undefined {
    if (a === undefined || b === undefined) return undefined;
    if (a === b) return HideSet.from(a);
    let out: HideSet | undefined;
    for (const name of a) if (b.has(name)) out = HideSet.add(out, name);
    return out;
  }

  has(name: string): boolean {
    for (let cell: HideSet | undefined = this; cell !== undefined; cell = cell.rest) {
      if (cell.name === name) return true;
    }
    return false;
  }

  *values(): SetIterator<string> {
    for (let cell: HideSet | undefined = this; cell !== undefined; cell = cell.rest) yield cell.name;
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const name of this.values()) yield [name, name];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const name of this.values()) callback.call(thisArg, name, name, this);
  }
}
