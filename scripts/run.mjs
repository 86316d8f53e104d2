#!/usr/bin/env node
// The README's two commands, `npm start` and `npm test`, land here. They must work on a fresh machine with
// only Node 20 and npm: bring the pinned pnpm, install the workspace, find (or, as root with apt, install)
// the browser and database the tests need, then hand over to the real script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
if (mode !== 'demo' && mode !== 'test') {
  console.error('Usage: node scripts/run.mjs demo|test');
  process.exit(2);
}
const PNPM = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  COREPACK_INTEGRITY_KEYS: '0',
};
// better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded; Debian's Node ships headers in /usr.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

function log(message) {
  console.log(`\x1b[36m[c2c]\x1b[0m ${message}`);
}
function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
function version(cmd) {
  try {
    return execFileSync(cmd, ['--version'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function pnpmCommand() {
  if (version('pnpm') === PNPM) return ['pnpm'];
  if (isRoot) {
    log(`Installing pnpm ${PNPM} with npm (global)…`);
    if (run('npm', ['install', '-g', '--no-fund', '--no-audit', `pnpm@${PNPM}`]) === 0 && version('pnpm') === PNPM)
      return ['pnpm'];
  }
  log(`Using pnpm ${PNPM} through npx.`);
  return ['npx', '--yes', `pnpm@${PNPM}`];
}

function needsInstall() {
  const marker = join(root, 'node_modules', '.pnpm', 'lock.yaml');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'pnpm-lock.yaml')).mtimeMs > statSync(marker).mtimeMs;
}

function aptInstall(packages, why) {
  if (!(isRoot && hasApt)) return false;
  log(`Installing ${packages.join(', ')} from Debian (${why})…`);
  run('apt-get', ['update', '-qq']);
  return (
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    }) === 0
  );
}

function ensureBrowser() {
  const found = findChrome();
  if (found) return found;
  if (aptInstall(['chromium'], 'the browser tests run in real headless Chromium') && existsSync('/usr/bin/chromium'))
    return '/usr/bin/chromium';
  console.error(
    '\nNo Chrome or Chromium was found, and it could not be installed here.\n' +
      'Install one of them (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: Google Chrome), or point\n' +
      'CHROME_PATH at a Chrome/Chromium executable, then run `npm test` again.\n',
  );
  process.exit(1);
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = spawnSync('ls', [base], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  return null;
}
function ensurePostgres() {
  if (env.C2C_TEST_DATABASE_URL) return;
  let bin = postgresBin();
  if (!bin && aptInstall(['postgresql'], "the hub's store tests also run against PostgreSQL")) bin = postgresBin();
  if (bin) env.C2C_PG_BIN = bin;
  else
    log(
      "PostgreSQL is not installed: the hub's PostgreSQL suite will not run (set C2C_TEST_DATABASE_URL to use a server you have).",
    );
}

const pnpm = pnpmCommand();
if (needsInstall()) {
  log('Installing the workspace (first run takes a few minutes: better-sqlite3 compiles from source)…');
  // pnpm 12 turns on --frozen-lockfile under CI and then also insists on recording the pnpm binaries for every
  // platform in the lockfile, which fails where the registry lacks some of them (as here). The lockfile is
  // committed and up to date, so a plain install resolves nothing new; CI checks it stayed unchanged below.
  const installEnv = { ...env };
  delete installEnv.CI;
  const status = run(pnpm[0], [...pnpm.slice(1), 'install', '--prefer-frozen-lockfile'], { env: installEnv });
  if (status !== 0) process.exit(status);
  if (env.CI && spawnSync('git', ['diff', '--quiet', '--', 'pnpm-lock.yaml'], { cwd: root }).status === 1) {
    console.error(
      'pnpm-lock.yaml is out of date with the package.json files: run `pnpm install` and commit the lockfile.',
    );
    process.exit(1);
  }
}

// From here on pnpm runs without CI set: under CI pnpm 12 re-resolves its own binaries for every platform
// before `pnpm run`/`exec`, which fails where the registry lacks some. C2C_CI keeps the fact for our scripts.
if (env.CI) {
  env.C2C_CI = '1';
  delete env.CI;
}

if (mode === 'test') {
  env.CHROME_PATH = ensureBrowser();
  ensurePostgres();
  process.exit(run(pnpm[0], [...pnpm.slice(1), 'run', 'test:all']));
} else {
  process.exit(run(pnpm[0], [...pnpm.slice(1), 'run', 'demo']));
}
