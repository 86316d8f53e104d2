// Browser tests run in real headless Chromium: Debian's /usr/bin/chromium, a local Chrome, or CHROME_PATH.
// Nothing here downloads a browser.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  throw new Error(
    'No Chrome or Chromium found. Install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH.',
  );
}

export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['c2c-source', 'browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' })],
  browsers: [
    chromeLauncher({
      // With two pages at once the one in the background tab gets no animation frames, and open-wc's
      // fixture() waits for one: emulate focus so every tab keeps rendering.
      async createPage({ context }) {
        const page = await context.newPage();
        const session = await page.createCDPSession();
        await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        return page;
      },
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-dev-shm-usage',
        ],
      },
    }),
  ],
  concurrency: 2,
  // Generous: CI shares two cores between the browser, the test server and esbuild.
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 300000,
  coverageConfig: {
    include: ['packages/elements/src/**/*.ts'],
    exclude: ['**/*.test.ts', '**/node_modules/**'],
    report: true,
    reportDir: 'coverage/browser',
  },
};
