// Where a local Chrome or Chromium is, and the flags every headless run here uses (browser tests, end-to-end
// tests, the docs and Storybook checks, the benchmarks). Nothing here downloads a browser. playwright-core is
// loaded only by `launchChrome`, so the install bootstrap (scripts/run.mjs) can use the rest before installing.
import { existsSync } from 'node:fs';

/** Debian's Chromium first; CHROME_PATH wins when set. */
export const CHROME_CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

/** Headless as root (no sandbox), with no GPU, no background network traffic and a small /dev/shm. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const NO_CHROME_MESSAGE =
  'No Chrome or Chromium found. Install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH.';

/** The first Chrome or Chromium on this machine, or undefined. */
export function findChrome() {
  return CHROME_CANDIDATES.find((p) => existsSync(p));
}

/** Launches it through playwright-core with {@link CHROME_ARGS}; `options` go to `chromium.launch`. */
export async function launchChrome(options = {}) {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(NO_CHROME_MESSAGE);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROME_ARGS, ...options });
}
