import { storagePatience } from '../parts/autosave.js';

/**
 * Makes IndexedDB hang as a WebKit fault does: a write or delete is accepted and never completes, nor fails, while
 * reads still work. The form's storage patience is cut to `patienceMs` meanwhile, so a test waits that long, not
 * 4 s. Returns what puts both back; call it in a `finally` too (calling it twice is harmless).
 */
export function hangIndexedDbWrites(patienceMs = 200): () => void {
  const db = IDBDatabase.prototype;
  const transaction = db.transaction;
  const patience = storagePatience.ms;
  storagePatience.ms = patienceMs;
  db.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] !== 'readwrite') return transaction.apply(this, args);
    return {
      objectStore: () => ({ get: () => ({}), put: () => ({}), delete: () => ({}), transaction: {} }),
    } as unknown as IDBTransaction;
  } as IDBDatabase['transaction'];
  return () => {
    db.transaction = transaction;
    storagePatience.ms = patience;
  };
}
