// The README's quick start, as someone trying c2c-kit for the first time follows it: `npm start` (which ends in
// scripts/demo.mjs), on a machine where port 8080 may already be taken by something else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Quick start');
  assert.ok(start >= 0, 'the README has a quick start');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;
const close = (s: Server) => new Promise((r) => s.close(r));

/** Runs the demo's start script until it prints its address or exits; then stops it. */
async function runDemo(env: Record<string, string>): Promise<{ output: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-quick-start-'));
  const child = spawn(process.execPath, [join(root, 'scripts/demo.mjs'), '--no-build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite')}`, ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The demo neither started nor stopped in 60 s:\n${output}`)),
        60_000,
      );
      const take = (d: Buffer) => {
        output += d.toString();
        if (/c2c-kit demo running at /.test(output)) {
          clearTimeout(timer);
          resolve(null);
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      void exited.then((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { output, code };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README quick start', () => {
  it('says how to start the demo on another port, and that way works', async () => {
    const m = /`(\w+)=(\d+) npm start`/.exec(quickStart());
    assert.ok(m, 'the quick start says how to choose another port');
    const free = await listen();
    const port = portOf(free);
    await close(free);
    const { output, code } = await runDemo({ [m[1]!]: String(port) });
    assert.equal(code, null, output);
    assert.match(output, new RegExp(`c2c-kit demo running at http://127\\.0\\.0\\.1:${port}/`));
  });

  it('when the port is taken, says so and what to do, without a stack trace', async () => {
    const taken = await listen();
    try {
      const { output, code } = await runDemo({ PORT: String(portOf(taken)) });
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`port ${portOf(taken)} .*already in use`));
      assert.match(output, /PORT=\d+ npm start/);
      assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
    } finally {
      await close(taken);
    }
  });
});
