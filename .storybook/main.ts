import type { StorybookConfig } from '@storybook/web-components-vite';
import { transform } from 'esbuild';
import { defaultClientConditions, mergeConfig, type Plugin } from 'vite';

/**
 * Vite 8 compiles TypeScript with Oxc, which does not lower our legacy decorators
 * (`experimentalDecorators`, `useDefineForClassFields: false`): the build succeeds and then every
 * `@property()` field shadows Lit's accessor at run time. esbuild does it right, so it runs first.
 */
function legacyDecorators(): Plugin {
  return {
    name: 'c2c:legacy-decorators',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.(m|c)?tsx?$/.test(file) || file.includes('/node_modules/')) return null;
      if (!code.includes('@')) return null;
      const result = await transform(code, {
        loader: file.endsWith('x') ? 'tsx' : 'ts',
        target: 'es2022',
        sourcemap: true,
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      return { code: result.code, map: result.map };
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The Accessibility panel runs axe on the story you are looking at; CI checks every story with
  // scripts/docs/check-storybook.mjs.
  addons: ['@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [legacyDecorators()],
      // Workspace packages resolve to their TypeScript source, as in tests and type checks.
      resolve: { conditions: ['c2c-source', ...defaultClientConditions] },
      // No network at build time: nothing to prefetch, nothing to report.
      logLevel: 'warn',
      // Storybook's own runtime is one large chunk; the warning says nothing about our code.
      build: { chunkSizeWarningLimit: 2000 },
    });
  },
};

export default config;
