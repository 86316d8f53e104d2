/** A marker put in an abort reason so the pipeline can tell its own timeout from the caller's abort. */
export class AttemptTimeout extends Error {
  constructor() {
    super('attempt timed out');
  }
}

/**
 * One controller per attempt, aborted by the caller's signal or by the attempt's timeout. Written by hand
 * rather than with `AbortSignal.any` and `AbortSignal.timeout` so it runs on every browser we support and
 * the timeout can be told apart from the caller's abort.
 */
export function attemptSignal(
  outer: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(outer!.reason);
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener('abort', onAbort, { once: true });
  }
  const timer =
    Number.isFinite(timeoutMs) && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new AttemptTimeout());
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
