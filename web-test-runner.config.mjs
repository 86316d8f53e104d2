// Browser tests run in real headless Chromium: Debian's /usr/bin/chromium, a local Chrome, or CHROME_PATH.
// Nothing here downloads a browser.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROME_ARGS, NO_CHROME_MESSAGE, findChrome } from './scripts/chromium.mjs';

const executablePath = findChrome();
if (!executablePath) throw new Error(NO_CHROME_MESSAGE);

/** The CDP session opened for each test page in createPage, kept so server commands can emulate on it. */
const cdpSessions = new WeakMap();

/**
 * Server command `forced-colors` (payload `{ active: boolean }`): real Windows High Contrast emulation for a test
 * page, through CDP `Emulation.setEmulatedMedia`. The built-in emulate-media command cannot do it: Puppeteer's
 * emulateMediaFeatures accepts only prefers-color-scheme, prefers-reduced-motion and color-gamut. With it, the
 * element's `(forced-colors: active)` rules apply and the browser forces its system colours, as on a real machine,
 * so tests check what is painted rather than rules copied in by hand. `active: false` takes the emulation off.
 * It is sent on our own CDP session, not Puppeteer's, so it combines with emulateMedia() (reduced motion, print)
 * rather than replacing it, either way round (checked). Browser side:
 * packages/elements/src/shared/test-utils/forced-colours.ts.
 */
function forcedColorsPlugin() {
  return {
    name: 'c2c-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'forced-colors') return undefined;
      if (typeof payload !== 'object' || payload === null || typeof payload.active !== 'boolean')
        throw new Error('forced-colors needs { active: boolean }');
      const page = session.browser.getPage(session.id);
      const cdp = cdpSessions.get(page);
      if (!cdp) throw new Error('forced-colors: no CDP session for this page');
      await cdp.send('Emulation.setEmulatedMedia', {
        features: [{ name: 'forced-colors', value: payload.active ? 'active' : 'none' }],
      });
      return true;
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['c2c-source', 'browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' }), forcedColorsPlugin()],
  browsers: [
    chromeLauncher({
      // With two pages at once the one in the background tab gets no animation frames, and open-wc's
      // fixture() waits for one: emulate focus so every tab keeps rendering.
      async createPage({ context }) {
        const page = await context.newPage();
        const session = await page.createCDPSession();
        await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        cdpSessions.set(page, session);
        return page;
      },
      launchOptions: {
        executablePath,
        // gc() lets a test check that forms it has removed are collected (no leak), not just guess from the heap.
        args: [...CHROME_ARGS, '--js-flags=--expose-gc'],
      },
    }),
  ],
  // A failed assertion about a DOM node cannot be sent back as it is, and the run would wait for it until
  // testsFinishTimeout: the setup module, imported straight after mocha and before the test file, makes every
  // failure sendable. Static imports in one module run in order, so it is in place before any test starts.
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head></head><body><script type="module">
      import ${JSON.stringify(testFramework)};
      import '/packages/elements/src/shared/test-utils/cloneable-failures.setup.ts';
    </script></body></html>`,
  concurrency: 2,
  // Generous: CI shares two cores between the browser, the test server and esbuild.
  testFramework: { config: { timeout: 30000 } },
  // Per test file. The handover form's file holds over a hundred tests against real IndexedDB and timers; under
  // a load of 20 on two cores it once needed more than 300 s, and a file cut off is a failure, not a slow pass.
  testsFinishTimeout: 600000,
  coverageConfig: {
    include: ['packages/elements/src/**/*.ts'],
    exclude: ['**/*.test.ts', '**/node_modules/**'],
    report: true,
    reportDir: 'coverage/browser',
  },
};
