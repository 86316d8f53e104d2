// The end-to-end checks are only as good as their detectors: prove each one can fail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChrome } from '../scripts/chromium.mjs';
import { axeViolations } from './harness.js';

let browser: Browser;
before(async () => {
  browser = await launchChrome();
});
after(async () => {
  await browser?.close();
});

describe('e2e detectors', () => {
  it('axe reports a violation inside a shadow root', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><div id="host"></div></main></body></html>',
    );
    await page.evaluate(() => {
      const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<button></button>';
    });
    const violations = await axeViolations(page);
    assert.ok(
      violations.some((v) => v.startsWith('button-name')),
      violations.join('\n'),
    );
    await page.close();
  });
});
