// The page reference string of a run, for the `opt` policy's look into the future.
//
// How it works. Belady's optimal policy needs to know when each page will next be used. memscope runs are
// deterministic, so the future can be recorded: a first run of the same program with a one-entry TLB
// sees every change of page as a TLB miss (consecutive accesses to one page are hits and do not matter to
// any policy), and each miss records "process pid touched virtual page vpn at instruction t". Privileged
// accesses (the kernel touching user memory for malloc or memcheck) are recorded too. The instruction
// count is the clock shared by both runs: replacement never changes which instructions run, only how long
// they take. `next` then answers with a binary search in the page's list of times.
//
// Cost: one number per page change in the first run (a loop alternating between a stack page and an
// array page records two per iteration), kept in growing typed arrays per page.

export class ReferenceString {
  private readonly times = new Map<string, { at: Float64Array; length: number }>();
  private lastKey = '';
  /** Number of references recorded. */
  count = 0;
  /** True once the recording run has finished (references after its end are unknown: never). */
  complete = false;

  /** Records a reference (consecutive references to the same page count once). */
  record(pid: number, vpn: number, now: number): void {
    const key = `${pid}:${vpn}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    let list = this.times.get(key);
    if (!list) {
      list = { at: new Float64Array(16), length: 0 };
      this.times.set(key, list);
    }
    if (list.length > 0 && list.at[list.length - 1] === now) return;
    if (list.length === list.at.length) {
      const grown = new Float64Array(list.at.length * 2);
      grown.set(list.at);
      list.at = grown;
    }
    list.at[list.length++] = now;
    this.count++;
  }

  /** First recorded reference to (pid, vpn) at or after instruction `now`; Infinity if none. */
  next(pid: number, vpn: number, now: number): number {
    const list = this.times.get(`${pid}:${vpn}`);
    if (!list || list.length === 0) return Infinity;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list.at[mid]! < now) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list.at[lo]! : Infinity;
  }
}
