import type { LocalRecord } from './model.js';
import { inTime, readRecord, stashedKeys, store } from './autosave.js';

/*
 * The retention sweep, a chunk of its own: it runs once the page is idle after the form is painted (or when a host
 * asks), so the form's first load does not carry it.
 */

/**
 * Removes this device's copies of handovers the hub already has that were last saved here more than
 * `olderThanDays` ago, and the pointers left under a learner's key to them. A copy with changes the hub has not
 * got, or a submission waiting to be sent, stays whatever its age: it is the only copy of someone's work.
 * Returns how many entries were removed.
 */
export async function forgetSyncedRecords(olderThanDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - olderThanDays * 86_400_000;
  // Stashes left by pages that closed go into IndexedDB first (or away, if IndexedDB is newer), so no copy of a
  // child's details lingers in localStorage, and retention below sees every copy.
  for (const key of stashedKeys()) await readRecord(key);
  // Read and delete in one read-write transaction: IndexedDB runs another tab's write to the store wholly before
  // or after it, so a copy saved again (a teacher reopening an old handover) between the read and the delete is
  // never deleted on the strength of its old date.
  return inTime(
    store()(
      'readwrite',
      (os) =>
        new Promise<number>((resolve, reject) => {
          const keys = os.getAllKeys();
          const values = os.getAll();
          values.onerror = () => reject(values.error);
          values.onsuccess = () => {
            const all = (keys.result as string[]).map((key, i) => [key, values.result[i] as LocalRecord] as const);
            const doomed = expired(all, cutoff);
            for (const key of doomed) os.delete(key);
            os.transaction.oncomplete = () => resolve(doomed.size);
            os.transaction.onabort = os.transaction.onerror = () => reject(os.transaction.error);
          };
        }),
    ),
  );
}

/** The keys of synced copies last saved before `cutoff`, and of the pointers left to them or to nothing. */
function expired(all: readonly (readonly [string, LocalRecord])[], cutoff: number): Set<string> {
  const present = new Set(all.map(([key]) => key));
  const doomed = new Set<string>();
  for (const [key, record] of all) {
    if (record.movedTo) continue;
    const unsent = !record.handoverId || record.pending.save || !!record.pending.submit || !!record.pending.heldBack;
    const savedAt = Date.parse(record.savedLocallyAt ?? record.changedAt);
    if (!unsent && savedAt < cutoff) doomed.add(key);
  }
  for (const [key, record] of all)
    if (record.movedTo && (doomed.has(record.movedTo) || !present.has(record.movedTo))) doomed.add(key);
  return doomed;
}
