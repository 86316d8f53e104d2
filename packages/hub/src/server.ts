import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { maxHeaderSize, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createHub, type HubOptions } from './app.js';
import { errorFields, type Logger } from './logger.js';
import { HttpProblem } from './problem.js';
import type { Store } from './store.js';

/** Options for {@link startHub}. */
export interface StartOptions extends HubOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
}

/** A running hub. */
export interface RunningHub {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  store: Store;
  /** Stops accepting connections, lets in-flight requests finish (up to 10 s), then closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the hub on a port. With `port: 0` the system picks a free port (tests and the demo).
 * @example
 * const hub = await startHub({ port: 0, databaseUrl: 'sqlite::memory:', seed: true });
 * const res = await fetch(`${hub.url}/v1/me`, { headers: { authorization: 'Bearer demo_pri-millbrook-teacher' } });
 * await hub.close();
 */
export async function startHub(options: StartOptions = {}): Promise<RunningHub> {
  const hub = await createHub(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: hub.app.fetch, port: options.port ?? 8080, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  (server as Server).on('clientError', answerClientError(hub.logger));
  const address = (server as Server).address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store: hub.store,
    close() {
      closing ??= (async () => {
        const http = server as Server;
        const done = new Promise<void>((resolve) => http.close(() => resolve()));
        // Keep-alive connections become idle as their last request finishes; close each as soon as it does.
        http.closeIdleConnections();
        const sweep = setInterval(() => http.closeIdleConnections(), 25);
        const timer = setTimeout(() => http.closeAllConnections(), 10_000);
        await done;
        clearInterval(sweep);
        clearTimeout(timer);
        await hub.close();
      })();
      return closing;
    },
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers a request Node's HTTP parser refused before the hub saw it (headers over Node's limit, a malformed
 * request line, headers that did not arrive in time) with problem+json, as every other refusal is: without this
 * listener Node writes a bare `431` or `400` with no body, which no client of the hub can read a code from.
 */
function answerClientError(logger: Logger) {
  return (error: Error & { code?: string }, socket: Duplex) => {
    // As Node's own handler: nothing can be written once a response on this connection has begun, or when the
    // client has gone.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const problem =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpProblem(
            'headers_too_large',
            `The request’s headers are larger than the hub accepts (${Math.floor(maxHeaderSize / 1024)} KiB in all). Send fewer or shorter headers: the hub reads only Authorization, Content-Type and the headers its API documents.`,
          )
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new HttpProblem(
              'request_timeout',
              'The request’s headers did not arrive in time. Check the connection and send the request again.',
            )
          : new HttpProblem(
              'malformed_request',
              'The request is not valid HTTP/1.1, so the hub could not read it. Check the client or proxy that sent it.',
            );
    // Nothing of the request is logged or repeated back (its bytes could hold a name or a token): no id of the
    // client's is read either, so the answer carries a new one.
    const requestId = randomUUID();
    logger.info('request refused before it could be read', {
      requestId,
      status: problem.status,
      ...errorFields(error),
    });
    const body = JSON.stringify(problem.body(requestId));
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${REASONS[problem.status] ?? 'Bad Request'}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}
