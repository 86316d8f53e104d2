import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ProblemSchema } from '@c2c/schema';
import { startHub, type RunningHub } from '../src/index.js';
import { captureLogger } from './helpers.js';

/** Writes `raw` to the hub over a plain socket and reads everything it answers until it closes the connection. */
function exchange(hub: RunningHub, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(hub.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    // The hub may close before it has read all of an oversized request; what it answered is still what counts.
    socket.on('error', (e) => (text.includes('\r\n\r\n') ? resolve(text) : reject(e)));
    socket.write(raw);
  });
}

/** The status, headers and body of a raw HTTP/1.1 answer. */
function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('requests Node refuses before the hub reads them', () => {
  const logs = captureLogger('info');
  let hub: RunningHub;
  before(async () => {
    hub = await startHub({ port: 0, databaseUrl: 'sqlite::memory:', logger: logs.logger, rateLimitPerMinute: 0 });
  });
  after(() => hub.close());

  it('answers headers over the limit with 431 problem+json, repeating none of them', async () => {
    // A synthetic name in an oversized header: it must reach neither the answer nor the log.
    const filler = `Ada Lovelace ${'x'.repeat(20_000)}`;
    const raw = await exchange(hub, `GET /v1/services HTTP/1.1\r\nHost: hub.test\r\nX-Filler: ${filler}\r\n\r\n`);
    const answer = parse(raw);
    assert.equal(answer.status, 431);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    assert.equal(answer.headers.get('content-length'), String(Buffer.byteLength(answer.body)));
    const problem = ProblemSchema.parse(JSON.parse(answer.body));
    assert.equal(problem.code, 'headers_too_large');
    assert.equal(problem.status, 431);
    assert.equal(problem.requestId, answer.headers.get('x-request-id'));
    assert.doesNotMatch(raw, /Lovelace/);
    assert.doesNotMatch(JSON.stringify(logs.lines), /Lovelace/);
    assert.ok(logs.lines.some((l) => l.requestId === problem.requestId && l.status === 431));
  });

  it('answers a malformed request line with 400 problem+json', async () => {
    const answer = parse(await exchange(hub, 'NOT A REQUEST\r\n\r\n'));
    assert.equal(answer.status, 400);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    assert.equal(ProblemSchema.parse(JSON.parse(answer.body)).code, 'malformed_request');
  });

  it('still answers a good request on a new connection', async () => {
    const r = await fetch(`${hub.url}/healthz`);
    assert.equal(r.status, 200);
  });
});
