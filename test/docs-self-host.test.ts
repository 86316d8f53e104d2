// The school web editors' guide lists the files a school copies to host the directory itself. The CDN bundle is
// split into parts that `service-directory.js` fetches from beside itself; a part missing from the list is a
// part a school never copies, and the feature it carries (the feed reader, Welsh) silently goes. Runs after
// `pnpm build` (the test command builds first), as test/packaging.test.ts does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('the self-hosting list in the school web editors’ guide', () => {
  it('names every part of the built directory bundle, and no other', () => {
    const built = readdirSync(join(root, 'packages/elements/dist/cdn'))
      .filter((f) => f.startsWith('service-directory') && f.endsWith('.js'))
      // Parts carry a content hash (`-BN90o0Qy`); the guide writes it as `-….js`.
      .map((f) => f.replace(/-[A-Za-z0-9_-]{8}\.js$/, '-….js'))
      .sort();
    assert.ok(built.includes('service-directory.js'), 'the bundle is built (pnpm run build)');
    const page = readFileSync(join(root, 'docs/getting-started/school-web-editor.md'), 'utf8');
    const listed = [...page.matchAll(/^\/js\/(service-directory\S*\.js)$/gm)].map((m) => m[1]!).sort();
    assert.deepEqual(listed, built);
  });
});
