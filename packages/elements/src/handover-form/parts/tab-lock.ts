/*
 * One tab at a time edits a draft. Two tabs (or windows) with the same learner's handover open would each write
 * their own copy to IndexedDB, and the last write would win: words typed in the other tab would be gone from the
 * device, and lost for good if that tab closed before reaching the hub. A Web Lock per draft, held while a form
 * shows it, lets the first tab edit and makes the others wait; when the first lets go (closed, moved on to
 * another learner), the next one is told and reopens the draft with everything the first one wrote.
 */

const PREFIX = 'c2c-handover-form|';

export class TabLock {
  private held: { name: string; release: () => void } | undefined;
  private waiting: AbortController | undefined;
  private asking: { name: string; answer: Promise<boolean> } | undefined;
  /** Bumped by every release, so an answer that arrives after it is let go of at once rather than kept. */
  private epoch = 0;

  /**
   * Takes the lock called `name` (releasing any other this form held). Resolves true when this form holds it,
   * false when another tab does; then `onFree` is called once that tab lets go and this form holds it. Where the
   * browser has no Web Locks (an insecure context), resolves true: the form edits, as it did before locks.
   */
  take(name: string, onFree: () => void): Promise<boolean> {
    if (this.held?.name === name) return Promise.resolve(true);
    // Asked again while the browser answers (the form reloaded): the same answer, not a second request that
    // would find this form's own lock taken.
    if (this.asking?.name === name) return this.asking.answer;
    this.release();
    const answer = this.ask(name, onFree, this.epoch);
    const asking = (this.asking = { name, answer });
    void answer.finally(() => {
      if (this.asking === asking) this.asking = undefined;
    });
    return answer;
  }

  private async ask(name: string, onFree: () => void, epoch: number): Promise<boolean> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return true;
    // The lock is held for as long as the promise this returns is pending; undefined lets it go at once.
    const hold = (lock: Lock | null) =>
      lock && epoch === this.epoch ? new Promise<void>((release) => (this.held = { name, release })) : undefined;
    const mine = await new Promise<boolean>((resolve) => {
      locks
        .request(PREFIX + name, { ifAvailable: true }, (lock) => {
          resolve(!!lock);
          return hold(lock);
        })
        // A page the browser will not give locks to (a sandboxed frame): edit, as before locks.
        .catch(() => resolve(true));
    });
    if (mine || epoch !== this.epoch) return mine;
    const waiting = (this.waiting = new AbortController());
    locks
      .request(PREFIX + name, { signal: waiting.signal }, (lock) => {
        this.waiting = undefined;
        const held = hold(lock);
        if (held) onFree();
        return held;
      })
      .catch(() => undefined); // aborted: this form moved on or left the page
    return false;
  }

  /** Lets go of the lock (the next tab waiting for it gets it), or stops waiting for it. */
  release(): void {
    this.epoch++;
    this.asking = undefined;
    this.waiting?.abort();
    this.waiting = undefined;
    this.held?.release();
    this.held = undefined;
  }
}
