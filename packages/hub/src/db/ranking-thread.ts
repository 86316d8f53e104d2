import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { RANKING_WORKER_SOURCE } from './ranking-worker.js';

/** A ranking's columns, as `ranking-worker` sends them. */
export interface RankingColumns {
  seqs: Int32Array;
  minAge: Float64Array;
  maxAge: Float64Array;
  free: Uint8Array;
}

/**
 * The hub's side of the ranking thread (`ranking-worker.ts`): one worker per SQLite file, started on first use. If the worker cannot
 * start or dies, `run` rejects and the store ranks on its own connection instead, as it would without one.
 */
export class RankingThread {
  private worker: Worker | undefined;
  private broken = false;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(c: RankingColumns): void; reject(e: Error): void }>();

  constructor(private readonly path: string) {}

  /** False once the worker has failed: callers then stop asking. */
  get usable(): boolean {
    return !this.broken;
  }

  run(sqlText: string, parameters: readonly unknown[]): Promise<RankingColumns> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, sql: sqlText, parameters });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The driver is resolved here, where the hub's dependencies are, and handed to the worker by path.
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(RANKING_WORKER_SOURCE, { eval: true, workerData: { path: this.path, driver } });
    worker.unref();
    worker.on('message', (m: { id: number; error?: string } & Partial<RankingColumns>) => {
      const waiter = this.waiting.get(m.id);
      if (!waiter) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) waiter.reject(new Error(m.error));
      else waiter.resolve({ seqs: m.seqs!, minAge: m.minAge!, maxAge: m.maxAge!, free: m.free! });
    });
    const fail = (error: Error) => {
      this.broken = true;
      this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`the ranking worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }
}
