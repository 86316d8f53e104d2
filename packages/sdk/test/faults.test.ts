import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inspect } from 'node:util';
import { syntheticHandovers, syntheticLearners, syntheticServices } from '@c2c/schema/synthetic';
import {
  ApiError,
  AuthError,
  C2cError,
  ConflictError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
  createClient,
  MAX_EMPTY_PAGES,
  type ClientOptions,
  type TokenContext,
} from '@c2c/sdk';
import { createServicesClient } from '@c2c/sdk/services';
import { createOrukReader } from '@c2c/sdk/oruk';
import { backoffCeilingMs, parseRetryAfter } from '../src/internal/retry.js';
import { newIdempotencyKey } from '../src/client.js';
import { drop, fakeServer, problem, raw, reply, slow, stall, truncate, type Behaviour } from './fake-server.js';
import { holdTimers, outcome } from './held-timers.js';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

const services = syntheticServices(3);
const servicePage = { data: services, nextCursor: null };
const handover = syntheticHandovers(syntheticLearners(2))[0]!;

describe('fault injection against a scripted HTTP server', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  /**
   * A host whose token is `stale` until it refreshes, as one that rotates single-use refresh tokens: each refresh
   * is counted, takes `ms`, and hands out `fresh-<n>`. `onRefresh` hears each one start.
   */
  function rotatingTokens(ms: number, onRefresh?: () => void) {
    const host = {
      refreshes: 0,
      current: 'stale',
      getToken: async ({ refresh }: TokenContext) => {
        if (!refresh) return host.current;
        host.refreshes++;
        onRefresh?.();
        await new Promise((r) => setTimeout(r, ms));
        return (host.current = `fresh-${host.refreshes}`);
      },
    };
    return host;
  }
  /** The server refuses the stale token with 401 and answers any other with the handover. */
  const refuseStale = () =>
    server.always((req, res, seen) =>
      req.headers.authorization === 'Bearer stale'
        ? reply(401, problem(401, 'token_expired'))(req, res, seen)
        : reply(200, handover)(req, res, seen),
    );

  const fast: Partial<ClientOptions> = { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 1_000 };
  const client = (extra: Partial<ClientOptions> = {}) =>
    createClient({ baseUrl: server.url, token: 'demo_x', ...fast, ...extra });

  before(async () => {
    server = await fakeServer();
  });
  beforeEach(() => server.reset());
  after(async () => {
    await server.close();
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  it('retries a GET after a dropped connection and succeeds', async () => {
    server.queue(drop, reply(200, servicePage));
    const page = await client().services.search({ q: 'speech' });
    assert.equal(page.data.length, 3);
    assert.equal(server.seen.length, 2);
  });

  it('gives up with NetworkError when every attempt is dropped', async () => {
    server.queue(drop, drop, drop);
    const err = await client({ retries: 2 })
      .services.get('x')
      .catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.code, 'network_error');
    assert.match(err.message, /Could not reach the hub/);
    assert.equal(server.seen.length, 3);
  });

  it('times out a response slower than timeoutMs, then succeeds on retry', async () => {
    // The time limit is held until the first request has arrived and is being answered slowly, then ended by the
    // test. The slow reply (only there so that a broken time limit fails rather than hangs) is another service.
    let firstEnded!: (how: string) => void;
    const first = new Promise<string>((r) => (firstEnded = r));
    let asked!: () => void;
    const firstAsked = new Promise<void>((r) => (asked = r));
    server.queue(
      (req, res, seen) => {
        res.on('close', () => firstEnded(res.writableEnded ? 'answered' : 'cancelled'));
        asked();
        slow(10_000, reply(200, services[1]))(req, res, seen);
      },
      reply(200, services[0]),
    );
    const clock = holdTimers((ms) => ms === 4_321);
    try {
      const call = outcome(client({ timeoutMs: 4_321 }).services.get(services[0]!.id));
      await firstAsked;
      assert.ok(clock.pending().length > 0, 'the attempt runs under its time limit');
      clock.releaseAll();
      const { value, error } = await call;
      assert.equal(error, undefined);
      assert.equal(value?.id, services[0]!.id, 'the retry’s answer, not the slow one');
      assert.equal(await first, 'cancelled', 'the slow attempt was given up, not waited for');
      assert.equal(server.seen.length, 2);
    } finally {
      clock.restore();
      clock.releaseAll();
    }
  });

  it('throws TimeoutError when the body stalls half way on every attempt', async () => {
    server.queue(stall(servicePage), stall(servicePage));
    const attempts: number[] = [];
    const err = await client({ timeoutMs: 80, retries: 1, onRequest: (info) => attempts.push(info.attempt) })
      .services.search({})
      .catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError, String(err));
    assert.equal(err.timeoutMs, 80);
    // Counted as the SDK sends them: on a loaded machine the server, in this same process, may not have read a
    // request before its 80 ms ran out and the client gave it up, so `server.seen` can hold fewer.
    assert.deepEqual(attempts, [1, 2]);
  });

  it('a per-call maxRetries overrides the client’s retries, either way, and leaves other calls alone', async () => {
    const failing = (n: number) => Array.from({ length: n }, () => reply(503, problem(503, 'unavailable')));
    server.queue(...failing(5), reply(200, services[0]));
    const c = client({ retries: 1 });
    const s = await c.services.get('a', { maxRetries: 5 });
    assert.equal(s.id, services[0]!.id);
    assert.equal(server.seen.length, 6, 'retried five times, past the client’s one');
    server.reset();
    server.always(reply(503, problem(503, 'unavailable')));
    try {
      const err = await client({ retries: 3 })
        .services.get('a', { maxRetries: 0 })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError && err.status === 503, String(err));
      assert.equal(server.seen.length, 1, 'not retried');
      // A write too (it carries an idempotency key), and the client's own setting still holds for the next call.
      server.reset();
      await c.handovers
        .create({ transition: 'y6-to-y7', learnerId: 'l1', receivingOrganisationId: null }, { maxRetries: 2 })
        .catch(() => undefined);
      assert.equal(server.seen.length, 3);
      server.reset();
      await c.services.get('a').catch(() => undefined);
      assert.equal(server.seen.length, 2);
    } finally {
      server.always(reply(500, problem(500, 'internal_error')));
    }
  });

  it('a per-call maxRetries of 0 still lets the one token refresh after a 401 through', async () => {
    server.queue(reply(401, problem(401, 'token_expired')), reply(200, handover));
    const got = await client({
      token: undefined,
      getToken: ({ refresh }) => (refresh ? 'fresh' : 'stale'),
    }).handovers.get('h1', { maxRetries: 0 });
    assert.equal(got.id, handover.id);
    assert.equal(server.seen.length, 2);
  });

  it('says a short time limit in milliseconds and one second in the singular, never "0 seconds"', async () => {
    const never: Behaviour = () => {}; // answers nothing: each attempt ends at its time limit
    const hang = (ms: number) => {
      server.queue(never);
      return client({ retries: 0 })
        .services.get('s1', { timeoutMs: ms })
        .catch((e: unknown) => e);
    };
    const short = await hang(20);
    assert.ok(short instanceof TimeoutError, String(short));
    assert.match(short.message, /did not answer within 20 milliseconds\./);
    const second = await hang(1_000);
    assert.ok(second instanceof TimeoutError, String(second));
    assert.match(second.message, /did not answer within 1 second\./);
  });

  it('a per-call timeoutMs overrides the client one', async () => {
    server.queue(slow(10_000, reply(200, services[0])));
    const err = await client({ timeoutMs: 5_000, retries: 0 })
      .services.get('a', { timeoutMs: 50 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError);
  });

  it('a timeoutMs longer than a timer can hold still waits for a body that arrives in parts', async () => {
    // setTimeout fires at once for anything over 2^31 - 1 ms (about 24.8 days), in Node and browsers alike.
    server.queue((_q, res) => {
      const text = JSON.stringify(servicePage);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, 10));
      setTimeout(() => res.end(text.slice(10)), 100);
    });
    const page = await client({ timeoutMs: Number.MAX_SAFE_INTEGER, retries: 0 }).services.search({});
    assert.equal(page.data.length, 3);
  });

  /**
   * Runs `call` with every wait of one of `delays` held: resolves with the delays it asked for, in order, each
   * ended by the test as soon as it was asked for, and the call's outcome.
   */
  async function heldWaits<T>(delays: number[], call: () => Promise<T>) {
    const clock = holdTimers((ms) => delays.includes(ms));
    try {
      const result = outcome(call());
      for (;;) {
        const next = await Promise.race([result, clock.next()]);
        if ('settled' in next) return { waits: clock.held.map((t) => t.ms), ...next };
        next.release();
      }
    } finally {
      clock.restore();
      clock.releaseAll();
    }
  }

  it('honours Retry-After on 429 instead of its own backoff', async () => {
    server.queue(reply(429, problem(429, 'rate_limited'), { 'retry-after': '0' }), reply(200, servicePage));
    const random = Math.random;
    Math.random = () => 0.5; // the backoff's jitter: half of the 10 s ceiling
    try {
      const { waits, error } = await heldWaits([5_000], () =>
        client({ backoffBaseMs: 10_000, backoffMaxMs: 10_000 }).services.search({}),
      );
      assert.equal(error, undefined);
      assert.deepEqual(waits, [], 'Retry-After: 0 won over the backoff');
    } finally {
      Math.random = random;
    }
    assert.equal(server.seen.length, 2);
  });

  it('waits the Retry-After it was given when under the cap', async () => {
    server.queue(reply(429, problem(429, 'rate_limited'), { 'retry-after': '1.234' }), reply(200, servicePage));
    const clock = holdTimers((ms) => ms === 1_234);
    try {
      const call = outcome(client({ maxRetryAfterMs: 2_000 }).services.search({}));
      const first = await Promise.race([call, clock.next()]);
      assert.ok(!('settled' in first), 'asked to wait the 1.234 s it was given');
      // Nothing goes to the hub until the wait is over.
      assert.equal(server.seen.length, 1);
      first.release();
      assert.equal((await call).error, undefined);
      assert.equal(server.seen.length, 2);
    } finally {
      clock.restore();
      clock.releaseAll();
    }
  });

  it('throws RateLimitError at once when Retry-After is over the cap', async () => {
    server.queue(reply(429, problem(429, 'rate_limited'), { 'retry-after': '120' }));
    // ky would wait the cap (or the 120 s) and try again: neither wait may be asked for.
    const { waits, error: err } = await heldWaits([5_000, 120_000], () =>
      client({ maxRetryAfterMs: 5_000 }).services.search({}),
    );
    assert.deepEqual(waits, []);
    assert.ok(err instanceof RateLimitError, String(err));
    assert.equal(err.retryAfterMs, 120_000);
    assert.equal(err.status, 429);
    assert.equal(err.code, 'rate_limited');
    assert.equal(server.seen.length, 1);
  });

  it('falls back to its own backoff when Retry-After is unreadable', async () => {
    server.queue(reply(503, problem(503, 'unavailable'), { 'retry-after': 'soon' }), reply(200, servicePage));
    const random = Math.random;
    Math.random = () => 0.5;
    try {
      // ky alone would wait maxRetryAfterMs for a value it cannot read; the SDK's backoff here is a jittered 1 s.
      const { waits, error } = await heldWaits([500, 5_000], () =>
        client({ maxRetryAfterMs: 5_000, backoffBaseMs: 1_000, backoffMaxMs: 1_000 }).services.search({}),
      );
      assert.equal(error, undefined);
      assert.deepEqual(waits, [500]);
    } finally {
      Math.random = random;
    }
    assert.equal(server.seen.length, 2);
  });

  it('rides out a burst of 503s, then succeeds', async () => {
    server.queue(
      reply(503, problem(503, 'unavailable')),
      reply(503, problem(503, 'unavailable')),
      reply(200, servicePage),
    );
    const page = await client({ retries: 3 }).services.search({});
    assert.equal(page.data.length, 3);
    assert.equal(server.seen.length, 3);
  });

  it('throws the last ApiError when 503s outlast the retries', async () => {
    server.queue(...Array.from({ length: 3 }, () => reply(503, problem(503, 'unavailable'))));
    const err = await client({ retries: 2 })
      .services.search({})
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError && !(err instanceof RateLimitError));
    assert.equal(err.status, 503);
    assert.equal(err.code, 'unavailable');
    assert.equal(err.requestId, 'req-test');
    assert.equal(server.seen.length, 3);
  });

  it('retries 408, 425 and 500 too', async () => {
    server.queue(
      reply(408, problem(408, 'timeout')),
      reply(425, problem(425, 'too_early')),
      reply(500, problem(500, 'internal_error')),
      reply(200, servicePage),
    );
    await client({ retries: 3 }).services.search({});
    assert.equal(server.seen.length, 4);
  });

  it('treats a body cut off half way as a network error and retries it', async () => {
    server.queue(truncate(servicePage), reply(200, servicePage));
    const page = await client().services.search({});
    assert.equal(page.data.length, 3);
    assert.equal(server.seen.length, 2);
  });

  it('rejects complete but malformed JSON with ResponseValidationError, without retrying', async () => {
    server.queue(raw(200, '{"data": [ {"id": '));
    const err = await client()
      .services.search({})
      .catch((e: unknown) => e);
    assert.ok(err instanceof ResponseValidationError, String(err));
    assert.equal(err.code, 'malformed_response');
    assert.equal(err.path, '');
    assert.equal(server.seen.length, 1);
  });

  it('says a web page instead of JSON (a site answering every path) means a wrong address, not to try again', async () => {
    const webPage: Behaviour = (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Acme portal</title><div id="app"></div>');
    };
    server.queue(webPage);
    const err = await client()
      .me()
      .catch((e: unknown) => e);
    assert.ok(err instanceof ResponseValidationError, String(err));
    assert.equal(err.code, 'malformed_response');
    assert.equal(
      err.message,
      "The answer to GET /v1/me was a web page, not the hub's JSON: check the address given to createClient.",
    );
    assert.equal(server.seen.length, 1, 'not retried');
    // A feed read at a wrong address says the same, naming the reader.
    server.queue(webPage);
    const fromFeed = await createOrukReader(server.url, { timeoutMs: 1_000 })
      .search({})
      .catch((e: unknown) => e);
    assert.ok(fromFeed instanceof ResponseValidationError, String(fromFeed));
    assert.match(
      fromFeed.message,
      /was a web page, not the feed's JSON: check the address given to createOrukReader\.$/,
    );
  });

  it('says where a body stopped being JSON without quoting any of it, in the message, stack or cause', async () => {
    // V8's SyntaxError quotes the start of the body, or the part around the fault, and Safari's the word it stopped
    // at: the body may hold a learner's name. (Synthetic: no real person.)
    const name = 'Zedkiel Syntheticson';
    const bodies: Array<[string, RegExp]> = [
      [`${name}, Year 6`, /^The response body is not valid JSON\.$/],
      [`{"note": "${'x'.repeat(60)}", "name": ${name}}`, /^The response body is not valid JSON/],
      [`{"name": "${name}"} trailing`, /not valid JSON, at position \d+/],
      [`{"name": "${name}`, /not valid JSON: it ends too soon/],
    ];
    for (const [text, said] of bodies) {
      server.queue(raw(200, text));
      const err = await client()
        .learners.get('l1')
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResponseValidationError && err.code === 'malformed_response', String(err));
      // inspect shows the message, stack, own properties and the whole cause chain, as a logger would.
      for (const part of name.split(' '))
        assert.ok(!inspect(err, { depth: 10 }).includes(part), `${text}: quotes the body in ${inspect(err.cause)}`);
      assert.ok(!JSON.stringify({ ...err, message: err.message }).includes('Synthetic'));
      assert.ok(err.cause instanceof SyntaxError, 'the cause is still a SyntaxError');
      assert.match(err.cause.message, said);
      assert.equal(err.issues[0]!.message, err.cause.message);
    }
  });

  it('rejects an empty 200 body instead of returning undefined as if it were data', async () => {
    server.queue(raw(200, ''));
    const err = await client()
      .services.get('x')
      .catch((e: unknown) => e);
    assert.ok(err instanceof ResponseValidationError);
    assert.equal(err.code, 'malformed_response');
    assert.equal(err.issues[0]!.message, 'The response body is empty.');
  });

  it('rejects a 204 where data was expected, in every validation mode, instead of resolving to undefined', async () => {
    const noContent: Parameters<typeof server.queue>[0] = (_q, res) => {
      res.writeHead(204, { 'x-request-id': 'req-204' });
      res.end();
    };
    for (const validation of ['strict', 'warn', 'off'] as const) {
      server.reset();
      server.queue(noContent, noContent);
      const me = await client({ validation, logger: { warn: () => undefined } })
        .me()
        .catch((e: unknown) => e);
      assert.ok(me instanceof ResponseValidationError, `${validation}: ${String(me)}`);
      assert.equal(me.status, 204);
      assert.equal(me.requestId, 'req-204');
      const page = await client({ validation, logger: { warn: () => undefined } })
        .services.search({})
        .catch((e: unknown) => e);
      assert.ok(page instanceof ResponseValidationError, `${validation}: ${String(page)}`);
      assert.equal(server.seen.length, 2, 'not retried');
    }
  });

  it('rejects an HTML error page from a proxy as an ApiError with the status', async () => {
    server.queue(
      raw(502, '<html>Bad gateway</html>'),
      raw(502, '<html>Bad gateway</html>'),
      raw(502, '<html>Bad gateway</html>'),
    );
    const err = await client()
      .services.search({})
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 502);
    assert.equal(err.code, 'internal_error');
    assert.match(err.message, /hub had a problem/);
  });

  it('says a 404 without the hub’s problem document is a wrong baseUrl, not a missing record', async () => {
    // A web server at the hub's host, but the hub lives under /api: every path is "not found".
    server.queue(raw(404, '<html>Not Found</html>'), reply(404, problem(404, 'not_found')));
    const err = await client()
      .handovers.get(handover.id)
      .catch((e: unknown) => e);
    assert.ok(err instanceof NotFoundError, String(err));
    assert.equal(err.code, 'not_found');
    assert.match(err.message, /not in the hub’s words/);
    assert.match(err.message, /baseUrl/);
    // The hub's own 404 keeps its words.
    const missing = await client()
      .handovers.get(handover.id)
      .catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.message, 'Problem not_found.');
  });

  describe('response validation', () => {
    const bad = { data: [services[0], { ...services[1], status: 42 }], nextCursor: null };

    it('strict (default) names the field path', async () => {
      server.queue(reply(200, bad));
      const err = await client()
        .services.search({})
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResponseValidationError, String(err));
      assert.equal(err.path, 'data.1.status');
      assert.match(err.message, /data\.1\.status/);
      assert.equal(err.code, 'invalid_response');
      assert.equal(server.seen.length, 1, 'bad data is not retried');
    });

    it('strict reports a missing field', async () => {
      const { name: _name, ...nameless } = services[0]!;
      server.queue(reply(200, nameless));
      const err = await client()
        .services.get('x')
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResponseValidationError);
      assert.equal(err.path, 'name');
      assert.equal(err.issues[0]?.code, 'required');
    });

    it('warn logs once per kind of problem and passes the data through', async () => {
      const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
      const c = client({ validation: 'warn', logger: { warn: (m, d) => warnings.push([m, d]) } });
      const alsoBad = { data: [{ ...services[2], status: 7 }], nextCursor: null };
      server.queue(reply(200, bad), reply(200, bad), reply(200, alsoBad));
      const first = await c.services.search({});
      await c.services.search({});
      await c.services.search({}); // another record, same kind of problem: still one warning
      assert.equal((first.data[1] as unknown as { status: unknown }).status, 42);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]![0], /data\.1\.status/);
      assert.equal(warnings[0]![1]?.code, 'invalid_response');
    });

    it('off neither checks nor logs', async () => {
      const warnings: string[] = [];
      server.queue(reply(200, bad));
      const page = await client({ validation: 'off', logger: { warn: (m) => warnings.push(m) } }).services.search({});
      assert.equal(page.data.length, 2);
      assert.deepEqual(warnings, []);
    });

    it('tolerates fields a newer hub added, even in strict mode', async () => {
      server.queue(reply(200, { ...services[0], rating: 5 }));
      const s = await client().services.get('x');
      assert.equal(s.id, services[0]!.id);
    });

    it('refuses a value a newer hub added to a fixed list (a new status) in strict mode; warn passes it through', async () => {
      // What docs/sdk.md says under "Response validation": unknown fields are tolerated, unknown values are not.
      const page = { data: [handover, { ...handover, id: 'hnd-new', status: 'withdrawn' }], nextCursor: null };
      server.queue(reply(200, page), reply(200, page));
      const err = await client()
        .handovers.list()
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResponseValidationError, String(err));
      assert.equal(err.path, 'data.1.status');
      const warnings: string[] = [];
      const passed = await client({ validation: 'warn', logger: { warn: (m) => warnings.push(m) } }).handovers.list();
      assert.equal((passed.data[1] as { status: string }).status, 'withdrawn');
      assert.equal(warnings.length, 1);
    });
  });

  describe('writes and idempotency', () => {
    it('retries a POST with the same Idempotency-Key it generated', async () => {
      server.queue(reply(503, problem(503, 'unavailable')), drop, reply(201, handover));
      const h = await client({ retries: 3 }).handovers.create({
        transition: 'y6-to-y7',
        learnerId: handover.learnerId,
        receivingOrganisationId: null,
      });
      assert.equal(h.id, handover.id);
      assert.equal(server.seen.length, 3);
      const keys = server.seen.map((s) => s.headers['idempotency-key']);
      assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
      assert.equal(new Set(keys).size, 1);
      assert.deepEqual(JSON.parse(server.seen[2]!.body), {
        transition: 'y6-to-y7',
        learnerId: handover.learnerId,
        receivingOrganisationId: null,
      });
    });

    it('retries a DELETE whose answer was lost with the same Idempotency-Key, and resolves on the 204', async () => {
      const noContent: Parameters<typeof server.queue>[0] = (_q, res) => {
        res.writeHead(204, { 'x-request-id': 'req-test' });
        res.end();
      };
      server.queue(drop, noContent);
      assert.equal(await client({ retries: 2 }).signposting.delete('sgn-1'), undefined);
      assert.equal(server.seen.length, 2);
      const keys = server.seen.map((s) => s.headers['idempotency-key']);
      assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
      assert.equal(keys[0], keys[1]);
      assert.ok(server.seen.every((s) => s.method === 'DELETE' && s.url === '/v1/signposting/sgn-1'));
    });

    it('retries a learner search (a POST that only reads) without an Idempotency-Key', async () => {
      const learners = syntheticLearners(2);
      server.queue(reply(503, problem(503, 'unavailable')), drop, reply(200, { data: learners, nextCursor: null }));
      const page = await client({ retries: 3 }).learners.list({ q: 'Okafor' });
      assert.deepEqual(
        page.data.map((l) => l.id),
        learners.map((l) => l.id),
      );
      assert.equal(server.seen.length, 3);
      for (const seen of server.seen) {
        assert.equal(seen.method, 'POST');
        assert.equal(seen.url, '/v1/learners/search');
        assert.equal(seen.headers['idempotency-key'], undefined);
        assert.deepEqual(JSON.parse(seen.body), { q: 'Okafor' });
      }
    });

    it('sends JSON with its content type, accept and the host’s headers; reads send no body', async () => {
      server.queue(reply(201, handover), reply(200, servicePage));
      const c = client({ headers: { 'x-vendor': 'acme-mis' } });
      await c.handovers.create({ transition: 'y6-to-y7', learnerId: 'l1', receivingOrganisationId: null });
      await c.services.search({ q: 'speech' });
      const [write, read] = server.seen;
      assert.equal(write!.method, 'POST');
      assert.equal(write!.headers['content-type'], 'application/json');
      assert.equal(write!.headers.accept, 'application/json');
      assert.equal(write!.headers['x-vendor'], 'acme-mis');
      assert.equal(write!.headers.authorization, 'Bearer demo_x');
      assert.deepEqual(JSON.parse(write!.body), {
        transition: 'y6-to-y7',
        learnerId: 'l1',
        receivingOrganisationId: null,
      });
      assert.equal(read!.method, 'GET');
      assert.equal(read!.body, '');
      assert.equal(read!.headers['content-type'], undefined);
      assert.equal(read!.headers['x-vendor'], 'acme-mis');
    });

    it('adds one call’s headers to the client’s for that call only, the later value replacing, never joined', async () => {
      server.queue(reply(201, handover), reply(200, servicePage));
      const c = client({ headers: { 'X-Vendor': 'acme-mis', 'x-trace': 'client' } });
      await c.handovers.create(
        { transition: 'y6-to-y7', learnerId: 'l1', receivingOrganisationId: null },
        { idempotencyKey: 'job-7', headers: { 'X-Trace': 'job-7', 'Idempotency-Key': 'mine', 'x-extra': 'yes' } },
      );
      await c.services.search({ q: 'speech' });
      const [write, read] = server.seen;
      // Written in another case, the call's value replaced the client's instead of arriving as "client, job-7".
      assert.equal(write!.headers['x-trace'], 'job-7');
      assert.equal(write!.headers['x-vendor'], 'acme-mis');
      assert.equal(write!.headers['x-extra'], 'yes');
      // The SDK's own header wins over the call's.
      assert.equal(write!.headers['idempotency-key'], 'job-7');
      assert.equal(write!.headers.authorization, 'Bearer demo_x');
      assert.equal(read!.headers['x-trace'], 'client');
      assert.equal(read!.headers['x-extra'], undefined);
    });

    it('withOptions gives a new client with the changes, headers added, leaving the first one as it was', async () => {
      server.queue(reply(200, handover), reply(200, handover));
      const c = client({ headers: { 'x-vendor': 'acme-mis' }, retries: 2 });
      const nightly = c.withOptions({ retries: 0, headers: { 'x-job': 'ctf-export' } });
      assert.equal(nightly.options.retries, 0);
      assert.equal(nightly.options.token, 'demo_x');
      assert.deepEqual(nightly.options.headers, { 'x-vendor': 'acme-mis', 'x-job': 'ctf-export' });
      assert.equal(c.options.retries, 2);
      assert.deepEqual(c.options.headers, { 'x-vendor': 'acme-mis' });
      // Still redacted when printed.
      assert.ok(!JSON.stringify(nightly.options).includes('demo_x'));
      await nightly.handovers.get('h1');
      await c.handovers.get('h1');
      assert.equal(server.seen[0]!.headers['x-job'], 'ctf-export');
      assert.equal(server.seen[0]!.headers['x-vendor'], 'acme-mis');
      assert.equal(server.seen[1]!.headers['x-job'], undefined);
      // Its options are checked as createClient's are.
      assert.throws(() => c.withOptions({ baseUrl: 'https://hub.example.org/v1' }), /must not end in \/v1/);
      server.always(reply(500, problem(500, 'internal_error')));
      const err = await nightly.handovers.get('h1').catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(server.seen.length, 3, 'retries: 0 sends once');
    });

    it('hands a custom fetch one Request per attempt and calls it without a `this`', async () => {
      server.queue(reply(503, problem(503, 'unavailable')), reply(201, handover));
      const calls: Array<{ self: unknown; request: unknown; extra: number }> = [];
      const custom = function (this: unknown, input: RequestInfo | URL, ...rest: unknown[]) {
        calls.push({ self: this, request: input, extra: rest.length });
        return fetch(input);
      } as typeof fetch;
      await client({ fetch: custom }).handovers.create({
        transition: 'y6-to-y7',
        learnerId: 'l1',
        receivingOrganisationId: null,
      });
      assert.equal(calls.length, 2);
      for (const call of calls) {
        assert.equal(call.self, undefined);
        assert.equal(call.extra, 0);
        assert.ok(call.request instanceof Request);
        assert.equal(call.request.method, 'POST');
        assert.equal(call.request.headers.get('content-type'), 'application/json');
        assert.match(call.request.headers.get('idempotency-key') ?? '', /^[0-9a-f-]{36}$/);
      }
    });

    it('reads the answer of a fetch polyfill whose Response has no body stream (whatwg-fetch, React Native)', async () => {
      // Such a Response has text() and clone() but no `body` property at all; a real one without a body has null.
      class PolyfillResponse {
        readonly ok: boolean;
        readonly headers: Headers;
        constructor(
          private readonly text_: string,
          readonly status: number,
        ) {
          this.ok = status >= 200 && status < 300;
          this.headers = new Headers({ 'content-type': 'application/json' });
        }
        text() {
          return Promise.resolve(this.text_);
        }
        clone() {
          return new PolyfillResponse(this.text_, this.status);
        }
      }
      const fetch = (() =>
        Promise.resolve(new PolyfillResponse(JSON.stringify(services[0]), 200))) as unknown as typeof globalThis.fetch;
      const s = await client({ fetch }).services.get(services[0]!.id);
      assert.equal(s.id, services[0]!.id);
    });

    it('uses the caller’s idempotency key, and a new key per call otherwise', async () => {
      server.queue(reply(200, handover), reply(200, handover), reply(200, handover));
      const c = client();
      await c.handovers.addMessage('h1', 'Hello', { idempotencyKey: 'msg-42' });
      await c.handovers.addMessage('h1', 'Hello');
      await c.handovers.addMessage('h1', 'Hello');
      assert.equal(server.seen[0]!.headers['idempotency-key'], 'msg-42');
      assert.notEqual(server.seen[1]!.headers['idempotency-key'], server.seen[2]!.headers['idempotency-key']);
    });

    it('refuses an idempotency key the hub would not take, sending nothing, instead of writing without one', async () => {
      for (const key of ['', 'two words', 'a\nb', 'k'.repeat(201), 'clé']) {
        await assert.rejects(
          client().handovers.addMessage('h1', 'Hello', { idempotencyKey: key }),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && !e.message.includes(key || '\u0000'),
          JSON.stringify(key),
        );
      }
      assert.equal(server.seen.length, 0);
      server.queue(reply(200, handover));
      await client().handovers.addMessage('h1', 'Hello', { idempotencyKey: 'k'.repeat(200) });
      assert.equal(server.seen[0]!.headers['idempotency-key'], 'k'.repeat(200));
    });

    it('retries 409 idempotency_in_progress', async () => {
      server.queue(reply(409, problem(409, 'idempotency_in_progress')), reply(200, handover));
      await client().handovers.submit('h1');
      assert.equal(server.seen.length, 2);
    });

    it('never retries 409 version_conflict, and carries the current version and record', async () => {
      const current = { ...handover, version: 7 };
      server.queue(reply(409, problem(409, 'version_conflict', { currentVersion: 7, current })));
      const err = await client()
        .handovers.update('h1', 6, { sections: {} })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ConflictError, String(err));
      assert.equal(err.currentVersion, 7);
      assert.equal(err.current?.version, 7);
      assert.equal(err.code, 'version_conflict');
      assert.equal(server.seen.length, 1);
      assert.equal(server.seen[0]!.headers['if-match'], '"6"');
    });

    it('refuses a version that is not a whole number from 1 before sending If-Match', async () => {
      for (const version of [Number.NaN, -1, 0, 2.5, Infinity]) {
        await assert.rejects(
          client().handovers.update('h1', version, { sections: {} }),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes('version'),
          String(version),
        );
        await assert.rejects(
          client().handovers.submit('h1', { version }),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_options',
          String(version),
        );
        await assert.rejects(
          client().handovers.acknowledge('h1', {}, { version }),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_options',
          String(version),
        );
      }
      assert.equal(server.seen.length, 0);
    });

    it('maps 400 to ValidationError with field issues, without retrying', async () => {
      const errors = [{ path: 'learnerId', code: 'required', message: 'This field is required.' }];
      server.queue(reply(400, problem(400, 'validation_failed', { errors })));
      const err = await client()
        .handovers.create({ transition: 'y6-to-y7', learnerId: 'x', receivingOrganisationId: null })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ValidationError);
      assert.deepEqual(err.issues, errors);
      assert.equal(server.seen.length, 1);
    });
  });

  describe('auth', () => {
    it('calls getToken again with refresh after a 401 and retries once', async () => {
      const calls: boolean[] = [];
      const c = client({
        token: undefined,
        getToken: ({ refresh }) => (calls.push(refresh), refresh ? 'fresh' : 'stale'),
      });
      server.queue(reply(401, problem(401, 'token_expired')), reply(200, handover));
      await c.handovers.get('h1');
      assert.deepEqual(calls, [false, true]);
      assert.equal(server.seen[0]!.headers.authorization, 'Bearer stale');
      assert.equal(server.seen[1]!.headers.authorization, 'Bearer fresh');
    });

    it('the token refresh does not spend the retries: retries 0 still refreshes once', async () => {
      const c = client({ token: undefined, retries: 0, getToken: ({ refresh }) => (refresh ? 'fresh' : 'stale') });
      server.queue(reply(401, problem(401, 'token_expired')), reply(200, handover));
      await c.handovers.get('h1');
      assert.equal(server.seen.length, 2);
    });

    it('a refresh and the full retries together: 401, two 503s, then success', async () => {
      let current = 'stale';
      const c = client({
        token: undefined,
        retries: 2,
        getToken: ({ refresh }) => (refresh ? (current = 'fresh') : current),
      });
      server.queue(
        reply(503, problem(503, 'unavailable')),
        reply(401, problem(401, 'token_expired')),
        reply(503, problem(503, 'unavailable')),
        reply(200, handover),
      );
      await c.handovers.get('h1');
      assert.equal(server.seen.length, 4);
      assert.equal(server.seen[3]!.headers.authorization, 'Bearer fresh');
    });

    it('throws AuthError when the refreshed token is refused too', async () => {
      const c = client({ token: undefined, getToken: () => 'nope' });
      server.queue(reply(401, problem(401, 'unauthenticated')), reply(401, problem(401, 'unauthenticated')));
      const err = await c.me().catch((e: unknown) => e);
      assert.ok(err instanceof AuthError);
      assert.equal(server.seen.length, 2);
    });

    it('does not retry a 401 with a fixed token', async () => {
      server.queue(reply(401, problem(401, 'unauthenticated')));
      const err = await client()
        .me()
        .catch((e: unknown) => e);
      assert.ok(err instanceof AuthError);
      assert.equal(server.seen.length, 1);
    });

    it('requests that sent the same expired token share one refresh, even when a 401 comes after it finished', async () => {
      // Refresh tokens are often single-use (rotated): a second refresh with the one already spent fails, and the
      // host signs the person out. Here the second request's 401 arrives well after the first one's refresh.
      const host = rotatingTokens(10);
      const c = client({ token: undefined, getToken: host.getToken });
      server.always((req, res, seen) => {
        if (req.headers.authorization !== 'Bearer stale') return reply(200, handover)(req, res, seen);
        const late = req.url === '/v1/handovers/late';
        setTimeout(() => reply(401, problem(401, 'token_expired'))(req, res, seen), late ? 150 : 0);
      });
      try {
        await Promise.all([c.handovers.get('early'), c.handovers.get('late')]);
      } finally {
        server.always(reply(500, problem(500, 'internal_error')));
      }
      assert.equal(host.refreshes, 1);
      assert.deepEqual(server.seen.map((s) => s.headers.authorization).sort(), [
        'Bearer fresh-1',
        'Bearer fresh-1',
        'Bearer stale',
        'Bearer stale',
      ]);
      // A token fetched after that refresh is new: its own 401 refreshes again.
      host.current = 'stale';
      server.reset();
      server.queue(reply(401, problem(401, 'token_expired')), reply(200, handover));
      await c.handovers.get('again');
      assert.equal(host.refreshes, 2);
      assert.equal(server.seen[1]!.headers.authorization, 'Bearer fresh-2');
    });

    it('a request sent while a refresh is under way uses that refresh after its own 401', async () => {
      let refreshStarted!: () => void;
      const started = new Promise<void>((r) => (refreshStarted = r));
      const host = rotatingTokens(100, () => refreshStarted());
      const c = client({ token: undefined, getToken: host.getToken });
      refuseStale();
      try {
        const first = c.handovers.get('first');
        await started; // the host still hands out the stale token until its refresh finishes
        await Promise.all([first, c.handovers.get('second')]);
      } finally {
        server.always(reply(500, problem(500, 'internal_error')));
      }
      assert.equal(host.refreshes, 1);
    });

    it('sends no token from the services-only client', async () => {
      server.queue(reply(200, servicePage));
      await createServicesClient({ baseUrl: server.url }).search({ q: 'play', age: 7, free: true });
      assert.equal(server.seen[0]!.headers.authorization, undefined);
      assert.equal(server.seen[0]!.url, '/v1/services?q=play&age=7&free=true');
    });

    it('leaves a host’s own authorization header alone when the client is given no token', async () => {
      server.queue(reply(200, handover), reply(200, handover));
      const headers = { authorization: 'Basic cHJveHk6c2VjcmV0' }; // a proxy in front of the hub, say
      await client({ token: undefined, headers }).handovers.get(handover.id);
      assert.equal(server.seen[0]!.headers.authorization, headers.authorization);
      // A token the client is given still goes in its place.
      await client({ headers }).handovers.get(handover.id);
      assert.equal(server.seen[1]!.headers.authorization, 'Bearer demo_x');
    });
    it('says a 401 came because no token was sent when the client has none (an unset environment variable)', async () => {
      const refused = reply(401, problem(401, 'unauthenticated'));
      server.queue(refused, refused);
      // `token: process.env.C2C_API_KEY` with the variable unset, or set to nothing.
      for (const token of [undefined, '']) {
        const err = await client({ token })
          .me()
          .catch((e: unknown) => e);
        assert.ok(err instanceof AuthError, String(err));
        assert.equal(err.code, 'unauthenticated');
        assert.equal(err.status, 401);
        assert.equal(err.requestId, 'req-test');
        assert.match(err.message, /^The hub refused GET \/v1\/me: no token was sent \(createClient got none/);
        assert.equal(err.detail, err.message);
      }
      // A getToken that hands back an empty string (a session not yet signed in), after its one refresh too.
      server.queue(refused, refused);
      const empty = await client({ token: undefined, getToken: () => '' })
        .me()
        .catch((e: unknown) => e);
      assert.ok(empty instanceof AuthError, String(empty));
      assert.match(empty.message, /no token was sent \(getToken gave none\)/);
      assert.equal(server.seen.length, 4);
      // A token that was sent and refused keeps the hub's own words.
      server.queue(refused);
      const err = await client()
        .me()
        .catch((e: unknown) => e);
      assert.ok(err instanceof AuthError);
      assert.equal(err.message, 'Problem unauthenticated.');
    });
  });

  describe('cancellation and hooks', () => {
    it('an abort during the backoff wait rejects at once with the signal’s reason', async () => {
      server.always(reply(503, problem(503, 'unavailable')));
      const random = Math.random;
      Math.random = () => 0.5;
      const clock = holdTimers((ms) => ms === 2_500);
      try {
        const controller = new AbortController();
        let waitWhenSettled: string | undefined;
        const call = outcome(
          Promise.resolve(
            client({ backoffBaseMs: 5_000, backoffMaxMs: 5_000, retries: 5 }).services.search(
              {},
              { signal: controller.signal },
            ),
          ).finally(() => (waitWhenSettled = clock.held[0]?.state)),
        );
        const wait = await clock.next();
        controller.abort();
        // Only ended here so that a call that ignored the abort settles instead of hanging; it must not have waited.
        await new Promise((r) => setImmediate(r));
        wait.release();
        const { error: err } = await call;
        assert.equal((err as Error).name, 'AbortError');
        assert.ok(!(err instanceof C2cError));
        assert.equal(waitWhenSettled, 'cleared', 'settled while the backoff wait was still running, and ended it');
        assert.equal(server.seen.length, 1);
      } finally {
        clock.restore();
        clock.releaseAll();
        Math.random = random;
        server.always(reply(500, problem(500, 'internal_error')));
      }
    });

    it('an abort during a retry’s attempt cancels it at once, even after a garbage collection', async () => {
      // ky sends each retry as a clone of the first Request; in Node's fetch a clone's signal follows the
      // original's only through a weak reference, which a collection drops, and the abort then never arrives.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const controller = new AbortController();
      let retryEnded!: (how: string) => void;
      const retry = new Promise<string>((r) => (retryEnded = r));
      const retryArrived = new Promise<void>((resolve) =>
        server.queue(reply(503, problem(503, 'unavailable'), { 'retry-after': '0' }), (req, res, seen) => {
          res.on('close', () => retryEnded(res.writableEnded ? 'answered' : 'cancelled'));
          resolve();
          // Answered late only so that an abort that never arrives fails the test rather than hanging it.
          slow(5_000, reply(200, handover))(req, res, seen);
        }),
      );
      const call = client({ timeoutMs: 10_000 })
        .handovers.create(
          { transition: 'y6-to-y7', learnerId: 'l1', receivingOrganisationId: null },
          { signal: controller.signal },
        )
        .then(
          () => 'resolved',
          (e: unknown) => (e as Error).name,
        );
      await retryArrived;
      gc();
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      assert.equal(await call, 'AbortError');
      assert.equal(await retry, 'cancelled', 'the retry’s connection was closed before its answer came');
      assert.equal(server.seen.length, 2);
      assert.equal(server.seen[1]!.body, server.seen[0]!.body, 'the retry carried the same body');
    });

    it('an abort while getToken is still working (a slow sign-in or refresh) rejects at once', async () => {
      for (const refresh of [false, true]) {
        server.reset();
        server.queue(reply(401, problem(401, 'token_expired')), reply(200, handover));
        let called!: () => void;
        const waiting = new Promise<void>((r) => (called = r));
        let giveToken!: (token: string) => void;
        let tokenGiven = false;
        const c = client({
          token: undefined,
          getToken: (context) => {
            if (context.refresh !== refresh) return 'stale';
            called();
            return new Promise<string>((r) => (giveToken = r));
          },
        });
        const controller = new AbortController();
        const call = c.handovers.get('h1', { signal: controller.signal }).then(
          () => 'resolved',
          (e: unknown) => `${(e as Error).name}${tokenGiven ? ' after the token came' : ''}`,
        );
        await waiting;
        controller.abort();
        // The token is only given here so that a call that waited for it settles instead of hanging.
        await new Promise((r) => setImmediate(r));
        tokenGiven = true;
        giveToken('fresh');
        assert.equal(await call, 'AbortError', `refresh: ${refresh}: did not wait for getToken`);
      }
    });

    it('a getToken that never settles ends in TimeoutError after the attempt’s time limit, retried like a timeout', async () => {
      let calls = 0;
      let asked!: () => void;
      let tokenAsked = new Promise<void>((r) => (asked = r));
      const c = client({
        token: undefined,
        retries: 1,
        getToken: () => (calls++, asked(), new Promise<string>(() => {})),
      });
      const clock = holdTimers((ms) => ms === 4_321);
      let err: unknown;
      try {
        const call = c.handovers.get('h1', { timeoutMs: 4_321 }).catch((e: unknown) => e);
        for (const attempt of [1, 2]) {
          await tokenAsked;
          tokenAsked = new Promise<void>((r) => (asked = r));
          // Without a time limit of its own the wait would never end: one must be running now.
          await new Promise((r) => setImmediate(r));
          assert.ok(clock.pending().length > 0, `attempt ${attempt}: getToken is waited for under a time limit`);
          clock.releaseAll();
        }
        err = await call;
      } finally {
        clock.restore();
        clock.releaseAll();
      }
      assert.ok(err instanceof TimeoutError, String(err));
      assert.equal(err.timeoutMs, 4_321);
      // The host's own callback was slow, not the hub: the error says so, and its code tells the two apart.
      assert.equal(err.code, 'token_timeout');
      assert.match(err.message, /getToken did not return a token within 4\.3 seconds/);
      assert.doesNotMatch(err.message, /hub did not answer/);
      assert.equal(calls, 2, 'asked again on the retry');
      assert.equal(server.seen.length, 0, 'sent nothing without a token');
    });

    it('wraps an exception from onRequest or getToken as a NetworkError with it as cause, and does not retry it', async () => {
      const bug = new TypeError('hook bug');
      const cases: [string, Partial<ClientOptions>, number][] = [
        ['getToken', { token: undefined, getToken: () => Promise.reject(bug) }, 0],
        [
          'onRequest',
          {
            onRequest: () => {
              throw bug;
            },
          },
          0,
        ],
      ];
      for (const [hook, extra, sent] of cases) {
        server.reset();
        server.always(reply(200, { ...handover, status: 42 }));
        const err = await client({ retries: 2, ...extra })
          .handovers.get('h1')
          .catch((e: unknown) => e);
        assert.ok(err instanceof NetworkError, `${hook}: ${String(err)}`);
        assert.equal(err.code, 'network_error');
        assert.equal(err.cause, bug, hook);
        assert.equal(server.seen.length, sent, `${hook}: not retried`);
      }
      server.always(reply(500, problem(500, 'internal_error')));
    });

    it('quotes no header value from a Headers or fetch refusal in the error or its cause', async () => {
      // Node's Headers and fetch quote the refused value in their TypeError; here it is the secret.
      const cases: [string, Partial<ClientOptions>][] = [
        ['getToken', { token: undefined, getToken: () => 'tok-secret\nx' }],
        ['token', { token: 'tok-secret\u0000x' }],
        ['headers', { headers: { 'x-api-key': 'tok-secret\r\nx' } }],
        [
          'fetch',
          { fetch: (req) => fetch(req as Request, { headers: { authorization: 'Bearer tok-secret\u0000x' } }) },
        ],
      ];
      for (const [where, extra] of cases) {
        server.reset();
        server.queue(reply(200, handover));
        const err = await client({ retries: 0, ...extra })
          .handovers.get('h1')
          .catch((e: unknown) => e);
        assert.ok(err instanceof NetworkError, `${where}: ${String(err)}`);
        assert.ok(err.cause instanceof Error, where);
        assert.match(String(err.cause), /header value/, where);
        assert.ok(!inspect(err, { depth: 10 }).includes('tok-secret'), `${where}: ${inspect(err)}`);
      }
    });

    it('cuts every header value it sent out of a cause, however it is quoted, and keeps the rest', async () => {
      // A fetch (a polyfill, a proxy's) or a hook can quote a value in words no pattern foresees.
      const refuse = (text: (req: Request) => string) => (req: unknown) =>
        Promise.reject(new TypeError(text(req as Request)));
      const cases: [string, () => Promise<unknown>, string][] = [
        [
          'Authorization',
          () =>
            client({
              retries: 0,
              token: 'tok-secret',
              fetch: refuse((r) => `refused ${r.headers.get('authorization')}`),
            }).handovers.get('h1'),
          'refused Bearer [redacted]',
        ],
        [
          'a custom header',
          () =>
            client({
              retries: 0,
              headers: { 'x-api-key': ' tok-secret-key ' },
              fetch: refuse((r) => `x-api-key=${r.headers.get('x-api-key')} is not allowed here`),
            }).handovers.get('h1'),
          'x-api-key=[redacted] is not allowed here',
        ],
        [
          'a number given as a header value (plain JavaScript)',
          () =>
            client({
              retries: 0,
              headers: { 'x-school': 4_000_123 as unknown as string },
              fetch: refuse((r) => `x-school=${r.headers.get('x-school')} is unknown`),
            }).handovers.get('h1'),
          'x-school=[redacted] is unknown',
        ],
        [
          'a header given for one call',
          () =>
            client({
              retries: 0,
              fetch: refuse((r) => `x-api-key=${r.headers.get('x-api-key')} is not allowed here`),
            }).handovers.get('h1', { headers: { 'x-api-key': 'tok-secret-call' } }),
          'x-api-key=[redacted] is not allowed here',
        ],
        [
          'Idempotency-Key',
          () =>
            client({
              retries: 0,
              onRequest: (info) => {
                throw new Error(`the queue already holds ${info.idempotencyKey}`);
              },
            }).handovers.create(
              { transition: 'y6-to-y7', learnerId: 'l1', receivingOrganisationId: null },
              { idempotencyKey: 'tok-secret-job-7' },
            ),
          'the queue already holds [redacted]',
        ],
        [
          'a refusal, which keeps its own words',
          () => client({ retries: 0, token: 'tok-secret\nx' }).handovers.get('h1'),
          'Headers.set: "Bearer [redacted]" is an invalid header value.',
        ],
      ];
      for (const [where, call, message] of cases) {
        server.reset();
        const err = await call().catch((e: unknown) => e);
        assert.ok(err instanceof NetworkError, `${where}: ${String(err)}`);
        assert.ok(!inspect(err, { depth: 10 }).includes('tok-secret'), `${where}: ${inspect(err, { depth: 10 })}`);
        assert.equal((err.cause as Error).message, message, where);
        assert.equal(server.seen.length, 0, where);
      }
    });

    it('keeps a cause that quotes no value whole, and of one that does loses only the value', async () => {
      // A character fetch cannot send is reported by its position: nothing secret, nothing to replace.
      const byteString = await client({ retries: 0, token: 'tok€secret' })
        .handovers.get('h1')
        .catch((e: unknown) => e);
      assert.ok(byteString instanceof NetworkError, String(byteString));
      assert.match(
        (byteString.cause as Error).message,
        /^Cannot convert argument to a ByteString because the character/,
      );
      // The host's fetch adds a header of its own, which the SDK never saw: the refusal is cut where it quotes it,
      // and the error around it, its code and its stack stay as they were.
      const inner = new TypeError('Headers.append: "Bearer tok-secret\u0000x" is an invalid header value.');
      const outer = Object.assign(new TypeError('fetch failed', { cause: inner }), { code: 'E_HOST_FETCH' });
      const err = await client({ retries: 0, fetch: () => Promise.reject(outer) })
        .handovers.get('h1')
        .catch((e: unknown) => e);
      assert.ok(err instanceof NetworkError, String(err));
      const cause = err.cause as TypeError & { code?: string };
      assert.ok(cause instanceof TypeError);
      assert.equal(cause.message, 'fetch failed');
      assert.equal(cause.code, 'E_HOST_FETCH');
      assert.match(cause.stack ?? '', /faults\.test\.ts/, 'the stack still says where it was thrown');
      assert.equal((cause.cause as Error).message, 'Headers.append: "[redacted]" is an invalid header value.');
      assert.ok(!inspect(err, { depth: 10 }).includes('tok-secret'), inspect(err, { depth: 10 }));
      // Nothing to cut: the host's own error is handed back as it is.
      const plain = new TypeError('Failed to fetch');
      const same = await client({ retries: 0, fetch: () => Promise.reject(plain) })
        .handovers.get('h1')
        .catch((e: unknown) => e);
      assert.equal((same as NetworkError).cause, plain);
    });

    it('a write whose onResponse throws still resolves, and the exception goes to the logger', async () => {
      const bug = new TypeError('hook bug');
      const warnings: [string, Record<string, unknown> | undefined][] = [];
      server.queue(reply(201, handover));
      const created = await client({
        onResponse: () => {
          throw bug;
        },
        logger: { warn: (m, d) => warnings.push([m, d]) },
      }).handovers.create(
        { transition: 'y6-to-y7', learnerId: handover.learnerId, receivingOrganisationId: null },
        { idempotencyKey: 'k1' },
      );
      assert.equal(created.id, handover.id);
      assert.equal(server.seen.length, 1, 'not retried');
      assert.equal(warnings.length, 1);
      const [message, details] = warnings[0]!;
      assert.match(
        message,
        /onResponse .* threw while observing POST \/v1\/handovers; the request's result is unchanged/,
      );
      assert.deepEqual(details, { code: 'hook_failed', hook: 'onResponse', error: bug });
    });

    it('a logger that throws does not fail the call: the console is told instead', async () => {
      const bug = new TypeError('logger bug');
      const seen: unknown[][] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void seen.push(args);
      try {
        for (const extra of [
          {}, // no logger: onResponse's exception goes to the console
          {
            validation: 'warn' as const,
            logger: {
              warn: () => {
                throw bug;
              },
            },
          },
        ]) {
          server.reset();
          // A bad status, so that warn mode has something to tell the logger.
          server.queue(reply(200, 'logger' in extra ? { ...handover, status: 42 } : handover));
          const got = await client({
            ...extra,
            onResponse: () => {
              throw bug;
            },
          }).handovers.get('h1', { timeoutMs: 1_000 });
          assert.equal(got.id, handover.id);
          assert.equal(server.seen.length, 1);
        }
      } finally {
        console.warn = original;
      }
      assert.deepEqual(
        seen.map(([, d]) => (d as { hook: string }).hook),
        ['onResponse', 'onResponse', 'logger'],
      );
      assert.ok(seen.every(([, d]) => (d as { error: unknown }).error === bug));
    });

    it('treats a custom fetch that throws at once like one that rejects: a NetworkError, retried', async () => {
      const bug = new TypeError('Failed to fetch (polyfill)');
      let calls = 0;
      const err = await client({
        retries: 2,
        fetch: () => {
          calls++;
          throw bug;
        },
      })
        .services.get('s1')
        .catch((e: unknown) => e);
      assert.ok(err instanceof NetworkError, String(err));
      assert.equal(err.cause, bug);
      assert.equal(calls, 3);
    });

    /*
     * The next four tests hold every attempt's time limit (LIMIT) and the time a refresh stays shared (four times
     * it), and end each wait themselves at the point the test is about, so a slow machine cannot end one early
     * (a 401 that took longer than the limit used to fail them) or late.
     */
    const LIMIT = 4_321;
    const SHARED = 4 * LIMIT;
    /** A host whose refresh runs until the test calls `finish`, then hands out `fresh-<n>`. `started` hears it begin. */
    function heldRefresh() {
      const host = {
        refreshes: 0,
        current: 'stale',
        started: undefined as undefined | (() => void),
        finish: () => {},
        getToken: async ({ refresh }: TokenContext) => {
          if (!refresh) return host.current;
          host.refreshes++;
          host.started?.();
          await new Promise<void>((r) => (host.finish = r));
          return (host.current = `fresh-${host.refreshes}`);
        },
      };
      return host;
    }
    /** Resolves once `host`'s next refresh has begun and the attempt waiting for it has set its time limit. */
    const refreshBegins = (host: { started: undefined | (() => void) }) =>
      new Promise<void>((r) => (host.started = r)).then(() => new Promise((r) => setImmediate(r)));
    /** Ends the pending waits of one attempt's time limit. */
    const endAttemptLimit = (clock: HeldClock) => {
      const pending = clock.pending().filter((t) => t.ms === LIMIT);
      assert.ok(pending.length > 0, 'an attempt is waiting under its time limit');
      for (const t of pending) t.release();
    };
    /** Ends the one pending wait for which a refresh stays shared, so that refresh is given up. */
    const giveUpSharedRefresh = (clock: HeldClock) => {
      const shared = clock.pending().filter((t) => t.ms === SHARED);
      assert.equal(shared.length, 1, 'the refresh is still shared');
      shared[0]!.release();
    };
    type HeldClock = ReturnType<typeof holdTimers>;
    /**
     * Starts `start()` with `host`'s refresh under way, ends its first attempt's time limit, and resolves once the
     * retry waits for a token again, under a time limit of its own. The call comes back wrapped, since resolving
     * with it would wait for it to end.
     */
    async function retryWaitingForToken<T>(
      host: { started: undefined | (() => void) },
      clock: HeldClock,
      start: () => Promise<T>,
    ): Promise<{ call: Promise<T> }> {
      const began = refreshBegins(host);
      const call = start();
      await began;
      const mark = clock.held.length;
      endAttemptLimit(clock);
      await clock.next(mark);
      return { call };
    }
    /**
     * Runs `test` with LIMIT and SHARED held. Afterwards every held wait is let go and any request still to come is
     * answered with a 500, so a call the test left waiting cannot reach the next test's server.
     */
    async function withHeldLimits(test: (clock: HeldClock) => Promise<void>): Promise<void> {
      const clock = holdTimers((ms) => ms === LIMIT || ms === SHARED);
      try {
        await test(clock);
      } finally {
        clock.restore();
        clock.releaseAll();
        server.always(reply(500, problem(500, 'internal_error')));
      }
    }
    /** A host whose first refresh never settles; a later one hands out `fresh` at once. `started` hears the first. */
    function stuckRefresh() {
      const host = {
        refreshes: 0,
        started: undefined as undefined | (() => void),
        getToken: ({ refresh }: TokenContext): string | Promise<string> =>
          !refresh ? 'stale' : ++host.refreshes === 1 ? (host.started?.(), new Promise<string>(() => {})) : 'fresh',
      };
      return host;
    }

    it('a token refresh that never settles is given up, so the next 401 starts a new refresh instead of timing out', async () => {
      server.queue(
        reply(401, problem(401, 'token_expired')),
        reply(401, problem(401, 'token_expired')),
        reply(200, handover),
      );
      const host = stuckRefresh();
      const c = client({ token: undefined, retries: 0, timeoutMs: LIMIT, getToken: host.getToken });
      await withHeldLimits(async (clock) => {
        const began = refreshBegins(host);
        const call = c.handovers.get('h1').catch((e: unknown) => e);
        await began;
        endAttemptLimit(clock);
        const first = await call;
        assert.ok(first instanceof TimeoutError, String(first));
        assert.equal(first.code, 'token_timeout');
        // The refresh (which never settles here) stays shared for four time limits after it began, then is given up.
        giveUpSharedRefresh(clock);
        const second = await c.handovers.get('h1');
        assert.equal(second.id, handover.id);
        assert.equal(server.seen[2]!.headers.authorization, 'Bearer fresh');
      });
      assert.equal(host.refreshes, 2);
    });

    it('a refresh slower than the attempt’s time limit is still shared by the next 401, so it is spent once', async () => {
      // The host rotates single-use refresh tokens: a second refresh while the first is under way would fail.
      const host = heldRefresh();
      refuseStale();
      await withHeldLimits(async (clock) => {
        let refused!: (mark: number) => void;
        const secondRefused = new Promise<number>((r) => (refused = r));
        const c = client({
          token: undefined,
          retries: 0,
          timeoutMs: LIMIT,
          getToken: host.getToken,
          onResponse: (i) => {
            if (i.status === 401 && i.url.endsWith('/second')) refused(clock.held.length);
          },
        });
        const began = refreshBegins(host);
        const first = c.handovers.get('first').catch((e: unknown) => e);
        await began;
        endAttemptLimit(clock);
        const err = await first;
        assert.ok(err instanceof TimeoutError && err.code === 'token_timeout', String(err));
        // The refresh is still under way, so the host still hands out the refused token: a second 401.
        const second = c.handovers.get('second');
        // Once the second call waits for a token again (a new time limit), the refresh ends.
        await clock.next(await secondRefused);
        host.finish();
        assert.equal((await second).id, handover.id);
      });
      assert.equal(host.refreshes, 1);
      assert.equal(server.seen.at(-1)!.headers.authorization, 'Bearer fresh-1');
    });

    it('the retry after a refresh outlasted the attempt’s time limit waits for that refresh, not the refused token', async () => {
      // Until the refresh ends, the host still hands out the refused token: the retry took it, got a second 401,
      // and failed with AuthError (a host would sign the person out) while the refresh it was waiting for came in.
      const host = heldRefresh();
      const c = client({ token: undefined, retries: 2, timeoutMs: LIMIT, getToken: host.getToken });
      refuseStale();
      await withHeldLimits(async (clock) => {
        // The retry's own time limit: it is waiting again, for a token. Only now does the refresh end.
        const { call } = await retryWaitingForToken(host, clock, () => c.handovers.get('h1'));
        host.finish();
        assert.equal((await call).id, handover.id);
      });
      assert.equal(host.refreshes, 1);
      assert.deepEqual(
        server.seen.map((s) => s.headers.authorization),
        ['Bearer stale', 'Bearer fresh-1'],
      );
    });

    it('a retry after the shared refresh was given up starts a new refresh instead of failing on the old one', async () => {
      const host = stuckRefresh();
      const c = client({ token: undefined, retries: 8, timeoutMs: LIMIT, getToken: host.getToken });
      refuseStale();
      await withHeldLimits(async (clock) => {
        // The retry waits for the same refresh, under a time limit of its own.
        const { call } = await retryWaitingForToken(host, clock, () => c.handovers.get('h1'));
        // Four time limits after it began, the refresh is given up; the next retry must start a new one.
        giveUpSharedRefresh(clock);
        assert.equal((await call).id, handover.id);
      });
      assert.equal(host.refreshes, 2);
      assert.deepEqual(
        server.seen.map((s) => s.headers.authorization),
        ['Bearer stale', 'Bearer fresh'],
      );
    });

    it('an abort during the request rejects with AbortError, not TimeoutError', async () => {
      server.queue(slow(10_000, reply(200, servicePage)));
      const controller = new AbortController();
      const p = client().services.get('a', { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const err = await p.catch((e: unknown) => e);
      assert.equal((err as Error).name, 'AbortError');
    });

    it('reports each attempt to onRequest and onResponse', async () => {
      const events: string[] = [];
      server.queue(reply(503, problem(503, 'unavailable')), reply(200, servicePage));
      await client({
        onRequest: (i) => events.push(`req ${i.method} ${i.attempt}`),
        onResponse: (i) => events.push(`res ${i.status} ${i.attempt} ${i.requestId}`),
      }).services.search({});
      assert.deepEqual(events, ['req GET 1', 'res 503 1 req-test', 'req GET 2', 'res 200 2 req-test']);
    });

    it('gives the hooks a service search URL with every parameter about a child or family redacted, and sends it whole', async () => {
      const urls: string[] = [];
      server.queue(reply(200, servicePage));
      await client({
        onRequest: (i) => urls.push(i.url),
        onResponse: (i) => urls.push(i.url),
      }).services.search({
        q: 'Ava Testington',
        age: 7,
        language: 'Polish',
        accessibility: 'Autism-friendly',
        free: true,
        taxonomy: 'send-support',
        lat: 51.48,
        lng: -3.18,
        radiusKm: 5,
        day: 'SA',
        time: '10:00',
        limit: 20,
      });
      assert.equal(urls.length, 2);
      for (const url of urls) {
        const params = new URL(url).searchParams;
        for (const name of ['q', 'age', 'language', 'accessibility', 'free', 'taxonomy', 'lat', 'lng'])
          assert.equal(params.get(name), '[redacted]', `${name} in ${url}`);
        // What a service offers, and paging, say nothing about the family and stay readable in a log.
        assert.deepEqual(
          ['radiusKm', 'day', 'time', 'limit'].map((n) => params.get(n)),
          ['5', 'SA', '10:00', '20'],
        );
        assert.ok(!/Testington|Polish|send-support/.test(url), url);
      }
      const sent = new URL(server.seen[0]!.url, 'http://x').searchParams;
      assert.deepEqual([sent.get('q'), sent.get('age'), sent.get('language')], ['Ava Testington', '7', 'Polish']);
    });
    it('hides from the hooks every parameter about a child or family that the ORUK reader sends, in 3.0 and 1.0', async () => {
      for (const version of ['3.0', '1.0'] as const) {
        server.reset();
        server.queue(reply(200, { contents: [], total_items: 0, total_pages: 1, page_number: 1 }));
        const urls: string[] = [];
        await createOrukReader(server.url, {
          version,
          onRequest: (i) => urls.push(i.url),
          onResponse: (i) => urls.push(i.url),
        }).search({
          q: 'domestic abuse support',
          taxonomy: 'send-support',
          age: 9,
          day: 'MO',
          time: '16:00',
          postcode: 'CF10 1AA',
          proximity: 2000,
        });
        const personal =
          version === '1.0'
            ? ['text', 'taxonomy_id', 'minimum_age', 'maximum_age', 'postcode']
            : ['search', 'taxonomy_term_id', 'minimum_age', 'maximum_age', 'postcode'];
        const sent = new URL(server.seen[0]!.url, 'http://x').searchParams;
        for (const name of personal) assert.ok(sent.get(name), `${version} sends ${name}`);
        assert.equal(urls.length, 2);
        for (const url of urls) {
          const params = new URL(url).searchParams;
          for (const name of personal) assert.equal(params.get(name), '[redacted]', `${name} in ${url}`);
          assert.deepEqual(
            ['day', 'start_time', 'proximity'].map((n) => params.get(n)),
            ['MO', '16:00', '2000'],
          );
          assert.ok(!/abuse|send-support|CF10/.test(url), url);
        }
      }
    });
  });

  describe('pagination', () => {
    it('follows cursors across pages, and a repeated cursor ends the list with an error, not quietly', async () => {
      const [a, b, c] = services;
      server.queue(
        reply(200, { data: [a], nextCursor: 'c1' }),
        reply(200, { data: [b], nextCursor: 'c2' }),
        reply(200, { data: [c], nextCursor: 'c2' }),
      );
      const ids: string[] = [];
      await assert.rejects(
        async () => {
          for await (const s of client().services.search({ limit: 1 })) ids.push(s.id);
        },
        (e: unknown) => e instanceof C2cError && e.code === 'repeated_cursor' && /could not be read/.test(e.message),
      );
      assert.deepEqual(ids, [a!.id, b!.id, c!.id]);
      assert.deepEqual(
        server.seen.map((s) => new URL(s.url, 'http://x').searchParams.get('cursor')),
        [null, 'c1', 'c2'],
      );
    });

    it('started from a cursor, does not fetch and repeat that page when the hub hands the same cursor back', async () => {
      const [a, b] = services;
      server.queue(reply(200, { data: [a, b], nextCursor: 'c1' }), reply(200, { data: [a, b], nextCursor: 'c1' }));
      const ids: string[] = [];
      await assert.rejects(
        async () => {
          for await (const s of client().services.search({ cursor: 'c1' })) ids.push(s.id);
        },
        (e: unknown) => e instanceof C2cError && e.code === 'repeated_cursor',
      );
      assert.deepEqual(ids, [a!.id, b!.id]);
      assert.equal(server.seen.length, 1);
    });

    it('stops after MAX_EMPTY_PAGES empty pages in a row, each with a new cursor, with an error', async () => {
      const [a] = services;
      server.queue(
        reply(200, { data: [a], nextCursor: 'c0' }),
        ...Array.from({ length: MAX_EMPTY_PAGES + 5 }, (_, i) => reply(200, { data: [], nextCursor: `c${i + 1}` })),
      );
      await assert.rejects(
        client().services.search({}).toArray(Infinity),
        (e: unknown) => e instanceof C2cError && e.code === 'empty_pages' && /could not be read/.test(e.message),
      );
      assert.equal(server.seen.length, 1 + MAX_EMPTY_PAGES);
    });

    it('follows a run of empty pages shorter than MAX_EMPTY_PAGES, and counts afresh after a full page', async () => {
      const [a, b] = services;
      const empties = (from: number) =>
        Array.from({ length: MAX_EMPTY_PAGES - 1 }, (_, i) => reply(200, { data: [], nextCursor: `e${from + i}` }));
      server.queue(
        reply(200, { data: [a], nextCursor: 'c1' }),
        ...empties(0),
        reply(200, { data: [b], nextCursor: 'c2' }),
        ...empties(100),
        reply(200, { data: [], nextCursor: null }),
      );
      const ids = (await client().services.search({}).toArray()).map((s) => s.id);
      assert.deepEqual(ids, [a!.id, b!.id]);
    });

    it('toArray stops at its cap without fetching further pages', async () => {
      const [a, b] = services;
      server.queue(reply(200, { data: [a, b], nextCursor: 'c1' }));
      const items = await client().services.search({}).toArray(1);
      assert.equal(items.length, 1);
      assert.equal(server.seen.length, 1);
    });

    it('sends nothing until awaited or iterated', async () => {
      client().services.search({});
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(server.seen.length, 0);
    });
  });

  describe('ids in paths', () => {
    it('refuses an id that is empty, "." or "..", which would address another route, and sends nothing', async () => {
      server.always(reply(200, { data: [], nextCursor: null }));
      const c = client({ validation: 'off' });
      const feed = createOrukReader(`${server.url}/oruk`, fast);
      // Before, `learners.get('.')` read GET /v1/learners/ (the list), `signposting.delete('..')` sent DELETE /v1/,
      // and `learners.export('..')` asked for GET /v1/export.
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['learners.get(".")', () => c.learners.get('.')],
        ['learners.export("..")', () => c.learners.export('..')],
        ['handovers.get("")', () => c.handovers.get('')],
        ['handovers.submit("..")', () => c.handovers.submit('..')],
        ['signposting.delete("..")', () => c.signposting.delete('..')],
        ['pathways.addEvent("..")', () => c.pathways.addEvent('..', {} as never)],
        ['feed.get("..")', () => feed.get('..')],
      ];
      for (const [name, call] of calls)
        await assert.rejects(
          call(),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_id' && !e.message.includes('undefined'),
          name,
        );
      assert.deepEqual(
        server.seen.map((s) => `${s.method} ${s.url}`),
        [],
      );
    });

    it('still sends ids that merely contain dots, or an encoded slash, as one segment', async () => {
      server.always(reply(404, problem(404, 'not_found')));
      const c = client({ retries: 0 });
      for (const id of ['...', 'a.b', '..%2F', '../x'])
        await assert.rejects(c.learners.get(id), (e: unknown) => e instanceof ApiError && e.status === 404, id);
      assert.deepEqual(
        server.seen.map((s) => s.url),
        ['/v1/learners/...', '/v1/learners/a.b', '/v1/learners/..%252F', '/v1/learners/..%2Fx'],
      );
    });
  });
});

describe('retry arithmetic', () => {
  // The jitter itself is ky's (`retry.jitter: true`, a random wait between zero and the delay); the SDK gives
  // ky the capped exponential ceiling, counted from 1 for the first retry as ky counts.
  it('the backoff ceiling doubles from the base and is capped before the jitter', () => {
    assert.equal(backoffCeilingMs(1, 100, 1_000), 100);
    assert.equal(backoffCeilingMs(4, 100, 1_000), 800);
    assert.equal(backoffCeilingMs(11, 100, 1_000), 1_000);
  });

  it('full jitter reaches ky: even a wait at the cap is random between zero and the ceiling', async () => {
    const server = await fakeServer();
    const random = Math.random;
    Math.random = () => 0.5;
    const clock = holdTimers((ms) => ms === 5_000 || ms === 10_000);
    try {
      server.queue(reply(503, problem(503, 'unavailable')), drop, reply(200, servicePage));
      const call = outcome(
        createClient({ baseUrl: server.url, backoffBaseMs: 10_000, backoffMaxMs: 10_000 }).services.search({}),
      );
      const waits: number[] = [];
      for (;;) {
        const next = await Promise.race([call, clock.next()]);
        if ('settled' in next) break;
        waits.push(next.ms);
        next.release();
      }
      assert.equal((await call).error, undefined);
      // Without jitter, both waits would be the whole 10 s ceiling.
      assert.deepEqual(waits, [5_000, 5_000]);
      assert.equal(server.seen.length, 3);
    } finally {
      clock.restore();
      clock.releaseAll();
      Math.random = random;
      await server.close();
    }
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3_000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
    // A signed number is not a delay: before, '-1' was read as a date long past, so the retry went at once.
    assert.equal(parseRetryAfter('-1'), undefined);
    assert.equal(parseRetryAfter('+5'), undefined);
  });

  it('reads the three HTTP date forms as GMT, and nothing else as a date', () => {
    const now = Date.UTC(2026, 6, 6, 8, 40, 0);
    // In July the UK is an hour ahead of GMT: Date.parse read asctime's zoneless date as 07:49:37 GMT, long past.
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/London';
    try {
      for (const date of [
        'Mon, 06 Jul 2026 08:49:37 GMT',
        'Monday, 06-Jul-26 08:49:37 GMT',
        'Mon Jul  6 08:49:37 2026',
      ])
        assert.equal(parseRetryAfter(date, now), 577_000, date);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    // Before, Date.parse in Node and Chrome read these as dates: most long past (so the retry went at once, not
    // after the SDK's own backoff), '3600.' as the year 3600; other browsers read none of them.
    for (const junk of ['5.', '.5', '3600.', '60;', '1,5', 'abc 1', '30 Mon'])
      assert.equal(parseRetryAfter(junk, now), undefined, junk);
  });

  it('makes UUID v4 idempotency keys even where crypto.randomUUID is missing (plain-HTTP pages)', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(newIdempotencyKey(), uuid);
    // Browsers define randomUUID only in secure contexts; hide it the way an http:// page would.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
      assert.equal(keys.size, 200);
      for (const k of keys) assert.match(k, uuid);
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    assert.equal(typeof globalThis.crypto.randomUUID, 'function');
  });

  it('refuses a number option that is not a number, which would retry for ever or never time out', () => {
    // `Number(process.env.C2C_RETRIES)` is NaN when the variable is unset. ky compares retry counts with the
    // limit, and every comparison with NaN is false: a failing request was retried without end, hammering the hub.
    for (const option of ['retries', 'timeoutMs', 'backoffBaseMs', 'backoffMaxMs', 'maxRetryAfterMs'] as const) {
      for (const value of [Number.NaN, '3' as unknown as number, -1, -Infinity]) {
        assert.throws(
          () => createClient({ baseUrl: 'https://hub.example.org', [option]: value }),
          (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes(option),
          `${option}: ${String(value)}`,
        );
      }
    }
    // A count of retries is a whole number: Infinity retried a hub that was down without end.
    for (const retries of [Infinity, 2.5])
      assert.throws(
        () => createClient({ baseUrl: 'https://hub.example.org', retries }),
        (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes('retries'),
        `retries: ${retries}`,
      );
    assert.doesNotThrow(() => createClient({ baseUrl: 'https://hub.example.org', timeoutMs: 0, retries: 0 }));
  });

  it('refuses one call’s timeoutMs that is not a number from 0, which would run it with no time limit', async () => {
    const c = createClient({ baseUrl: 'https://hub.example.org', fetch: () => Promise.reject(new Error('not sent')) });
    for (const timeoutMs of [Number.NaN, -1])
      await assert.rejects(
        c.services.search({}, { timeoutMs }),
        (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes('timeoutMs'),
        String(timeoutMs),
      );
  });

  it('refuses one call’s maxRetries that is not a whole number from 0 to 10, sending nothing', async () => {
    let sent = 0;
    let tokens = 0;
    const c = createClient({
      baseUrl: 'https://hub.example.org',
      getToken: () => (tokens++, 'demo_x'),
      fetch: () => (sent++, Promise.resolve(Response.json(servicePage))),
    });
    for (const maxRetries of [Number.NaN, -1, 1.5, 11, Infinity, '2' as unknown as number])
      await assert.rejects(
        c.services.search({}, { maxRetries }),
        (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes('maxRetries'),
        String(maxRetries),
      );
    assert.equal(sent, 0, 'nothing sent');
    assert.equal(tokens, 0, 'no token asked for');
    for (const maxRetries of [0, 10]) await c.services.search({}, { maxRetries });
    assert.equal(sent, 2);
  });

  it('refuses an ORUK reader whose maxPages is not a whole number of pages, which would read nothing', () => {
    for (const maxPages of [Number.NaN, 0, 2.5])
      assert.throws(
        () => createOrukReader('https://feed.example.org', { maxPages }),
        (e: unknown) => e instanceof C2cError && e.code === 'invalid_options' && e.message.includes('maxPages'),
        String(maxPages),
      );
    assert.doesNotThrow(() => createOrukReader('https://feed.example.org', { maxPages: 1 }));
  });

  it('refuses an ORUK page or perPage that is not a whole number from 1, sending nothing, instead of page=NaN', async () => {
    let sent = 0;
    const reader = createOrukReader('https://feed.example.org', {
      fetch: () => (sent++, Promise.resolve(Response.json({ contents: [], total_pages: 1, page_number: 1 }))),
    });
    for (const [name, value] of [
      ['page', Number.NaN],
      ['page', 0],
      ['page', -1],
      ['page', 1.5],
      ['perPage', Number.NaN],
    ] as const) {
      const isRefusal = (e: unknown) =>
        e instanceof C2cError && e.code === 'invalid_options' && e.message.includes(name);
      await assert.rejects(reader.search({ [name]: value }), isRefusal, `search ${name} ${value}`);
      const pages = reader.all({ [name]: value });
      await assert.rejects(pages[Symbol.asyncIterator]().next(), isRefusal, `all ${name} ${value}`);
    }
    assert.equal(sent, 0);
    await reader.search({ page: 1, perPage: 10 });
    assert.equal(sent, 1);
  });

  it('names the function the caller called when it refuses an option, not createClient', () => {
    // A school website that only reads a council's feed never calls createClient; the message must say where to look.
    const makers = [
      ['createOrukReader', (o: { baseUrl: string; retries?: number }) => createOrukReader(o.baseUrl, o)],
      ['createServicesClient', (o: { baseUrl: string; retries?: number }) => createServicesClient(o)],
      ['createClient', (o: { baseUrl: string; retries?: number }) => createClient(o)],
    ] as const;
    for (const [name, make] of makers)
      for (const options of [
        { baseUrl: 'feed.example.org' },
        { baseUrl: 'https://feed.example.org/?api_key=s3cret' },
        { baseUrl: 'https://feed.example.org', retries: Number.NaN },
      ])
        assert.throws(
          () => make(options),
          (e: unknown) =>
            e instanceof C2cError &&
            e.code === 'invalid_options' &&
            (e.message.startsWith(`${name} `) || e.message.startsWith(`${name}'s `)),
          `${name}: ${JSON.stringify(options)}`,
        );
  });

  it('refuses a client without a usable baseUrl, with a stable code', () => {
    assert.throws(
      () => createClient({ baseUrl: 'hub.example.org' }),
      (e: unknown) => e instanceof C2cError && e.code === 'invalid_options',
    );
  });

  it('refuses a baseUrl with a password, a query or a fragment at once, without quoting it', async () => {
    // Before, each call threw fetch's plain TypeError quoting the whole URL, password and the search's words with it
    // ("Request cannot be constructed from a URL that includes credentials: https://ops:s3cret@…?q=Amelia+Okafor"),
    // an unparseable address did the same, and a query or fragment had every path appended inside it.
    const bases = [
      'https://ops:s3cret@hub.example.org',
      'https://ops@hub.example.org',
      'https://hub.example.org/oruk?api_key=s3cret',
      'https://hub.example.org/?',
      'https://hub.example.org/#s3cret',
      'http://hub exa mple.org/s3cret',
    ];
    for (const baseUrl of bases) {
      const refused = (e: unknown) =>
        e instanceof C2cError &&
        e.code === 'invalid_options' &&
        !e.message.includes('s3cret') &&
        !e.message.includes('ops');
      assert.throws(() => createClient({ baseUrl, fetch: () => Promise.reject(new Error('sent')) }), refused, baseUrl);
      assert.throws(() => createOrukReader(baseUrl), refused, baseUrl);
    }
    assert.equal(
      createClient({ baseUrl: 'https://hub.example.org/api/' }).options.baseUrl,
      'https://hub.example.org/api/',
    );
  });

  it('refuses a hub baseUrl that ends in /v1, which the SDK adds itself; a feed’s may', () => {
    for (const baseUrl of ['https://hub.example.org/v1', 'https://hub.example.org/api/v1/']) {
      const refused = (e: unknown) =>
        e instanceof C2cError && e.code === 'invalid_options' && /must not end in \/v1/.test(e.message);
      assert.throws(() => createClient({ baseUrl }), refused, baseUrl);
      assert.throws(() => createServicesClient({ baseUrl }), refused, baseUrl);
    }
    assert.equal(
      createClient({ baseUrl: 'https://hub.example.org/v1api' }).options.baseUrl,
      'https://hub.example.org/v1api',
    );
    assert.doesNotThrow(() => createOrukReader('https://directory.example.gov.uk/api/v1'));
  });
});
