// Hide sets (C11 6.10.3.4, after Dave Prosser's algorithm): the names of the macros a token came out of,
// which must not expand again when the token is rescanned.
//
// A hide set is a persistent linked list: adding a name makes one new cell that shares the rest, so
// every token of one expansion shares one set and a chain of thousands of macros costs one cell per
// step, not a fresh copy of an ever longer set. Lookups walk the list; real hide sets hold a few names.
// `HideSet` implements `ReadonlySet<string>`, the type `Token.hideSet` promises.

export class HideSet implements ReadonlySet<string> {
  readonly size: number;

  private constructor(private readonly name: string, private readonly rest: HideSet | undefined) {
    this.size = rest === undefined ? 1 : rest.size + 1;
  }

  /** `set` ∪ {name}; `set` itself when the name is already in it. */
  static add(set: ReadonlySet<string> | undefined, name: string): HideSet {
    const own = HideSet.from(set);
    return own !== undefined && own.has(name) ? own : new HideSet(name, own);
  }

  /** The same names as a HideSet (a foreign set is copied once). */
  static from(set: ReadonlySet<string> | undefined): HideSet | undefined {
    if (set === undefined || set.size === 0) return undefined;
    if (set instanceof HideSet) return set;
    let out: HideSet | undefined;
    for (const name of set) out = HideSet.add(out, name);
    return out;
  }

  /** a ∪ b. Shares `a` (or `b`) when the other adds nothing. */
  static union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): HideSet | undefined {
    if (b === undefined || b.size === 0 || a === b) return HideSet.from(a);
    if (a === undefined || a.size === 0) return HideSet.from(b);
    let out = HideSet.from(a);
    for (const name of b) out = HideSet.add(out, name);
    return out;
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
