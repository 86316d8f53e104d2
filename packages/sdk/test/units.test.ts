/**
 * The pure parts of the pipeline, exercised directly: the error mapping table, the retry rules, and the
 * paging contract (property-based, with fast-check).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ApiError,
  AuthError,
  C2cError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PagePromise,
  RateLimitError,
  ValidationError,
  errorFromResponse,
} from '@c2c/sdk';
import { isRetryableStatus } from '../src/internal/retry.js';

const problem = (status: number, code: string, extra: object = {}) => ({
  type: 'about:blank',
  title: code,
  status,
  code,
  detail: `Detail for ${code}.`,
  ...extra,
});

describe('errorFromResponse: one mapping from status and problem code to class', () => {
  const cases: Array<[number, string, new (...a: never[]) => ApiError]> = [
    [400, 'validation_failed', ValidationError],
    [422, 'idempotency_key_reused', ValidationError],
    [401, 'token_expired', AuthError],
    [403, 'forbidden', ForbiddenError],
    [404, 'not_found', NotFoundError],
    [409, 'version_conflict', ConflictError],
    [429, 'rate_limited', RateLimitError],
  ];
  for (const [status, code, cls] of cases) {
    it(`${status} ${code} is a ${cls.name}`, () => {
      const err = errorFromResponse({
        status,
        headers: new Headers({ 'x-request-id': 'r-1' }),
        body: problem(status, code),
      });
      assert.ok(err instanceof cls);
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.equal(err.detail, `Detail for ${code}.`);
      assert.equal(err.message, err.detail);
      assert.equal(err.requestId, 'r-1');
    });
  }

  it('409 idempotency_in_progress is a plain ApiError, not a conflict', () => {
    const err = errorFromResponse({
      status: 409,
      headers: new Headers(),
      body: problem(409, 'idempotency_in_progress'),
    });
    assert.equal(err.constructor, ApiError);
  });

  it('a body that is not a problem still gives a stable code and a readable message', () => {
    const err = errorFromResponse({ status: 503, headers: new Headers(), body: undefined });
    assert.equal(err.code, 'unavailable');
    assert.match(err.message, /Try again/);
    const teapot = errorFromResponse({ status: 418, headers: new Headers(), body: 'I am a teapot' });
    assert.equal(teapot.code, 'http_error');
  });

  it('keeps only well-formed field issues from a validation problem', () => {
    const err = errorFromResponse({
      status: 400,
      headers: new Headers(),
      body: problem(400, 'validation_failed', {
        errors: [{ path: 'a', code: 'required', message: 'x' }, 'junk', { nope: 1 }],
      }),
    }) as ValidationError;
    assert.deepEqual(err.issues, [{ path: 'a', code: 'required', message: 'x' }]);
  });
});

describe('isRetryableStatus', () => {
  it('retries exactly 408, 409 idempotency_in_progress, 425, 429 and 5xx', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.constantFrom('version_conflict', 'idempotency_in_progress', 'validation_failed', undefined),
        (status, code) => {
          const expected =
            status === 408 ||
            status === 425 ||
            status === 429 ||
            status >= 500 ||
            (status === 409 && code === 'idempotency_in_progress');
          assert.equal(isRetryableStatus(status, code), expected);
        },
      ),
    );
  });
});

describe('PagePromise', () => {
  /** A paged source over `pages`, counting fetches; cursors are page indexes. */
  function source(pages: number[][]) {
    let fetches = 0;
    const fetchPage = async (cursor: string | undefined) => {
      fetches++;
      const i = cursor === undefined ? 0 : Number(cursor);
      return { data: pages[i] ?? [], nextCursor: i + 1 < pages.length ? String(i + 1) : null };
    };
    return { promise: () => new PagePromise<number>(fetchPage), fetches: () => fetches };
  }

  it('iteration yields every item of every page, in order, fetching each page once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        async (pages) => {
          const s = source(pages);
          const seen: number[] = [];
          for await (const n of s.promise()) seen.push(n);
          assert.deepEqual(seen, pages.flat());
          assert.equal(s.fetches(), pages.length);
        },
      ),
    );
  });

  it('toArray(max) returns the first max items and stops fetching once it has them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 30 }),
        async (pages, max) => {
          const s = source(pages);
          const got = await s.promise().toArray(max);
          assert.deepEqual(got, pages.flat().slice(0, max));
          // Pages needed to reach `max` items (at least the first, unless max is 0).
          let needed = 0;
          for (let total = 0; needed < pages.length && total < max; needed++) total += pages[needed]!.length;
          assert.equal(s.fetches(), max === 0 ? 0 : needed);
        },
      ),
    );
  });

  it('toArray() without a max throws too_many_items past 1,000 rather than hand back part of the list', async () => {
    const page = (from: number) => Array.from({ length: 250 }, (_, i) => from + i);
    // Exactly 1,000: all of it, no error.
    const exact = source([page(0), page(250), page(500), page(750)]);
    assert.equal((await exact.promise().toArray()).length, 1_000);
    // 1,001: an error that says what to do, not the first 1,000 as if they were all.
    const longer = source([page(0), page(250), page(500), page(750), [1_000]]);
    await assert.rejects(
      longer.promise().toArray(),
      (e: unknown) => e instanceof C2cError && e.code === 'too_many_items' && /toArray\(5000\)/.test(e.message),
    );
    // A max given is the caller's own cap: the first 1,000, silently.
    const capped = source([page(0), page(250), page(500), page(750), [1_000]]);
    assert.equal((await capped.promise().toArray(1_000)).length, 1_000);
    assert.equal(capped.fetches(), 4);
  });

  it('toArray refuses a max that is not a whole number from 0 or Infinity, before fetching', async () => {
    for (const max of [NaN, -1, 2.5, -Infinity, '5', null]) {
      const s = source([[1, 2], [3]]);
      await assert.rejects(
        s.promise().toArray(max as number),
        (e: unknown) => e instanceof C2cError && e.code === 'invalid_options',
        String(max),
      );
      assert.equal(s.fetches(), 0, String(max));
    }
  });

  it('toArray(Infinity) collects every item', async () => {
    const pages = Array.from({ length: 3 }, (_, i) => Array.from({ length: 600 }, (_, j) => i * 600 + j));
    assert.equal((await source(pages).promise().toArray(Infinity)).length, 1_800);
  });

  it('await and iteration share the first page', async () => {
    const s = source([[1, 2], [3]]);
    const p = s.promise();
    const first = await p;
    const all: number[] = [];
    for await (const n of p) all.push(n);
    assert.deepEqual(first.data, [1, 2]);
    assert.deepEqual(all, [1, 2, 3]);
    assert.equal(s.fetches(), 2);
  });
});

describe('client.options keeps its secrets out of printouts', () => {
  it('Node and JSON show [redacted] for the token and credential headers; reading and spreading still give them', async () => {
    const { inspect } = await import('node:util');
    const { createClient } = await import('@c2c/sdk');
    const { fakeServer, json } = await import('./fake-server.js');
    const server = await fakeServer();
    try {
      const token = 'tok_synthetic_0123456789';
      const hub = createClient({
        baseUrl: server.url,
        token,
        headers: { 'x-api-key': 'key_synthetic_abc', 'x-trace': 'visible-trace' },
      });
      for (const printed of [inspect(hub, { depth: 5 }), JSON.stringify(hub), JSON.stringify(hub.options)]) {
        assert.ok(!printed.includes(token), printed);
        assert.ok(!printed.includes('key_synthetic_abc'), printed);
        assert.match(printed, /\[redacted\]/);
        assert.match(printed, /visible-trace/);
      }
      assert.equal(hub.options.token, token);
      // A copy with other options is how people make a second client: it must still sign in.
      const copy = createClient({ ...hub.options, timeoutMs: 5_000 });
      server.queue((_req, res) =>
        json(res, 200, { userId: 'u1', organisationId: 'o1', role: 'teacher', name: 'A Teacher' }),
      );
      await copy.me().catch(() => undefined);
      assert.equal(server.seen[0]?.headers.authorization, `Bearer ${token}`);
      assert.equal(server.seen[0]?.headers['x-api-key'], 'key_synthetic_abc');
    } finally {
      await server.close();
    }
  });
});
