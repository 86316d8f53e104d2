// Writes the JSON Schema of every public schema to packages/schema/dist/json-schema (shipped in the package as
// `@c2c/schema/json-schema/<Name>.json`) and docs/schema (for the documentation site).
// Run: node --conditions=c2c-source --import tsx packages/schema/scripts/write-json-schema.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaCatalogue, toJsonSchema } from '../src/json-schema.js';

const targets = [
  fileURLToPath(new URL('../dist/json-schema/', import.meta.url)),
  fileURLToPath(new URL('../../../docs/schema/', import.meta.url)),
];

// Format as the repository's Prettier config does, so `pnpm lint` passes on docs/schema; plain JSON without it.
const prettier = await import('prettier').catch(() => null);
const config = prettier ? await prettier.resolveConfig(fileURLToPath(import.meta.url)) : null;
const json = async (value: unknown): Promise<string> => {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  return prettier ? prettier.format(text, { ...config, parser: 'json' }) : text;
};

const catalogue = jsonSchemaCatalogue();
const files = new Map<string, string>();
for (const entry of catalogue) files.set(`${entry.name}.json`, await json(toJsonSchema(entry)));
const index = {
  description:
    'JSON Schema (draft 2020-12) of every public @c2c/schema schema. "input" schemas describe what integrators send; "output" what the hub returns.',
  schemas: catalogue.map((e) => ({
    name: e.name,
    file: `${e.name}.json`,
    export: e.exportName,
    entry: e.exportName.startsWith('Ctf') ? '@c2c/schema/ctf' : '@c2c/schema',
    io: e.io,
  })),
};
files.set('index.json', await json(index));

for (const dir of targets) {
  mkdirSync(dir, { recursive: true });
  // Remove schemas that no longer exist, so a renamed schema leaves no stale file behind.
  for (const f of readdirSync(dir)) if (f.endsWith('.json') && !files.has(f)) rmSync(dir + f);
  for (const [name, body] of files) writeFileSync(dir + name, body);
}
process.stdout.write(
  `Wrote ${files.size - 1} JSON Schemas and index.json to:\n${targets.map((t) => `  ${t}`).join('\n')}\n`,
);
