/** One timer the code under test set, held back by {@link holdTimers}. */
export interface HeldTimer {
  /** The delay it asked for, in milliseconds. */
  readonly ms: number;
  /** `pending` until the test releases it (`fired`) or the code clears it (`cleared`). */
  readonly state: 'pending' | 'fired' | 'cleared';
  /** Ends the wait now: runs the callback, unless the timer was already cleared or fired. */
  release(): void;
}

/**
 * Holds back every timer whose delay `hold` picks, instead of letting the clock end it: the test sees which waits
 * the code asked for, and decides when (and whether) each one ends. Other timers run as usual. A test then checks
 * what happened and in what order, never how long it took, so a loaded machine cannot change its result. Pick exact,
 * unusual delays: the process's own timers (fetch's, the fake server's) must not be caught.
 */
export function holdTimers(hold: (ms: number) => boolean) {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const held: HeldTimer[] = [];
  const byHandle = new Map<unknown, { state: HeldTimer['state'] }>();
  let waiters: Array<() => void> = [];

  globalThis.setTimeout = ((fn: unknown, ms?: number, ...args: unknown[]) => {
    const delay = Number(ms) || 0;
    if (typeof fn !== 'function' || !hold(delay)) return realSet(fn as () => void, ms, ...args);
    // A real handle that never fires by itself, so code that clears, refreshes or unrefs it works unchanged.
    // Unreferenced: a wait the test never ends must not keep the process alive.
    const handle = realSet(() => {}, 2 ** 31 - 1);
    handle.unref();
    const timer = {
      ms: delay,
      state: 'pending' as HeldTimer['state'],
      release() {
        if (timer.state !== 'pending') return;
        timer.state = 'fired';
        realClear(handle);
        (fn as (...a: unknown[]) => void)(...args);
      },
    };
    byHandle.set(handle, timer);
    held.push(timer);
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle?: Parameters<typeof clearTimeout>[0]) => {
    const timer = byHandle.get(handle);
    if (timer?.state === 'pending') timer.state = 'cleared';
    realClear(handle);
  }) as typeof clearTimeout;

  return {
    /** Every timer held so far, in the order they were set. */
    held: held as readonly HeldTimer[],
    /** The held timers still waiting. */
    pending: () => held.filter((t) => t.state === 'pending'),
    /** The first pending held timer, now or once one is set; with `from`, only among those set after the first `from`. */
    async next(from = 0): Promise<HeldTimer> {
      for (;;) {
        const found = held.find((t, i) => i >= from && t.state === 'pending');
        if (found) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
    /** Ends every pending held wait. */
    releaseAll(): void {
      for (const t of held) t.release();
    },
    /** Puts the real timers back. Held timers stay as they are. */
    restore(): void {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

/** `promise`'s outcome, whether it resolved or rejected, for racing it against a held timer. */
export const outcome = <T>(promise: Promise<T>): Promise<{ settled: true; value?: T; error?: unknown }> =>
  promise.then(
    (value) => ({ settled: true, value }),
    (error: unknown) => ({ settled: true, error }),
  );
