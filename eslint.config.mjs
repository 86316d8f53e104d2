// ESLint flat config for the whole workspace.
// Not type-aware on purpose: `tsc -p tsconfig.json` already type-checks everything, and a type-aware lint
// of the whole repo costs far more than it finds on a 2-core CI machine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

// The few Node globals our scripts use. TypeScript files do not need them (tsc checks names there),
// so this list only matters for plain .js/.mjs files.
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'fetch',
    'Response',
    'Request',
    'Headers',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'performance',
    'crypto',
    'global',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

const browserGlobals = Object.fromEntries(
  ['window', 'document', 'navigator', 'customElements', 'HTMLElement', 'location', 'localStorage', 'console'].map(
    (name) => [name, 'readonly'],
  ),
);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'docs/dist/**',
      'docs/api/**',
      '**/storybook-static/**',
      '**/*.d.ts',
      '**/custom-elements.json',
      'bench/results/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Non-null assertions are deliberate in this codebase (noUncheckedIndexedAccess is on).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `import type` is already enforced by tsc (verbatimModuleSyntax), so no lint rule for it here.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Control characters in regexes are deliberate here (ASCII fast paths, stripping ANSI colour codes).
      'no-control-regex': 'off',
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // TypeScript resolves names itself; `no-undef` only produces false positives on TS files.
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Example pages run in the browser; scripts and e2e tests pass callbacks to page.evaluate().
    files: ['examples/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', 'e2e/**/*.{js,mjs}'],
    languageOptions: { globals: { ...nodeGlobals, ...browserGlobals } },
  },
  {
    // Web components: Lit templates and custom-element hygiene.
    files: ['packages/elements/src/**/*.ts', 'stories/**/*.ts', '.storybook/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts', 'stories/**/*.ts', '.storybook/**/*.ts'],
    ...wc.configs['flat/recommended'],
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
  },
  {
    // Library code never writes to the console: the hub logs structured JSON through its logger,
    // and the SDK and components leave logging to the host.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    ignores: [
      '**/*.test.ts',
      '**/test-utils/**',
      'packages/hub/src/cli.ts',
      'packages/hub/src/logger.ts',
      'packages/hub/src/log.ts',
      'packages/hub/src/**/logger.ts',
    ],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests may use empty functions and any-casts to poke at edges.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/test-utils/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // chai assertions are property reads: expect(el.hidden).to.be.true
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
