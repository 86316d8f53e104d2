import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * An entry point bundled as a host's browser build would bundle it (ESM, minified, ES2022, no Node
 * built-ins), from the workspace's TypeScript sources. The SDK's tests and its benchmark both measure this.
 */
export async function browserBundle(
  entry: string,
  options: { external?: string[]; resolveDir?: string } = {},
): Promise<Uint8Array & { text: string }> {
  const result = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: options.resolveDir ?? root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['c2c-source'],
    external: options.external ?? [],
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const out = result.outputFiles[0]!;
  return Object.assign(out.contents, { text: out.text });
}
