export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/strings.ts', '**/test-utils/**'],
  outdir: 'packages/elements',
  litelement: true,
};
