// Chunk names carry a content hash, so a rebuild writes new parts beside the old: after writing, the build must
// remove a component's parts it did not write, or stale parts ship in the npm package and in schools' copies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Config {
  input: unknown;
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
});
