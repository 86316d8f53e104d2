// What the pages say about loading a component's CDN bundle from a script tag. The bundle is one module that fetches
// its other parts from beside itself, as module scripts, so a server on another origin than the page must allow it
// with CORS: a page that leaves that out sends a school to a server that serves the files and shows nothing.
// e2e/school-web-editor-guide.test.ts follows the school web editors' guide in a browser; these check the pages
// that only point at it. Runs after `pnpm build`, as test/docs-self-host.test.ts does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (page: string) => readFileSync(join(root, page), 'utf8');

describe('pages about the CDN bundles', () => {
  it('say that a server on another origin must send Access-Control-Allow-Origin', () => {
    // The school web editors' guide is followed in a browser by e2e/school-web-editor-guide.test.ts.
    const pages = ['docs/security.md', 'docs/components/index.md', 'packages/elements/README.md'];
    const missingHeader = pages.filter((page) => !read(page).includes('Access-Control-Allow-Origin'));
    assert.deepEqual(missingHeader, []);
  });

  it('do not call a bundle a single file when the build splits it into parts', () => {
    const parts = readdirSync(join(root, 'packages/elements/dist/cdn')).filter(
      (f) => f.startsWith('service-directory-') && f.endsWith('.js'),
    );
    assert.ok(parts.length > 0, 'the bundle is built in parts (pnpm run build)');
    const wrong = ['README.md', 'packages/elements/README.md', 'docs/index.md', 'docs/components/index.md'].filter(
      (page) => /single[- ]file/i.test(read(page)),
    );
    assert.deepEqual(wrong, []);
  });

  it('give the elements package’s readers the same script tag as the school web editors’ guide', () => {
    const tag = (page: string) =>
      /<script type="module" src="[^"]*service-directory\.js"><\/script>/.exec(read(page))?.[0];
    const guide = tag('docs/getting-started/school-web-editor.md');
    assert.ok(guide, 'the guide has a script tag');
    assert.equal(tag('packages/elements/README.md'), guide);
  });
});
