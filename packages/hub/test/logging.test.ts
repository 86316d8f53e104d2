import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { createHub, Store } from '../src/index.js';
import { errorFields, errorSummary } from '../src/logger.js';
import { bearer, captureLogger, newLearner } from './helpers.js';

/** Synthetic, but shaped like what a driver's message can quote: a child's name and UPN. */
const NAME = 'Ada Testperson';
const UPN = 'A123456789012';
const MESSAGE = `duplicate pupil ${NAME}, UPN ${UPN}`;

/** A trigger that makes SQLite refuse `event` on learners with MESSAGE, as a constraint's message would. */
const refuse = (store: Store, event: 'INSERT' | 'DELETE') =>
  sql
    .raw(
      `CREATE TRIGGER refuse_${event.toLowerCase()} BEFORE ${event} ON learners BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`,
    )
    .execute(store.db);

const leaks = (lines: unknown[]) => {
  const text = JSON.stringify(lines);
  return text.includes('Testperson') || text.includes(UPN);
};

describe('a client’s request id', () => {
  it('is kept when it is a short token, and replaced when it could carry a name or forge a log field', async () => {
    const { logger, lines } = captureLogger();
    const hub = await createHub({ databaseUrl: 'sqlite::memory:', logger, rateLimitPerMinute: 0 });
    try {
      const sent = async (id: string) => {
        const r = await hub.app.request('/healthz', { headers: { 'x-request-id': id } });
        assert.equal(r.status, 200);
        const answered = r.headers.get('x-request-id');
        const logged = lines.at(-1);
        assert.equal(logged?.msg, 'request');
        assert.equal(logged.requestId, answered, 'the log and the answer name the same id');
        return answered;
      };
      for (const kept of ['trace-42', '5f0c2a9e-1b7d-4c1e-9a51-0d3f6b2c7e10', `a1.${'b'.repeat(61)}`])
        assert.equal(await sent(kept), kept);
      for (const replaced of [
        'Ada.Testperson', // a name, no digit
        'Ada Testperson 1', // a space
        '1","level":"error', // a forged log field
        `a1.${'b'.repeat(62)}`, // 65 characters
      ]) {
        const answered = await sent(replaced);
        assert.notEqual(answered, replaced);
        assert.match(answered ?? '', /^[0-9a-f-]{36}$/, 'a new id instead');
      }
      assert.ok(!JSON.stringify(lines).includes('Testperson'), 'no name in the log');
    } finally {
      await hub.close();
    }
  });
});

describe('error logs carry no personal data', () => {
  it('logs an unhandled error by class, driver code, route and request id, never its message', async () => {
    const { logger, lines } = captureLogger();
    const hub = await createHub({
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 5 },
      logger,
      rateLimitPerMinute: 0,
    });
    try {
      await refuse(hub.store, 'INSERT');
      const r = await hub.app.request('/v1/learners', {
        method: 'POST',
        headers: { ...bearer('pri-millbrook-teacher'), 'content-type': 'application/json', 'x-request-id': 'trace-42' },
        body: JSON.stringify(newLearner({ legalForename: 'Ada', legalSurname: 'Testperson', upn: UPN })),
      });
      assert.equal(r.status, 500);
      const line = lines.find((l) => l.msg === 'unhandled error');
      assert.ok(line, 'the error is logged');
      assert.equal(line.error, 'SqliteError');
      assert.equal(line.code, 'SQLITE_CONSTRAINT_TRIGGER');
      assert.equal(line.route, '/v1/learners');
      assert.equal(line.requestId, 'trace-42');
      assert.ok(!leaks(lines), `no name or UPN in the log: ${JSON.stringify(line)}`);
    } finally {
      await hub.close();
    }
  });

  it('logs a failed retention run with the driver code and without the message', async () => {
    const store = await Store.open('sqlite::memory:');
    const { logger, lines } = captureLogger();
    // A pupil long past every retention period, so the run at start tries to delete them.
    await store.putLearners([{ ...newLearner({ dateOfBirth: '1980-01-01' }), id: 'lrn-old' } as never]);
    await refuse(store, 'DELETE');
    const hub = await createHub({ store, logger, now: new Date('2026-03-02T10:00:00Z') });
    try {
      const line = lines.find((l) => l.msg === 'retention run failed');
      assert.ok(line, 'the failure is logged');
      assert.equal(line.code, 'SQLITE_CONSTRAINT_TRIGGER');
      assert.ok(!leaks(lines), `no name or UPN in the log: ${JSON.stringify(line)}`);
    } finally {
      await hub.close();
      await store.close();
    }
  });

  it('logs a database connection lost while idle by its code, without the message', async () => {
    const { logger, lines } = captureLogger();
    const hub = await createHub({ databaseUrl: 'sqlite::memory:', logger, rateLimitPerMinute: 0 });
    try {
      const error = new pg.DatabaseError(`terminating connection: ${MESSAGE}`, 0, 'error');
      error.code = '57P01';
      hub.store.onIdleConnectionError!(error);
      const line = lines.find((l) => l.msg.startsWith('a database connection was lost while idle'));
      assert.ok(line, 'the loss is logged');
      assert.equal(line.level, 'warn');
      assert.equal(line.code, '57P01');
      assert.ok(!leaks(lines), `no name or UPN in the log: ${JSON.stringify(line)}`);
    } finally {
      await hub.close();
    }
  });

  it('keeps PostgreSQL’s SQLSTATE and drops the key it quotes', () => {
    const error = new pg.DatabaseError(`duplicate key value: Key (upn)=(${UPN}) already exists`, 0, 'error');
    error.code = '23505';
    error.detail = `Key (upn)=(${UPN}) already exists.`;
    const fields = errorFields(error);
    assert.equal(fields.code, '23505');
    assert.equal(fields.error, 'error');
    assert.ok(!JSON.stringify(fields).includes(UPN));
  });

  it('gives a schema error’s paths and issue codes, not the values', () => {
    const parsed = z.object({ upn: z.string().length(5) }).safeParse({ upn: UPN });
    assert.ok(!parsed.success);
    assert.deepEqual(errorFields(parsed.error), { error: 'ZodError', issues: ['upn:too_big'] });
  });

  it('sums an error up in one line for the command line, as the log line would', () => {
    const parsed = z.object({ upn: z.string().length(5) }).safeParse({ upn: UPN });
    assert.ok(!parsed.success);
    assert.equal(errorSummary(parsed.error), 'ZodError (issues upn:too_big)');
    const error = new pg.DatabaseError(`duplicate key value: Key (upn)=(${UPN}) already exists`, 0, 'error');
    error.code = '23505';
    assert.equal(errorSummary(error), 'error (code 23505)');
    assert.equal(errorSummary(new SyntaxError(`Unexpected token 'A', "${NAME}" is not valid JSON`)), 'SyntaxError');
    assert.equal(errorSummary(MESSAGE), 'a thrown string');
  });
});
