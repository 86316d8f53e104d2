#!/usr/bin/env node
// The demo: the hub (seeded SQLite) and the example pages on one local port. Hub routes go to the hub's
// own request handler in this process; everything else is a static file served under a strict
// Content-Security-Policy, so the examples prove the components work without inline script or style.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { createHub, createLogger } from '@c2c/hub';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    db: { type: 'string', default: process.env.DATABASE_URL ?? `sqlite:${join(repo, 'data', 'demo.sqlite')}` },
  },
});

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const MOUNTS = [
  ['/cdn/', join(repo, 'packages/elements/dist/cdn')],
  ['/school-website/', join(here, 'school-website')],
  ['/vendor-portal/', join(here, 'vendor-portal')],
  ['/react-app/', join(here, 'react-app')],
  ['/shared/', join(here, 'shared')],
  ['/docs/', join(repo, 'docs/dist')],
  ['/', join(here, 'landing')],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const HUB_PATHS = /^\/(v1|oruk)(\/|$)|^\/(healthz|readyz)$/;

async function staticFile(pathname) {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix) && pathname !== prefix.slice(0, -1)) continue;
    let rel = decodeURIComponent(pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) return null; // path traversal
    try {
      const info = await stat(file);
      if (info.isDirectory()) return staticFile(`${pathname.replace(/\/?$/, '/')}`);
      return { file, body: await readFile(file) };
    } catch {
      if (prefix !== '/') return null;
    }
  }
  return null;
}

// The landing page links to the documentation, which `pnpm run docs` builds into docs/dist. A fresh checkout has
// none, and a first-time visitor's first click would be a "Not found"; the guides build in a second or two, so build
// them here (without the typedoc API reference, whose page then says how to add it).
const docsDir = join(repo, 'docs/dist');
if (!existsSync(join(docsDir, 'index.html'))) {
  process.stdout.write('Building the documentation for /docs/ (once)…\n');
  const built = spawnSync(process.execPath, [join(repo, 'scripts/docs.mjs'), '--skip-api'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0)
    process.stderr.write('The documentation could not be built: run `pnpm run docs` to see why.\n');
}

// The guides link to the TypeScript API reference and to Storybook, which take a minute or more to build and so are
// not built above: a bare "Not found" there reads as a broken site.
const DOCS_NOT_BUILT = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Not built in this demo – c2c-kit documentation</title>
    <link rel="stylesheet" href="/docs/assets/site.css" />
  </head>
  <body>
    <main id="main">
      <h1>This page is not built in the demo</h1>
      <p>
        The demo builds the guides only. The developers’ reference pages take longer to build: in the c2c-kit folder,
        <code>pnpm run docs</code> adds the TypeScript API reference, and <code>pnpm run storybook:build</code> then
        <code>pnpm run docs</code> adds the component examples.
      </p>
      <p><a href="/docs/">Back to the documentation</a></p>
    </main>
  </body>
</html>
`;

const hub = await createHub({
  databaseUrl: args.db,
  seed: true,
  logger: createLogger(process.env.LOG_LEVEL ?? 'info'),
});
const hubListener = getRequestListener(hub.app.fetch);

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (HUB_PATHS.test(url.pathname)) return hubListener(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
    return;
  }
  if (/^\/(school-website|vendor-portal|react-app|docs)$/.test(url.pathname)) {
    res.writeHead(301, { location: `${url.pathname}/` }).end();
    return;
  }
  const found = await staticFile(url.pathname);
  const headers = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  if (!found && url.pathname.startsWith('/docs/')) {
    res.writeHead(404, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(DOCS_NOT_BUILT);
    return;
  }
  if (!found) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': TYPES[extname(found.file)] ?? 'application/octet-stream' });
  res.end(req.method === 'HEAD' ? undefined : found.body);
});

// The port most often taken is 8080, by another local server: say what to do rather than print a stack trace that
// someone trying the demo for the first time cannot read.
server.on('error', (error) => {
  if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
  const why = error.code === 'EADDRINUSE' ? 'is already in use by another program' : 'cannot be used by this account';
  process.stderr.write(
    `\nThe demo could not start: port ${args.port} on ${args.host} ${why}.\n` +
      'Choose another port and start it again, for example: PORT=8081 npm start\n\n',
  );
  void hub.close?.();
  process.exit(1);
});

server.listen(Number(args.port), args.host, () => {
  const { port } = server.address();
  const base = `http://${args.host}:${port}`;
  process.stdout.write(
    [
      '',
      `c2c-kit demo running at ${base}/`,
      `  School website (directory, one script tag): ${base}/school-website/`,
      `  School system (MIS) portal (SDK + elements): ${base}/vendor-portal/`,
      `  React app (@c2c/react):                      ${base}/react-app/`,
      `  Documentation:                               ${base}/docs/`,
      `  Hub API: ${base}/v1/openapi.json   ORUK feed: ${base}/oruk/services`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
});

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  await hub.close?.();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
