export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/strings.ts', '**/test-utils/**', '**/*.bench.ts'],
  outdir: 'packages/elements',
  litelement: true,
  // packages/elements/package.json already names the manifest; the analyzer must not rewrite the root one.
  packagejson: false,
};
