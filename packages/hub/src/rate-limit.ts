/**
 * Adds this instance's counts per key (since the last call) to the shared record and returns every instance's
 * total so far for each key asked about.
 */
export type ShareUsage = (added: ReadonlyMap<string, number>, keys: readonly string[]) => Promise<Map<string, number>>;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per caller. Alone, it is held in this process's memory. Given `share` (several hub instances
 * on one database), each instance also adds its counts to the database about once a second and drains its
 * buckets by what the other instances counted for the same keys since it last looked, so the limit holds for
 * the whole cluster, give or take a second's worth of requests per instance.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Requests taken since the last share, per key. */
  private readonly unshared = new Map<string, number>();
  /** This instance's counts already shared, and the other instances' totals when last seen, per key. */
  private readonly shared = new Map<string, { mine: number; others: number | undefined }>();
  private sharing: Promise<void> | undefined;

  /**
   * `perMinute` requests a minute on average, with bursts of up to ten seconds' worth; 0 turns it off. With
   * `share`, the buckets hold across instances; `onShareError` hears when the database could not be reached
   * (the buckets then keep limiting this instance on its own, and the counts wait for the next share).
   */
  constructor(
    private readonly perMinute: number,
    private readonly share?: ShareUsage,
    private readonly onShareError?: (error: unknown) => void,
    shareEveryMs = 1000,
  ) {
    this.capacity = Math.max(10, Math.ceil(perMinute / 6));
    this.perMs = perMinute / 60_000;
    if (perMinute > 0) {
      this.timers.push(setInterval(() => this.sweep(), 60_000));
      if (share) this.timers.push(setInterval(() => void this.shareNow(), shareEveryMs));
      for (const t of this.timers) t.unref();
    }
  }

  /** False when limiting is turned off. */
  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (this.share) this.unshared.set(key, (this.unshared.get(key) ?? 0) + 1);
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** The seconds `key` must wait before its next request, without taking one (0 when it may go on). */
  waiting(key: string, now = Date.now()): number {
    if (this.perMinute <= 0 || !this.buckets.has(key)) return 0;
    const bucket = this.refill(key, now);
    return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /**
   * Shares this instance's counts and drains each bucket by the other instances' requests since the last look.
   * Runs on its own timer; callable directly (tests, shutdown). Concurrent calls share one round trip.
   */
  shareNow(now = Date.now()): Promise<void> {
    if (!this.share) return Promise.resolve();
    return (this.sharing ??= this.exchange(now).finally(() => (this.sharing = undefined)));
  }

  private async exchange(now: number): Promise<void> {
    const added = new Map(this.unshared);
    this.unshared.clear();
    const keys = [...this.buckets.keys()];
    if (!keys.length && !added.size) return;
    let totals: Map<string, number>;
    try {
      totals = await this.share!(added, keys);
    } catch (error) {
      // Not counted in yet: put them back for the next try.
      for (const [key, n] of added) this.unshared.set(key, (this.unshared.get(key) ?? 0) + n);
      this.onShareError?.(error);
      return;
    }
    for (const key of keys) {
      const seen = this.shared.get(key) ?? { mine: 0, others: undefined };
      seen.mine += added.get(key) ?? 0;
      const others = (totals.get(key) ?? 0) - seen.mine;
      // The first look only sets the mark: what others did before this instance met the key is in the past.
      if (seen.others !== undefined && others > seen.others) this.refill(key, now).tokens -= others - seen.others;
      seen.others = others;
      this.shared.set(key, seen);
    }
  }

  private refill(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(key, bucket);
    return bucket;
  }

  private sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets)
      if (now - bucket.at > 120_000 && !this.unshared.has(key)) {
        this.buckets.delete(key);
        this.shared.delete(key);
      }
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
