// Prints the hub's OpenAPI document as JSON on stdout, for scripts/docs.mjs.
// Run with: node --conditions=c2c-source --import tsx scripts/docs/openapi.ts
// It runs in its own process so that a hub that does not build yet cannot break the rest of the docs.
import { existsSync } from 'node:fs';

type Doc = Record<string, unknown>;
type HubModule = Record<string, unknown>;

async function fromModule(mod: HubModule): Promise<Doc | undefined> {
  // 1. A ready-made builder, whatever the hub engineer called it.
  for (const name of ['openApi', 'openApiDocument', 'buildOpenApi', 'createOpenApiDocument', 'openapi']) {
    const fn = mod[name];
    if (typeof fn === 'function' && fn.length === 0) return (await fn()) as Doc;
  }
  if (typeof mod['openApiDocument'] === 'function' && Array.isArray(mod['routes'])) {
    return (mod['openApiDocument'] as (r: unknown, i: unknown) => Doc)(mod['routes'], { version: '0.0.0' });
  }
  // 2. Start a hub in memory and ask it, as any client would.
  if (typeof mod['createHub'] === 'function') {
    const createHub = mod['createHub'] as (options: Record<string, unknown>) => unknown;
    // An in-memory SQLite hub, unseeded and silent: nothing touches disk or stdout.
    const createLogger = mod['createLogger'] as ((level: string) => unknown) | undefined;
    const hub = (await createHub({
      databaseUrl: 'sqlite::memory:',
      seed: false,
      ...(createLogger ? { logger: createLogger('silent') } : {}),
    })) as Record<string, unknown>;
    const app = (hub['app'] ?? hub) as {
      request?: (path: string) => Promise<Response>;
      fetch?: (r: Request) => Promise<Response>;
    };
    const res = app.request
      ? await app.request('/v1/openapi.json')
      : await app.fetch!(new Request('http://localhost/v1/openapi.json'));
    const doc = (await res.json()) as Doc;
    const close = hub['close'] ?? hub['destroy'];
    if (typeof close === 'function') await (close as () => Promise<void>).call(hub);
    return doc;
  }
  return undefined;
}

const entry = new URL('../../packages/hub/src/index.ts', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('packages/hub/src/index.ts does not exist yet.\n');
  process.exit(2);
}
const doc = await fromModule((await import(entry.href)) as HubModule);
if (!doc || typeof doc !== 'object' || !('paths' in doc)) {
  process.stderr.write('@c2c/hub exports no OpenAPI builder (openApi(), openApiDocument(routes) or createHub()).\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(doc));
process.exit(0);
