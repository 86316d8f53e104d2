import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createStore, del, delMany, entries, get, set, type UseStore } from 'idb-keyval';
import type { LocalRecord } from './model.js';

let sharedStore: UseStore | undefined;
/** One IndexedDB database for every handover form on the origin; idb-keyval keeps one connection to it. */
function store(): UseStore {
  return (sharedStore ??= createStore('c2c-handover-form', 'drafts'));
}

/** Where a draft is kept on this device: one key per user (or role, offline) and handover or learner. */
export function recordKey(
  user: string,
  target: { handoverId?: string; learnerId?: string; transition?: string },
): string {
  return target.handoverId
    ? `${user}|handover|${target.handoverId}`
    : `${user}|learner|${target.learnerId}|${target.transition}`;
}

/** Reads a local record, following the pointer left under a learner's key once the hub gave it an id. */
export async function readRecord(key: string): Promise<LocalRecord | undefined> {
  let record = await get<LocalRecord>(key, store());
  for (let hops = 0; record?.movedTo && hops < 3; hops++) record = await get<LocalRecord>(record.movedTo, store());
  return record;
}

export function writeRecord(record: LocalRecord): Promise<void> {
  return set(record.key, record, store());
}

export function deleteRecord(key: string): Promise<void> {
  return del(key, store());
}

/**
 * Removes this device's copies of handovers the hub already has that were last saved here more than
 * `olderThanDays` ago, and the pointers left under a learner's key to them. A copy with changes the hub has not
 * got, or a submission waiting to be sent, stays whatever its age: it is the only copy of someone's work.
 * Returns how many entries were removed.
 */
export async function forgetSyncedRecords(olderThanDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - olderThanDays * 86_400_000;
  const all = await entries<string, LocalRecord>(store());
  const present = new Set(all.map(([key]) => key));
  const doomed = new Set<string>();
  for (const [key, record] of all) {
    if (record.movedTo) continue;
    const unsent = !record.handoverId || record.pending.save || !!record.pending.submit;
    const savedAt = Date.parse(record.savedLocallyAt ?? record.changedAt);
    if (!unsent && savedAt < cutoff) doomed.add(key);
  }
  for (const [key, record] of all)
    if (record.movedTo && (doomed.has(record.movedTo) || !present.has(record.movedTo))) doomed.add(key);
  if (doomed.size) await delMany([...doomed], store());
  return doomed.size;
}

/**
 * Saves the form's draft to IndexedDB within a second of any change: a short debounce while someone types,
 * with a ceiling so a long burst of typing is still saved every second. Flushes at once when the page is
 * hidden or the element leaves the page, so a closed tab or a crash loses at most the last second.
 */
export class AutosaveController implements ReactiveController {
  /** Debounce while typing. */
  delayMs = 300;
  /** Never let unsaved typing be older than this. */
  maxWaitMs = 1000;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly holds = new WeakMap<LocalRecord, Promise<unknown>>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getRecord: () => LocalRecord | undefined,
    private readonly onSaved: (record: LocalRecord, at: Date) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onHide);
    window.addEventListener('pagehide', this.onHide);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onHide);
    window.removeEventListener('pagehide', this.onHide);
    void this.flush();
  }

  private onHide = () => {
    if (document.visibilityState === 'hidden' || !document.visibilityState) void this.flush();
  };

  /** True while a change is waiting to be written. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** True when nothing is waiting to be written and no write is under way. */
  get idle(): boolean {
    return this.timer === undefined && this.inFlight === 0;
  }

  /**
   * Holds every write of `record` until `until` settles. The form shows a new learner's empty record at once
   * and fills it in place from this device's draft when the read comes back: a save asked for in between (a
   * keystroke's autosave, `saveNow()`, the page being hidden) must not store the empty form over that draft,
   * so it waits and then writes the record as it stands, draft and typing merged.
   */
  hold(record: LocalRecord, until: Promise<unknown>): void {
    this.holds.set(
      record,
      until.then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  /** Asks for a save soon. Cheap enough to call on every keystroke. */
  schedule(): void {
    const now = performance.now();
    if (this.timer === undefined) this.firstPendingAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.maxWaitMs - (now - this.firstPendingAt)));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Writes now (if anything is waiting) and resolves when the write is done. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      const record = this.getRecord();
      if (record) void this.save(record);
    }
    return this.writing;
  }

  /** Writes a record immediately, after any write already under way (and after its hold, if any). */
  save(record: LocalRecord): Promise<void> {
    this.inFlight++;
    this.writing = this.writing
      .then(() => this.holds.get(record))
      .then(() => this.write(record))
      .finally(() => this.inFlight--);
    return this.writing;
  }

  private async write(record: LocalRecord): Promise<void> {
    const at = new Date();
    record.savedLocallyAt = at.toISOString();
    try {
      // structuredClone snapshot: typing that continues during the write must not be half-stored.
      await writeRecord(structuredClone(record));
      this.onSaved(record, at);
    } catch {
      // Private browsing or a full disk: the hub copy still works, so the form carries on without local saves.
    }
  }
}
