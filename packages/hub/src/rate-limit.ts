/**
 * A token bucket per caller, held in this process's memory. With several hub instances each keeps its own
 * buckets, so the effective limit is the per-instance limit times the number of instances.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly sweeper: NodeJS.Timeout | undefined;

  /** `perMinute` requests a minute on average, with bursts of up to ten seconds' worth; 0 turns it off. */
  constructor(private readonly perMinute: number) {
    this.capacity = Math.max(10, Math.ceil(perMinute / 6));
    this.perMs = perMinute / 60_000;
    if (perMinute > 0) {
      this.sweeper = setInterval(() => this.sweep(), 60_000);
      this.sweeper.unref();
    }
  }

  /** False when limiting is turned off. */
  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 120_000) this.buckets.delete(key);
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
