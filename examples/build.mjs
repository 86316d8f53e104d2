#!/usr/bin/env node
// Builds the two example apps that have their own code (the school website needs none: it loads the CDN
// bundle). esbuild bundles each app with the workspace packages it imports, minified, with source maps.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  // Resolve workspace packages to their TypeScript source, so the examples never run stale builds.
  conditions: ['c2c-source', 'browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig: join(here, '..', 'tsconfig.base.json'),
  logLevel: 'warning',
  splitting: true,
};

await Promise.all([
  build({
    ...common,
    entryPoints: [join(here, 'vendor-portal/src/main.ts')],
    outdir: join(here, 'vendor-portal/dist'),
  }),
  build({
    ...common,
    entryPoints: [join(here, 'react-app/src/main.tsx')],
    outdir: join(here, 'react-app/dist'),
    jsx: 'automatic',
  }),
]);
console.log('examples built: vendor-portal/dist, react-app/dist');
