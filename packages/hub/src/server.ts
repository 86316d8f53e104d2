import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { createHub, type HubOptions } from './app.js';
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
