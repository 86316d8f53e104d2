/**
 * The SDK's cost to a page and to a request:
 * - gzipped size of each entry point, bundled and minified with esbuild for the browser, with zod/mini
 *   included and excluded (a page that already ships zod for the elements pays the second figure);
 * - request overhead against a real hub (startHub, in-memory SQLite, seeded): the SDK (auth header, retry
 *   pipeline, ky, zod validation in strict mode) against a bare fetch + JSON.parse of the same endpoint, in the
 *   same run, interleaved so both see the same machine noise.
 */
import { browserBundle } from '../packages/sdk/test/browser-bundle.js';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

type Row = { name: string; value: number; unit: string; note?: string };

const root = fileURLToPath(new URL('..', import.meta.url));

async function gzippedSize(entry: string, excludeZod: boolean): Promise<number> {
  const bytes = await browserBundle(entry, {
    external: excludeZod ? ['zod', 'zod/*'] : [],
    // ky is a dependency of the SDK only, so it resolves from there for its own row.
    ...(entry === 'ky' ? { resolveDir: `${root}packages/sdk` } : {}),
  });
  return gzipSync(bytes, { level: 9 }).length;
}

const kB = (bytes: number) => Math.round(bytes / 10.24) / 100;

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function overhead(rows: Row[]): Promise<void> {
  let hubModule: typeof import('@c2c/hub');
  try {
    hubModule = await import('@c2c/hub');
  } catch (error) {
    rows.push({
      name: 'request overhead',
      value: Number.NaN,
      unit: 'ms',
      note: `skipped: @c2c/hub not importable (${(error as Error).message.slice(0, 80)})`,
    });
    return;
  }
  const { createClient } = await import('@c2c/sdk');
  // Rate limiting off (a few hundred requests a second is the point here) and logs silent (stdout is the table).
  const hub = await hubModule.startHub({
    port: 0,
    databaseUrl: 'sqlite::memory:',
    seed: { services: 200 },
    rateLimitPerMinute: 0,
    logger: hubModule.createLogger('silent'),
  });
  try {
    let retries = 0;
    const client = createClient({
      baseUrl: hub.url,
      token: 'demo_pri-millbrook-teacher',
      onRequest: (i) => {
        if (i.attempt > 1) retries++;
      },
    });
    // The same pipeline without schema validation, to show what validation itself costs.
    const unchecked = createClient({ baseUrl: hub.url, token: 'demo_pri-millbrook-teacher', validation: 'off' });
    const endpoints: Array<{ name: string; path: string; sdk: () => Promise<unknown>; off: () => Promise<unknown> }> = [
      {
        name: 'GET /v1/services?limit=20',
        path: '/v1/services?limit=20',
        sdk: () => client.services.search({ limit: 20 }).then((p) => p),
        off: () => unchecked.services.search({ limit: 20 }).then((p) => p),
      },
      { name: 'GET /v1/me', path: '/v1/me', sdk: () => client.me(), off: () => unchecked.me() },
    ];
    const N = 300;
    for (const e of endpoints) {
      const bare = async () => {
        const res = await fetch(hub.url + e.path, {
          headers: { authorization: 'Bearer demo_pri-millbrook-teacher', accept: 'application/json' },
        });
        return JSON.parse(await res.text()) as unknown;
      };
      for (let i = 0; i < 30; i++) {
        await bare();
        await e.sdk();
        await e.off();
      }
      const tb: number[] = [];
      const ts: number[] = [];
      const to: number[] = [];
      for (let i = 0; i < N; i++) {
        let t = performance.now();
        await bare();
        tb.push(performance.now() - t);
        t = performance.now();
        await e.sdk();
        ts.push(performance.now() - t);
        t = performance.now();
        await e.off();
        to.push(performance.now() - t);
      }
      const b = stats(tb);
      const s = stats(ts);
      const o = stats(to);
      const r = (n: number) => Math.round(n * 1000) / 1000;
      rows.push(
        {
          name: `${e.name}: bare fetch + JSON.parse, median`,
          value: r(b.median),
          unit: 'ms',
          note: `p95 ${r(b.p95)} ms, ${N} requests`,
        },
        {
          name: `${e.name}: SDK (validated), median`,
          value: r(s.median),
          unit: 'ms',
          note: `p95 ${r(s.p95)} ms, ${N} requests`,
        },
        {
          name: `${e.name}: SDK (validation off), median`,
          value: r(o.median),
          unit: 'ms',
          note: `p95 ${r(o.p95)} ms, ${N} requests`,
        },
        {
          name: `${e.name}: SDK overhead, median`,
          value: r(s.median - b.median),
          unit: 'ms',
          note: `p95 difference ${r(s.p95 - b.p95)} ms; ${retries} retries`,
        },
      );
      retries = 0;
    }
  } finally {
    await hub.close();
  }
}

export default async function (): Promise<Row[]> {
  const rows: Row[] = [];
  const entries = [
    { name: '@c2c/sdk/services (createServicesClient)', entry: '@c2c/sdk/services' },
    { name: '@c2c/sdk (createClient, all resources)', entry: '@c2c/sdk' },
    { name: '@c2c/sdk/oruk (createOrukReader)', entry: '@c2c/sdk/oruk' },
  ];
  for (const e of entries) {
    const withZod = await gzippedSize(e.entry, false);
    const withoutZod = await gzippedSize(e.entry, true);
    // The ORUK reader sends on plain fetch; the hub clients on ky (packages/sdk/test/bundle.test.ts checks both).
    const http = e.entry === '@c2c/sdk/oruk' ? 'fetch, no ky' : 'incl. ky';
    rows.push(
      {
        name: `${e.name}, gzip, ${http}, excl. zod`,
        value: kB(withoutZod),
        unit: 'kB',
        note: e.entry === '@c2c/sdk/services' ? 'target < 12 kB' : 'esbuild --minify, gzip -9',
      },
      {
        name: `${e.name}, gzip, ${http}, incl. zod/mini`,
        value: kB(withZod),
        unit: 'kB',
        // The reader checks records with `checkService` (@c2c/schema), from ServiceSchema's JSON Schema, not zod.
        note:
          e.entry === '@c2c/sdk/oruk' ? 'the reader ships no zod: the same as without' : 'esbuild --minify, gzip -9',
      },
    );
  }
  rows.push({
    name: 'ky alone, gzip',
    value: kB(await gzippedSize('ky', true)),
    unit: 'kB',
    note: 'part of the hub clients’ figures above: their retries, timeouts, JSON bodies and hooks',
  });
  await overhead(rows);
  return rows;
}
