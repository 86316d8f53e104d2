// Reading what `pnpm run build` wrote to dist/cdn, for the bundle size tests: the files a page fetches up front for
// an entry, and the chunks it loads on demand. Builds nothing itself.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const CDN = fileURLToPath(new URL('../dist/cdn/', import.meta.url));

/** One CDN entry (`handover-form.js`, say) and the chunks rollup named after it. */
export function cdnEntry(entry: string) {
  const read = (file: string) => readFileSync(join(CDN, file));
  const text = (file: string) => read(file).toString('utf8');
  /** Bytes gzipped by zlib at level 9, as `pnpm bench` and the components' guides count them. */
  const gz = (file: string) => gzipSync(read(file), { level: 9 }).length;

  /** `file` and every chunk it imports statically: what the browser fetches before any of it runs. */
  function withStaticImports(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    // Minified static imports and re-exports: `import{a as b}from"./x.js"`, `import"./x.js"`, `export{c}from"./x.js"`.
    for (const m of text(file).matchAll(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g))
      withStaticImports(m[1]!, seen);
    return seen;
  }

  /** The on-demand chunk whose name has `part` in it (rollup names them `<entry>-<part>-<hash>.js`), if loaded. */
  function chunk(part: string): string | undefined {
    const stem = entry.replace(/\.js$/, '');
    return text(entry).match(new RegExp(`import\\(\\s*["']\\./(${stem}-${part}-[^"']+\\.js)["']`))?.[1];
  }

  const path = join(CDN, entry);
  return {
    /** False when built; otherwise why the tests are skipped (the test command builds first). */
    notBuilt: existsSync(path) ? (false as const) : `${path} is not built (run pnpm run build)`,
    text,
    gz,
    withStaticImports,
    chunk,
  };
}
