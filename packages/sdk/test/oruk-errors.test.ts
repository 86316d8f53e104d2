/**
 * Errors from a third-party feed, over a real local HTTP server: a feed's own text may quote the search words back
 * (a postcode, a child's name), so it stays out of everything an error hands a logger, and is kept only on
 * `untrustedDetail`. The hub's errors keep its own sentences (it never quotes input; see docs/sdk.md).
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createOrukReader, ApiError, NotFoundError, RateLimitError } from '@c2c/sdk/oruk';
import { createClient, ValidationError } from '@c2c/sdk';
import { drop, fakeServer, json, problem, raw, reply, slow } from './fake-server.js';

// Synthetic search words, as a family might type them.
const WORDS = 'Ffion Testchild';
const POSTCODE = 'ZZ99 9ZZ';
const echoed = `No services for "${WORDS}" near ${POSTCODE}.`;

/** Everything a logger or error reporter may copy out of an error. */
function everythingLogged(err: unknown): string {
  const e = err as Error;
  return [e.message, e.stack, String(e), JSON.stringify(e), inspect(e, { depth: 5 })].join('\n');
}

describe('ORUK reader: a feed’s error text is kept out of the error’s message', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  before(async () => {
    server = await fakeServer();
  });
  after(() => server.close());

  const bodies = {
    // A problem document with a code: the hub's mapping would have taken its detail as the message.
    'a problem document with a code': { code: 'bad_search', title: 'Bad search', status: 400, detail: echoed },
    // ASP.NET's ProblemDetails, as many ORUK feeds are .NET: no code.
    'a problem document without a code': { type: 'about:blank', title: 'Bad Request', status: 400, detail: echoed },
    // Spring Boot's default error body.
    'a plain error body with a message': { status: 400, error: 'Bad Request', message: echoed, path: '/services' },
  };
  for (const [what, body] of Object.entries(bodies)) {
    it(`${what}: the message is the SDK's own, the feed's text is on untrustedDetail`, async () => {
      server.reset();
      server.queue(reply(400, body));
      const reader = createOrukReader(server.url, { retries: 0 });
      const err = await reader.search({ q: WORDS, postcode: POSTCODE }).catch((e: unknown) => e);
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.status, 400);
      assert.match(err.message, /feed refused the request as not valid \(status 400\)/);
      assert.equal(err.detail, err.message);
      assert.equal(err.code, 'validation_failed');
      assert.equal(err.problem, undefined);
      for (const secret of [WORDS, POSTCODE, 'Testchild', 'ZZ99'])
        assert.ok(!everythingLogged(err).includes(secret), `"${secret}" would be logged`);
      assert.equal(err.untrustedDetail, echoed);
    });
  }

  it('a feed’s field messages and own problem code are not carried either', async () => {
    server.reset();
    server.queue(
      reply(422, {
        code: `no_results_for_${POSTCODE}`,
        detail: 'Invalid query.',
        errors: [{ path: 'postcode', code: 'unknown', message: `${POSTCODE} is not a postcode we know.` }],
      }),
    );
    const err = await createOrukReader(server.url, { retries: 0 })
      .search({ postcode: POSTCODE })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, 'validation_failed');
    assert.deepEqual((err as ApiError & { issues?: unknown[] }).issues, []);
    assert.ok(!everythingLogged(err).includes('ZZ99'));
    assert.equal(err.untrustedDetail, 'Invalid query.');
  });

  it('keeps the class, status, request id and Retry-After that a caller acts on', async () => {
    server.reset();
    server.queue(
      (_req, res) => json(res, 404, { detail: 'No service abc.' }, { 'x-request-id': 'feed-req-1' }),
      (_req, res) => json(res, 429, { detail: `Slow down, ${WORDS}.` }, { 'retry-after': '120' }),
    );
    const reader = createOrukReader(server.url, { retries: 0 });
    const missing = await reader.get('abc').catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError, String(missing));
    assert.equal(missing.requestId, 'feed-req-1');
    assert.match(missing.message, /feed has no such record/);
    assert.equal(missing.untrustedDetail, 'No service abc.');
    const limited = await reader.search({ q: WORDS }).catch((e: unknown) => e);
    assert.ok(limited instanceof RateLimitError, String(limited));
    assert.equal(limited.retryAfterMs, 120_000);
    assert.ok(!everythingLogged(limited).includes('Testchild'));
  });

  it('a feed that sends no text leaves untrustedDetail undefined', async () => {
    server.reset();
    server.queue(reply(503, {}));
    const err = await createOrukReader(server.url, { retries: 0 })
      .search()
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError, String(err));
    assert.match(err.message, /feed had a problem/);
    assert.equal(err.untrustedDetail, undefined);
  });

  it('the hub’s own errors still carry its sentence as the message, and no untrustedDetail', async () => {
    server.reset();
    const detail = 'ehcPlanYears: Enter 25 years or more.';
    server.queue(reply(422, problem(422, 'validation_failed', { detail, errors: [] })));
    const hub = createClient({ baseUrl: server.url, token: 'test-token', retries: 0 });
    const err = await hub.organisations.updateRetention('org-1', { ehcPlanYears: 3 }).catch((e: unknown) => e);
    assert.ok(err instanceof ValidationError, String(err));
    assert.equal(err.message, detail);
    assert.equal(err.detail, detail);
    assert.equal(err.untrustedDetail, undefined);
  });

  it('a feed that cannot be reached, is slow or sends no JSON is called the feed, not the hub', async () => {
    server.reset();
    server.queue(drop, slow(1000, reply(200, {})), raw(200, '<html>Maintenance</html>'));
    const reader = createOrukReader(server.url, { retries: 0, timeoutMs: 200 });
    const said: string[] = [];
    for (let i = 0; i < 3; i++)
      said.push(
        await reader.search().then(
          () => 'answered',
          (e: Error) => e.message,
        ),
      );
    assert.match(said[0]!, /^Could not reach the feed at http:\/\/127\.0\.0\.1:\d+\. .*the feed address/);
    assert.match(said[1]!, /^The feed did not answer within 0\.2 seconds\..*the feed may be down/);
    assert.match(said[2]!, /^The feed's response to GET \/services was not readable JSON/);
    for (const message of said) assert.ok(!message.includes('hub'), message);
  });
});
