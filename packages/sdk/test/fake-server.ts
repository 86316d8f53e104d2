import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake server saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One scripted reaction to a request. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/**
 * A real HTTP server on a free port whose answers are scripted per request, so faults happen on a real
 * socket (dropped connections, stalled or truncated bodies) rather than in a mocked fetch.
 */
export async function fakeServer() {
  const script: Behaviour[] = [];
  let fallback: Behaviour = (_req, res) => json(res, 500, { code: 'internal_error', detail: 'No script left.' });
  const seen: Seen[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      (script.shift() ?? fallback)(req, res, s);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    /** Queues reactions for the next requests, in order. */
    queue(...behaviours: Behaviour[]) {
      script.push(...behaviours);
    },
    always(b: Behaviour) {
      fallback = b;
    },
    reset() {
      script.length = 0;
      seen.length = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Writes a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': 'req-test',
    ...headers,
  });
  res.end(text);
}

/** A problem document as the hub writes it. */
export function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://c2c-kit.dev/problems/${code}`,
    title: code,
    status,
    code,
    detail: `Problem ${code}.`,
    requestId: 'req-test',
    ...extra,
  };
}

/** Reply with a JSON body. */
export const reply =
  (status: number, body: unknown, headers?: Record<string, string>): Behaviour =>
  (_q, res) =>
    json(res, status, body, headers);
/** Close the socket without answering. */
export const drop: Behaviour = (req) => req.socket.destroy();
/** Answer after `ms`. */
export const slow =
  (ms: number, then: Behaviour): Behaviour =>
  (req, res, s) => {
    const t = setTimeout(() => then(req, res, s), ms);
    res.on('close', () => clearTimeout(t));
  };
/** Send headers and half the body, then stall (never finish). */
export const stall =
  (body: unknown): Behaviour =>
  (_q, res) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
  };
/** Promise a whole body, send half, then cut the connection. */
export const truncate =
  (body: unknown): Behaviour =>
  (req, res) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
  };
/** A complete response whose body is not valid JSON. */
export const raw =
  (status: number, text: string): Behaviour =>
  (_q, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
