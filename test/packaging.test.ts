// Each publishable package must pack only what a user needs (built code, types, README, licence), and every
// `exports` target it promises must be inside the tarball. Runs after `pnpm build` (the test command builds first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['schema', 'sdk', 'elements', 'react', 'hub'];
const ALLOWED = /^(dist\/|bin\/|README\.md$|LICENSE$|package\.json$|custom-elements\.json$)/;

interface PackFile {
  path: string;
}

function packList(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out) as Array<{ files: PackFile[] }>;
  return info!.files.map((f) => f.path);
}

function targets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (!exportsField || typeof exportsField !== 'object') return [];
  return Object.entries(exportsField as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'c2c-source' ? [] : targets(value),
  );
}

describe('packaging', () => {
  for (const name of PACKAGES) {
    it(`@c2c/${name} packs only built files, and every export target is in the tarball`, () => {
      const dir = join(root, 'packages', name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        exports: unknown;
        license?: string;
        files?: string[];
      };
      assert.equal(pkg.license, 'MIT');
      const files = packList(dir);
      const stray = files.filter((f) => !ALLOWED.test(f) || /\.test\.(js|ts|d\.ts)$/.test(f));
      assert.deepEqual(stray, [], `files that should not be published from @c2c/${name}`);
      assert.ok(files.includes('README.md'), 'a README');
      assert.ok(files.includes('LICENSE'), 'a licence');
      for (const target of targets(pkg.exports)) {
        if (target.includes('*')) continue;
        const path = target.replace(/^\.\//, '');
        assert.ok(files.includes(path), `export target ${target} is in the tarball`);
      }
    });
  }
});
