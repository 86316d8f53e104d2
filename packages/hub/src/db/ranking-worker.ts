/**
 * The code of the thread that ranks text searches on SQLite, on its own read-only connection. better-sqlite3 is
 * synchronous: ranking every match of a broad word takes tens of milliseconds, and on the hub's thread that held
 * up every other request. WAL lets this connection read while the hub's one writes.
 *
 * It is plain JavaScript run with `eval`, so the same text works from the TypeScript sources (under tsx, whose
 * loader worker threads do not get) and from the built package. It receives `{ id, sql, parameters }` for a query
 * whose columns are (seq, min_age, max_age, free) and answers `{ id, seqs, minAge, maxAge, free }` as transferred
 * typed arrays (NULL ages as NaN), or `{ id, error }`. `workerData` holds the database file and the resolved path
 * of better-sqlite3.
 */
export const RANKING_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.path, { readonly: true, fileMustExist: true });
database.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', (message) => {
  try {
    let statement = statements.get(message.sql);
    if (!statement) {
      statement = database.prepare(message.sql).raw(true);
      statements.set(message.sql, statement);
    }
    const rows = statement.all(...message.parameters);
    const seqs = new Int32Array(rows.length);
    const minAge = new Float64Array(rows.length);
    const maxAge = new Float64Array(rows.length);
    const free = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [seq, lo, hi, isFree] = rows[i];
      seqs[i] = Number(seq);
      minAge[i] = lo === null ? NaN : Number(lo);
      maxAge[i] = hi === null ? NaN : Number(hi);
      free[i] = Number(isFree);
    }
    parentPort.postMessage({ id: message.id, seqs, minAge, maxAge, free }, [seqs.buffer, minAge.buffer, maxAge.buffer, free.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: error && error.message ? error.message : String(error) });
  }
});
`;
