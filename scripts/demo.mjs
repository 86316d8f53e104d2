#!/usr/bin/env node
// `pnpm demo` (and so `npm start`): build what the demo serves, then start the hub and the examples on one port.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!process.argv.includes('--no-build')) {
  run('pnpm', ['run', 'build']);
  run('pnpm', ['run', 'build:examples']);
} else if (!existsSync(join(root, 'packages/elements/dist/cdn/service-directory.js'))) {
  console.error('The CDN bundles are missing: run `pnpm build` first, or drop --no-build.');
  process.exit(1);
}
const args = process.argv.slice(2).filter((a) => a !== '--no-build');
const child = spawn(process.execPath, [join(root, 'examples/server.mjs'), ...args], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
