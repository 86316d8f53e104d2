import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { LocalRecord } from './model.js';

let sharedStore: UseStore | undefined;
/** One IndexedDB database for every handover form on the origin; idb-keyval keeps one connection to it. */
export function store(): UseStore {
  return (sharedStore ??= createStore('c2c-handover-form', 'drafts'));
}

/**
 * How long an IndexedDB call may take, in milliseconds. A hung IndexedDB (a WebKit fault) never answers: a write
 * that waits longer is kept in localStorage instead, where the newer copy wins on the next read, and the form tells
 * the person when a read takes longer (it goes on waiting, as answering without the draft could store an empty form
 * over it). A property, so tests can shorten it.
 */
export const storagePatience = { ms: 4000 };

/** `promise`, or a `TimeoutError` once {@link storagePatience} has passed without an answer. */
export function inTime<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DOMException('IndexedDB did not answer in time.', 'TimeoutError')),
      storagePatience.ms,
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
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

/**
 * Reads a local record, following the pointer left under a learner's key once the hub gave it an id. A copy
 * stashed as the page went away wins when it is newer, and is moved into IndexedDB.
 */
export async function readRecord(key: string): Promise<LocalRecord | undefined> {
  let record: LocalRecord | undefined;
  try {
    record = await get<LocalRecord>(key, store());
    for (let hops = 0; record?.movedTo && hops < 3; hops++) record = await get<LocalRecord>(record.movedTo, store());
  } catch {
    // IndexedDB blocked (private browsing): a stash is all this device has.
  }
  for (const stashKey of new Set([key, record?.key ?? key])) {
    const stashed = readStash(stashKey);
    if (!stashed) continue;
    if (!record || Date.parse(stashed.changedAt) >= Date.parse(record.changedAt)) {
      try {
        record = await settleStash(stashed);
      } catch {
        // A discard's mark (see deleteRecord) outranks the copy it was made to remove.
        record = stashed.gone ? undefined : stashed;
        continue; // IndexedDB still refuses (a full disk, a hang): the stash stays, the only copy or the only mark.
      }
    }
    // Kept in IndexedDB now (or deleted there), or older than what is: either way the stash has done its job.
    dropStash(stashKey);
  }
  return record;
}

/**
 * Moves a stash into IndexedDB (a copy is written, a discard's mark deletes), unless IndexedDB by then holds a copy
 * changed after it, which is kept. Returns the copy that won, or undefined for a mark that did. Read and write are
 * one read-write transaction: another tab's save (typing after a discard, say) lands wholly before or after it, so
 * it is never deleted or overwritten on the strength of what was read a moment before.
 */
function settleStash(stashed: LocalRecord): Promise<LocalRecord | undefined> {
  return inTime(
    store()(
      'readwrite',
      (os) =>
        new Promise<LocalRecord | undefined>((resolve, reject) => {
          const read = os.get(stashed.key);
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            const current = read.result as LocalRecord | undefined;
            const newer = current && !current.movedTo && Date.parse(current.changedAt) > Date.parse(stashed.changedAt);
            if (!newer) {
              if (stashed.gone) os.delete(stashed.key);
              else os.put(stashed, stashed.key);
            }
            os.transaction.oncomplete = () => resolve(newer ? current : stashed.gone ? undefined : stashed);
            os.transaction.onabort = os.transaction.onerror = () => reject(os.transaction.error);
          };
        }),
    ),
  );
}

/** Writes a record to IndexedDB, and drops any stash of it that this write makes stale. */
export async function writeRecord(record: LocalRecord): Promise<void> {
  await inTime(set(record.key, record, store()));
  const stashed = readStash(record.key);
  if (stashed && Date.parse(stashed.changedAt) <= Date.parse(record.changedAt)) dropStash(record.key);
}

/*
 * An IndexedDB write started as the page goes away (a reload, a link followed in the same tab) is aborted
 * with the page, so the last second of typing would be lost. localStorage writes synchronously, so the
 * record is stashed there then, and moved back into IndexedDB by the next read. Only a record with changes
 * not yet in IndexedDB is stashed, and the stash is removed as soon as IndexedDB holds the same or newer.
 */
const STASH = 'c2c-handover-form|unsaved|';

export function stashedKeys(): string[] {
  try {
    return Object.keys(localStorage)
      .filter((k) => k.startsWith(STASH))
      .map((k) => k.slice(STASH.length));
  } catch {
    return [];
  }
}

/** Stashes a record in localStorage; false when that is full or blocked too. */
function stashRecord(record: LocalRecord): boolean {
  try {
    localStorage.setItem(STASH + record.key, JSON.stringify(record));
    return true;
  } catch {
    // Storage full or blocked: the IndexedDB write already asked for is the only chance left.
    return false;
  }
}

function readStash(key: string): LocalRecord | undefined {
  try {
    const text = localStorage.getItem(STASH + key);
    return text ? (JSON.parse(text) as LocalRecord) : undefined;
  } catch {
    return undefined;
  }
}

function dropStash(key: string): void {
  try {
    localStorage.removeItem(STASH + key);
  } catch {
    // Nothing to do: a stale stash loses to the newer IndexedDB copy on the next read.
  }
}

/**
 * Deletes a record. A mark that it is gone is stashed first, over any stash of it: a delete that IndexedDB does not
 * answer in time (a hang) may never happen, and without the mark the next read would bring back the draft someone
 * chose to discard. The next read deletes it again, and drops the mark once IndexedDB has.
 */
export async function deleteRecord(key: string): Promise<void> {
  const marked = stashRecord({ key, changedAt: new Date().toISOString(), gone: true } as LocalRecord);
  try {
    await inTime(del(key, store()));
  } catch (err) {
    if (marked) return;
    throw err;
  }
  dropStash(key);
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
  /**
   * The record the timer is for. The host may show another record by the time it fires (another learner opened
   * on the same element while a write was under way, with typing meanwhile): that typing belongs to this one.
   */
  private waiting: LocalRecord | undefined;
  private firstPendingAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly holds = new WeakMap<LocalRecord, Promise<unknown>>();
  /** Records whose hold has not settled: they may not yet hold this device's draft, so are never stashed. */
  private readonly holding = new WeakSet<LocalRecord>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getRecord: () => LocalRecord | undefined,
    /** `at` is undefined when neither IndexedDB nor localStorage would keep the record. */
    private readonly onSaved: (record: LocalRecord, at?: Date) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onHidden);
    window.addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onHidden);
    window.removeEventListener('pagehide', this.onPageHide);
    void this.flush();
  }

  private onHidden = () => {
    if (document.visibilityState === 'hidden') void this.flush();
  };

  // A reload or a link followed in the same tab fires pagehide while the page still counts as visible: the
  // last words typed are saved then, or never, and IndexedDB cannot finish in time, so they are stashed too.
  private onPageHide = () => {
    const record = this.waiting ?? this.getRecord();
    if (record && !this.idle && !this.holding.has(record)) stashRecord(record);
    void this.flush();
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
    this.holding.add(record);
    const settle = () => void this.holding.delete(record);
    this.holds.set(record, until.then(settle, settle));
  }

  /** Asks for a save of `record` (the host's current one by default) soon. Cheap enough to call on every keystroke. */
  schedule(record = this.getRecord()): void {
    // A change to another record than the one waiting: that one is written now, not forgotten.
    if (this.timer !== undefined && this.waiting !== record) void this.flush();
    this.waiting = record;
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
      const record = this.waiting;
      this.waiting = undefined;
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
    } catch {
      // Private browsing or a full disk: localStorage keeps the draft instead, until a read moves it back; when it
      // cannot either, the form says so.
      if (!stashRecord(record)) return this.onSaved(record);
    }
    this.onSaved(record, at);
  }
}
