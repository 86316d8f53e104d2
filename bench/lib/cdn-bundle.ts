// Shared by the component benchmarks: build one component's CDN bundle with the repository's own rollup
// config and tell apart what a page loads up front from what it fetches on demand.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rollup, type OutputChunk, type RollupOptions } from 'rollup';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CDN = join(ROOT, 'packages/elements/dist/cdn');

/** Builds `<component>`'s CDN bundle; `initial` is the entry and its static imports, `lazy` the dynamic chunks. */
export async function buildCdnBundle(component: string): Promise<{ initial: string[]; lazy: string[] }> {
  const configs = (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)).default as RollupOptions[];
  const config = configs.find((c) => typeof c.input === 'object' && !Array.isArray(c.input) && component in c.input);
  if (!config) throw new Error(`rollup.config.mjs has no CDN entry for ${component} (is there a define.ts?)`);
  // Old hashed chunks from earlier builds would otherwise be counted.
  for (const f of existsSync(CDN) ? readdirSync(CDN) : []) if (f.startsWith(component)) rmSync(join(CDN, f));
  const prev = process.cwd();
  process.chdir(ROOT);
  const chunks = new Map<string, OutputChunk>();
  try {
    const bundle = await rollup({ ...config, onwarn: () => {} });
    const outputs = Array.isArray(config.output) ? config.output : [config.output!];
    for (const out of outputs) {
      const { output } = await bundle.write(out);
      for (const o of output) if (o.type === 'chunk') chunks.set(o.fileName, o);
    }
    await bundle.close();
  } finally {
    process.chdir(prev);
  }
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
  };
  visit(`${component}.js`);
  return { initial: [...initial], lazy: [...chunks.keys()].filter((f) => !initial.has(f)) };
}
