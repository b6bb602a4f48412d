// Standard input recorded as it is read, so that two runs of one program can read the same bytes.
//
// How it works. The `opt` replacement policy runs the program twice (memory/reference-string.ts): the
// first run, made when the second first needs to evict a page, must read exactly the input the second
// reads. Every byte taken from the real input is appended to the tape; each reader has its own position
// and reads from the tape first, from the real input (recording it) once it has caught up.

export class StdinTape {
  private readonly bytes: number[] = [];

  constructor(private readonly source: () => number) {}

  /** A reader starting at the beginning of the input. */
  reader(): () => number {
    let at = 0;
    return () => {
      if (at < this.bytes.length) return this.bytes[at++]!;
      const b = this.source();
      if (b >= 0) {
        this.bytes.push(b);
        at++;
      }
      return b;
    };
  }
}
