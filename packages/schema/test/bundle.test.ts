import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: ROOT, loader: 'ts' },
    absWorkingDir: ROOT, // metafile paths are relative to the repository root
    bundle: true,
    minify: true,
    write: false,
    outdir: 'out',
    metafile: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['c2c-source'],
    logLevel: 'silent',
  });
  // Only the modules that contribute bytes: a module that is parsed and then tree-shaken away costs nothing.
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([k]) => k);
}

test('the main entry never bundles the XML parser; the ctf entry does', async () => {
  const main = await inputsOf('@c2c/schema');
  assert.ok(main.some((f) => f.includes('packages/schema/src/learner.ts')));
  assert.deepEqual(
    main.filter((f) => f.includes('fast-xml-parser') || f.includes('/ctf/')),
    [],
  );
  assert.deepEqual(
    main.filter((f) => /json-schema/.test(f)),
    [],
    'nor the JSON Schema converter',
  );
  const ctf = await inputsOf('@c2c/schema/ctf');
  assert.ok(ctf.some((f) => f.includes('fast-xml-parser')));
});
