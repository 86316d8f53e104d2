/** Waiting in the handover form's browser tests: for a time, or until something holds. */

/** Where a record is stashed as the page goes away (parts/autosave.ts keeps its own copy, not exported). */
export const STASH = 'c2c-handover-form|unsaved|';

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once `check` holds, looking every 10 ms; fails, naming the check, after `ms`. Generous: CI shares two cores
 * between Chromium, two test pages and esbuild, and a wait cut short there fails a test that is right.
 */
export async function until(check: () => unknown, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${check.toString()}`);
    await tick(10);
  }
}
