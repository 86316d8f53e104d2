/**
 * The ORUK reader sends its attempts on plain fetch, the hub client through ky; both must follow the one retry
 * policy. Each script of faults is played to a hub client's GET and to a feed search with the same options, and
 * both must end the same way after the same number of requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServicesClient } from '@c2c/sdk/services';
import { createOrukReader } from '@c2c/sdk/oruk';
import { drop, fakeServer, reply, slow, stall, type Behaviour } from './fake-server.js';

const page = { contents: [], total_items: 0, total_pages: 1, page_number: 1 };
const ok = reply(200, page);
const options = { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 1_000, retries: 2, maxRetryAfterMs: 1_000 };

describe('the ORUK reader retries as the hub client does', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  before(async () => {
    server = await fakeServer();
  });
  after(() => server.close());

  /** How one call ended (the error's name, code and status, or `ok`) and how many requests it sent. */
  async function play(
    script: Behaviour[],
    call: (signal: AbortSignal) => Promise<unknown>,
    signal = new AbortController().signal,
  ) {
    server.reset();
    server.queue(...script);
    const ended = await call(signal).then(
      () => 'ok',
      (e: { name?: string; code?: string; status?: number }) => `${e.name} ${e.code} ${e.status}`,
    );
    return { ended, requests: server.seen.length };
  }

  const both = async (script: Behaviour[], extra: Partial<typeof options> = {}) => {
    const hub = createServicesClient({ baseUrl: server.url, validation: 'off', ...options, ...extra });
    const feed = createOrukReader(server.url, { ...options, ...extra });
    return {
      hub: await play(script, (signal) => hub.get('s1', { signal })),
      feed: await play(script, (signal) => feed.search({}, { signal })),
    };
  };

  const cases: Array<[string, Behaviour[], Partial<typeof options>, { ended: string; requests: number }]> = [
    ['a dropped connection, then a 503, then an answer', [drop, reply(503, {}), ok], {}, { ended: 'ok', requests: 3 }],
    [
      'a 503 every time, until the retries run out',
      [reply(503, {}), reply(503, {}), reply(503, {})],
      {},
      { ended: 'ApiError unavailable 503', requests: 3 },
    ],
    ['a 404, which is not retried', [reply(404, {})], {}, { ended: 'NotFoundError not_found 404', requests: 1 }],
    [
      'a 400, which is not retried',
      [reply(400, {})],
      {},
      { ended: 'ValidationError validation_failed 400', requests: 1 },
    ],
    [
      'a 429 with a Retry-After of 0, then an answer',
      [reply(429, {}, { 'retry-after': '0' }), ok],
      {},
      { ended: 'ok', requests: 2 },
    ],
    [
      'a 429 with a Retry-After past maxRetryAfterMs, given back at once',
      [reply(429, {}, { 'retry-after': '60' })],
      {},
      { ended: 'RateLimitError rate_limited 429', requests: 1 },
    ],
    [
      'no answer within the time limit, then an answer',
      [slow(10_000, ok), ok],
      { timeoutMs: 500 },
      { ended: 'ok', requests: 2 },
    ],
    [
      'a body that stalls half way, then an answer',
      [stall(page), ok],
      { timeoutMs: 500 },
      { ended: 'ok', requests: 2 },
    ],
    [
      'a dropped connection with retries: 0',
      [drop],
      { retries: 0 },
      { ended: 'NetworkError network_error undefined', requests: 1 },
    ],
  ];
  for (const [what, script, extra, expected] of cases)
    it(what, async () => {
      const { hub, feed } = await both(script, extra);
      assert.deepEqual(hub, expected, 'the hub client');
      assert.deepEqual(feed, expected, 'the ORUK reader');
    });

  it('a cancel during the wait before a retry ends the call with its reason and sends nothing more', async () => {
    const waitLong = { ...options, backoffBaseMs: 60_000, backoffMaxMs: 60_000 };
    const reason = Object.assign(new Error('the family left the page'), { name: 'Cancelled' });
    const cancelled = async (call: (signal: AbortSignal, onResponse: () => void) => Promise<unknown>) => {
      const controller = new AbortController();
      // Aborted once the first answer (a 503) is in, so the call is waiting for its retry.
      return play(
        [reply(503, {})],
        (signal) => call(signal, () => setTimeout(() => controller.abort(reason))),
        controller.signal,
      );
    };
    const fromHub = await cancelled((signal, onResponse) =>
      createServicesClient({ baseUrl: server.url, validation: 'off', ...waitLong, onResponse }).get('s1', { signal }),
    );
    const fromFeed = await cancelled((signal, onResponse) =>
      createOrukReader(server.url, { ...waitLong, onResponse }).search({}, { signal }),
    );
    const expected = { ended: 'Cancelled undefined undefined', requests: 1 };
    assert.deepEqual(fromHub, expected, 'the hub client');
    assert.deepEqual(fromFeed, expected, 'the ORUK reader');
  });
});
