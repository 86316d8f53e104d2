// Builds every package: ESM with one module per source file (so bundlers tree-shake), source maps, and for
// @c2c/elements a self-contained, minified CDN bundle per component. Type declarations come from
// `tsc -p packages/<name>/tsconfig.build.json` (run by `pnpm build` after this).
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import replace from '@rollup/plugin-replace';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

const PACKAGES = ['schema', 'sdk', 'elements', 'react', 'hub'];
const isSource = (f) =>
  f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.includes('test-utils');

function sources(pkg) {
  const root = join('packages', pkg, 'src');
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter(isSource)
    .map((f) => join(root, f));
}

const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', sourceMap: true });
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

const libraries = PACKAGES.filter((p) => existsSync(join('packages', p, 'src')) && sources(p).length > 0).map(
  (pkg) => ({
    input: sources(pkg),
    external,
    plugins: [ts()],
    output: {
      dir: join('packages', pkg, 'dist'),
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: join('packages', pkg, 'src'),
    },
    onwarn(warning, warn) {
      if (warning.code === 'EMPTY_BUNDLE') return;
      warn(warning);
    },
  }),
);

// V8's explicit compile hint (Chrome 136+): a file whose first line is this comment has all its functions
// compiled eagerly on a background thread while it streams in, rather than lazily on the main thread at their
// first call. The handover form calls nearly all of its code in its first render, and the hint takes its cold
// first render from 37 to 28 ms of main-thread time (bench/handover.bench.ts); the service directory's first
// results got slower with it (more code compiled than the first render needs), so it is not hinted.
const COMPILE_HINT = { 'handover-form': '//# allFunctionsCalledOnLoad' };

const COMPONENTS = ['service-directory', 'handover-form', 'pathway-timeline'].filter((c) =>
  existsSync(join('packages/elements/src', c, 'define.ts')),
);

const CDN_DIR = 'packages/elements/dist/cdn';

/**
 * Removes `name`'s files that a build did not write. Chunk names carry a content hash, so every build with a change
 * wrote new parts beside the old ones, and the stale parts went into the npm package, were copied by schools
 * following the self-hosting list, and tripped the check of that list. Done after writing, from what was written,
 * so a build that only generates (a size check in a test) deletes nothing.
 */
const cleanCdn = (name) => ({
  name: 'clean-cdn',
  writeBundle(options, bundle) {
    const dir = options.dir ?? CDN_DIR;
    for (const f of readdirSync(dir))
      if ((f === `${name}.js` || f === `${name}.js.map` || f.startsWith(`${name}-`)) && !(f in bundle))
        rmSync(join(dir, f));
  },
});

// One CDN bundle per component: Lit, the SDK parts it uses, zod/mini and strings all inside, so a school
// website needs a single <script type="module">. Rarely used code (the CTF importer) stays a separate chunk.
/**
 * Leaves out two warnings about third-party code that `npm start` and every build printed in yellow, so that someone
 * trying the demo took the build to have failed: a `@__PURE__` comment rollup cannot place (zod's, which rollup then
 * drops, as intended) and an import cycle inside one dependency (zod's core). The same warnings about our own code,
 * and every other warning, still print.
 */
export function quietThirdParty(warning, warn) {
  const inDependency = (id) => typeof id === 'string' && id.includes('/node_modules/');
  if (warning.code === 'INVALID_ANNOTATION' && inDependency(warning.id)) return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.length && warning.ids.every(inDependency)) return;
  warn(warning);
}

const cdn = COMPONENTS.map((name) => ({
  input: { [name]: `packages/elements/src/${name}/define.ts` },
  onwarn: quietThirdParty,
  // The entry exports nothing a page needs, so rollup may fold it into its first chunk (one request fewer).
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    cleanCdn(name),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({
      browser: true,
      exportConditions: ['c2c-source', 'browser', 'production', 'import', 'default'],
      extensions: ['.ts', '.js', '.mjs'],
    }),
    // Lit's own literal minifier, for the css`` in our styles (terser leaves template text alone): about 1 kB
    // gzip per component. html`` is left as written: its whitespace is already tight (61 bytes to gain), and
    // collapsing it is not worth the risk of changing what a template renders.
    minifyLiterals({
      include: ['packages/elements/src/**/*.ts'],
      failOnError: true,
      options: { shouldMinify: () => false },
    }),
    ts(),
    terser({
      format: { comments: false, preamble: COMPILE_HINT[name] },
      ecma: 2022,
      module: true,
      compress: { passes: 2 },
    }),
  ],
  output: {
    dir: CDN_DIR,
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: `${name}-[name]-[hash].js`,
  },
}));

// C2C_BUILD=cdn or C2C_BUILD=libraries builds one half (handy while working on a component).
const only = process.env.C2C_BUILD;
export default only === 'cdn' ? cdn : only === 'libraries' ? libraries : [...libraries, ...cdn];
