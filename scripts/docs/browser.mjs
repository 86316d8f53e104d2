// The docs and Storybook checks launch the same Chromium as every other browser run: see scripts/chromium.mjs.
export { findChrome, launchChrome } from '../chromium.mjs';
