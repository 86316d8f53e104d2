// Chunk names carry a content hash, so a rebuild writes new parts beside the old: after writing, the build must
// remove a component's parts it did not write, or stale parts ship in the npm package and in schools' copies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Warning {
  code: string;
  id?: string;
  ids?: string[];
}

interface Config {
  input: unknown;
  onwarn?: (warning: Warning, warn: (w: Warning) => void) => void;
  plugins?: Array<{ name: string; writeBundle?: (options: { dir?: string }, bundle: object) => void }>;
}

describe('the CDN build', () => {
  it("removes a component's parts it did not write, and leaves the rest", async () => {
    const configs = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)).default as Config[];
    const directory = configs.find((c) => typeof c.input === 'object' && c.input && 'service-directory' in c.input);
    const clean = directory?.plugins?.find((p) => p.name === 'clean-cdn');
    assert.ok(clean?.writeBundle, 'the directory build has a step that removes its old files');
    // A folder of its own: the real dist/cdn is what other tests read.
    const dir = mkdtempSync(join(tmpdir(), 'c2c-cdn-'));
    try {
      const written = ['service-directory.js', 'service-directory.js.map', 'service-directory-oruk-source-NEW00000.js'];
      const kept = [...written, 'pathway-timeline-strings-cy-KEEPME00.js', 'handover-form.js'];
      for (const f of [
        ...kept,
        'service-directory-oruk-source-STALE000.js',
        'service-directory-oruk-source-STALE000.js.map',
      ])
        writeFileSync(join(dir, f), '//');
      clean.writeBundle({ dir }, Object.fromEntries(written.map((f) => [f, {}])));
      assert.deepEqual(readdirSync(dir).sort(), kept.sort());
      assert.ok(!existsSync(join(dir, 'service-directory-oruk-source-STALE000.js')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints warnings about our code, and none about a dependency’s comments or import cycles', async () => {
    const configs = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)).default as Config[];
    const cdn = configs.filter((c) => typeof c.input === 'object' && c.input && !Array.isArray(c.input));
    assert.ok(cdn.length >= 3, 'one CDN build per component');
    const dep = '/repo/node_modules/.pnpm/zod@4/node_modules/zod/v4/core/';
    const ours = '/repo/packages/elements/src/shared/';
    const warnings: Warning[] = [
      { code: 'INVALID_ANNOTATION', id: `${dep}util.js` },
      { code: 'CIRCULAR_DEPENDENCY', ids: [`${dep}core.js`, `${dep}util.js`, `${dep}core.js`] },
      { code: 'INVALID_ANNOTATION', id: `${ours}theme.ts` },
      { code: 'CIRCULAR_DEPENDENCY', ids: [`${ours}a.ts`, `${dep}util.js`, `${ours}a.ts`] },
      { code: 'UNRESOLVED_IMPORT', id: `${dep}util.js` },
    ];
    for (const config of cdn) {
      const printed: Warning[] = [];
      for (const w of warnings) (config.onwarn ?? ((x, warn) => warn(x)))(w, (x) => printed.push(x));
      assert.deepEqual(printed, warnings.slice(2), JSON.stringify(config.input));
    }
  });
});
