import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../src/rate-limit.js';

describe('RateLimiter sharing', () => {
  it('keeps counts it could not share and sends them with the next share', async () => {
    const sent: Array<Record<string, number>> = [];
    const errors: unknown[] = [];
    let down = true;
    const limiter = new RateLimiter(
      60,
      async (added) => {
        if (down) throw new Error('database unreachable');
        sent.push(Object.fromEntries(added));
        return new Map();
      },
      (e) => errors.push(e),
      60_000,
    );
    try {
      const t = 1_000_000;
      for (let i = 0; i < 3; i++) assert.equal(limiter.take('k', t), 0);
      await limiter.shareNow(t);
      assert.equal(errors.length, 1);
      assert.deepEqual(sent, []);
      assert.equal(limiter.take('k', t), 0);
      down = false;
      await limiter.shareNow(t);
      assert.deepEqual(sent, [{ k: 4 }], 'the three from before the failure and the one after');
      await limiter.shareNow(t);
      assert.deepEqual(sent.at(-1), {}, 'nothing is sent twice');
    } finally {
      limiter.stop();
    }
  });

  it('drains a bucket by what other instances counted since it last looked, not before', async () => {
    // The database as two instances would see it: this one's counts and everyone else's.
    let mine = 0;
    let others = 0;
    const limiter = new RateLimiter(60, async (added, keys) => {
      mine += added.get('k') ?? 0;
      return new Map(keys.map((k) => [k, mine + others]));
    });
    try {
      const t = 2_000_000;
      assert.equal(limiter.take('k', t), 0); // 9 of 10 left
      others = 50; // counted elsewhere before this instance first looked: not held against it
      await limiter.shareNow(t);
      for (let i = 0; i < 4; i++) assert.equal(limiter.take('k', t), 0); // 5 left
      others += 5;
      await limiter.shareNow(t);
      assert.ok(limiter.take('k', t) > 0, 'the other instances’ five emptied the bucket');
    } finally {
      limiter.stop();
    }
  });
});
