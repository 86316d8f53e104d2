// Chunk names carry a content hash, so a rebuild writes new parts beside the old: the build must empty each
// component's files from the CDN folder first, or stale parts ship in the npm package and in schools' copies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cdn = join(root, 'packages/elements/dist/cdn');

interface Config {
  input: unknown;
  plugins?: Array<{ name: string; buildStart?: () => void }>;
}

describe('the CDN build', () => {
  it("removes a component's old parts before it writes new ones, and leaves other components' files", async () => {
    const configs = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)).default as Config[];
    const directory = configs.find((c) => typeof c.input === 'object' && c.input && 'service-directory' in c.input);
    const clean = directory?.plugins?.find((p) => p.name === 'clean-cdn');
    assert.ok(clean?.buildStart, 'the directory build has a step that empties its old files');
    mkdirSync(cdn, { recursive: true });
    const stale = join(cdn, 'service-directory-oruk-source-STALE000.js');
    const other = join(cdn, 'pathway-timeline-strings-cy-KEEPME00.js');
    writeFileSync(stale, '// an old part');
    writeFileSync(other, '// another component');
    const prev = process.cwd();
    process.chdir(root);
    try {
      clean.buildStart();
      assert.equal(existsSync(stale), false, 'the old part is gone');
      assert.equal(existsSync(other), true, "another component's file stays");
    } finally {
      process.chdir(prev);
      rmSync(stale, { force: true });
      rmSync(other, { force: true });
    }
  });
});
