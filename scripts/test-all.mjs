#!/usr/bin/env node
// Runs every suite (unit, browser, end-to-end), echoing each runner's output, and ends with one line that
// totals them: `N passed, N failed`. A suite that cannot start counts as a failure, never as a pass.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, chownSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0 };
const summary = [];

function findTests(dir, suffix) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.includes('node_modules'))
    .map((f) => join(dir, f))
    .sort();
}

function runSuite(name, cmd, args, parse, env = {}) {
  return new Promise((resolve) => {
    console.log(`\n\x1b[1m=== ${name} ===\x1b[0m\n$ ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const take = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('close', (code) => {
      const counts = parse(out);
      if (!counts) {
        console.log(`[c2c] ${name}: could not read a result (exit ${code}); counted as 1 failure.`);
        totals.failed += 1;
        summary.push(`${name}: no result (exit ${code})`);
      } else {
        if (code !== 0 && counts.failed === 0) counts.failed = 1;
        totals.passed += counts.passed;
        totals.failed += counts.failed;
        summary.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
      }
      resolve();
    });
  });
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
function parseNode(out) {
  const text = strip(out);
  const pass = [...text.matchAll(/^ℹ pass (\d+)/gm)].pop();
  const fail = [...text.matchAll(/^ℹ fail (\d+)/gm)].pop();
  if (!pass || !fail) return null;
  return { passed: Number(pass[1]), failed: Number(fail[1]) };
}
function parseWtr(out) {
  const text = strip(out);
  const m = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  if (!m) return null;
  return { passed: Number(m[1]), failed: Number(m[2]) };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway PostgreSQL cluster for the hub's store tests; returns its URL and a stop function. */
async function startPostgres() {
  if (process.env.C2C_TEST_DATABASE_URL) return { url: process.env.C2C_TEST_DATABASE_URL, stop() {} };
  const bin = process.env.C2C_PG_BIN;
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'c2c-pg-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root, so as root it runs as the `postgres` user Debian's package creates.
  const as = (args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]);
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const step = (args) => {
    const [cmd, rest] = as(args);
    const r = spawnSync(cmd, rest, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  };
  step([join(bin, 'initdb'), '-D', join(dir, 'data'), '-U', 'c2c', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  step([
    join(bin, 'pg_ctl'),
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -h 127.0.0.1 -F`,
    'start',
  ]);
  step([join(bin, 'createdb'), '-h', '127.0.0.1', '-p', String(port), '-U', 'c2c', 'c2c_test']);
  console.log(`[c2c] PostgreSQL test server on 127.0.0.1:${port}`);
  return {
    url: `postgres://c2c@127.0.0.1:${port}/c2c_test`,
    stop() {
      try {
        step([join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'fast', 'stop']);
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const want = (s) => only.length === 0 || only.includes(s);
const node = process.execPath;
const nodeTest = (files) => [
  '--conditions=c2c-source',
  '--import',
  'tsx',
  '--import',
  join(root, 'scripts/test-assert.mjs'),
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=1',
  ...files,
];

if (want('build')) {
  console.log('\n\x1b[1m=== build (packages, CDN bundles, examples) ===\x1b[0m');
  for (const [cmd, args] of [
    ['pnpm', ['run', 'build']],
    ['pnpm', ['run', 'build:examples']],
  ]) {
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      totals.failed += 1;
      summary.push(`build: ${cmd} ${args.join(' ')} failed`);
    }
  }
}

if (want('unit')) {
  const pg = await startPostgres().catch((e) => {
    console.log(`[c2c] Could not start PostgreSQL: ${e.message}`);
    totals.failed += 1;
    summary.push('postgres: could not start');
    return null;
  });
  const files = [
    ...findTests('packages', '.test.ts').filter((f) => !f.includes(`${join('elements', 'src')}`)),
    ...findTests('test', '.test.ts'),
  ];
  await runSuite('unit (node:test)', node, nodeTest(files), parseNode, pg ? { C2C_TEST_DATABASE_URL: pg.url } : {});
  pg?.stop();
}
if (want('browser')) {
  await runSuite('browser (@web/test-runner, headless Chromium)', 'pnpm', ['exec', 'wtr', '--coverage'], parseWtr);
}
if (want('e2e')) {
  const files = findTests('e2e', '.test.ts');
  if (files.length)
    await runSuite('end-to-end (playwright-core, headless Chromium, real hub)', node, nodeTest(files), parseNode);
}

// Every story and every docs page is also opened in headless Chromium and checked for errors and axe
// violations, as GOV.UK Frontend checks every example; so the test command builds both first.
async function builtThenChecked(name, buildArgs, checkScript) {
  console.log(`\n\x1b[1m=== ${name}: build ===\x1b[0m`);
  const r = spawnSync('pnpm', buildArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    totals.failed += 1;
    summary.push(`${name}: build failed`);
    return;
  }
  await runSuite(name, node, [checkScript], parseWtr);
}
if (want('stories'))
  await builtThenChecked(
    'stories (headless Chromium, axe)',
    ['run', 'storybook:build'],
    'scripts/docs/check-storybook.mjs',
  );
if (want('docs'))
  await builtThenChecked(
    'docs site (headless Chromium, CSP, axe)',
    ['run', 'docs', '--strict-links'],
    'scripts/docs/check-site.mjs',
  );

console.log('\n' + summary.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
