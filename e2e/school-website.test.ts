// The school web editor's journey: one script tag on a plain page under a strict CSP, reading the hub's
// Open Referral UK feed. A family searches and filters and finds a seeded service.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, cspViolations, openPage, useDemo, type WatchedPage } from './harness.js';

const demo = useDemo();

async function directoryReady(w: WatchedPage) {
  await w.page.locator('c2c-service-directory .result').first().waitFor({ timeout: 20_000 });
}

describe('school website', () => {
  it('serves the page with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${demo.url}/school-website/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('shows the directory from one script tag, with no console errors or CSP violations', async () => {
    const w = await openPage(demo, '/school-website/');
    try {
      await directoryReady(w);
      const count = await w.page.locator('c2c-service-directory #count').textContent();
      assert.match(count ?? '', /\d+ services? found/);
      assert.deepEqual(await cspViolations(w.page), []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('finds a seeded service by search', async () => {
    const w = await openPage(demo, '/school-website/');
    try {
      await directoryReady(w);
      const search = w.page.getByLabel('Search for a service');
      await search.fill('Baby Bank');
      await search.press('Enter');
      // "Baby Bank" is already in the unfiltered list, so wait until every result shown is a searched one.
      await w.page.locator('c2c-service-directory .chip[data-filter="q"]').waitFor({ timeout: 10_000 });
      await w.page.waitForFunction(
        () => {
          const root = document.querySelector('c2c-service-directory')?.shadowRoot;
          const names = [...(root?.querySelectorAll('.result .result-name') ?? [])].map((n) => n.textContent ?? '');
          return names.length > 0 && names.every((n) => /baby bank/i.test(n));
        },
        undefined,
        { timeout: 10_000 },
      );
      const names = await w.page.locator('c2c-service-directory .result .result-name').allTextContents();
      assert.ok(names.length > 0, 'some results');
      assert.ok(
        names.every((n) => /baby bank/i.test(n)),
        `every result is a Baby Bank: ${names.join(' | ')}`,
      );
    } finally {
      await w.close();
    }
  });

  it('finds a seeded service by filter, and shows the filter as a removable chip', async () => {
    const w = await openPage(demo, '/school-website/');
    try {
      await directoryReady(w);
      const before = await w.page.locator('c2c-service-directory #count').textContent();
      await w.page.getByLabel('Type of service').selectOption({ label: 'Food support' });
      const chip = w.page.locator('c2c-service-directory .chip[data-filter="taxonomy"]');
      await chip.waitFor({ timeout: 10_000 });
      await w.page.waitForFunction(
        (prev) =>
          document.querySelector('c2c-service-directory')?.shadowRoot?.querySelector('#count')?.textContent !== prev,
        before,
      );
      const names = await w.page.locator('c2c-service-directory .result .result-name').allTextContents();
      assert.ok(names.length > 0, 'food services were found');
      assert.ok(
        names.some((n) => /Pantry|Lunch Club|Cook and Eat|Baby Bank/.test(n)),
        names.join(' | '),
      );
      await chip.click();
      await w.page.waitForFunction(
        () =>
          !document.querySelector('c2c-service-directory')?.shadowRoot?.querySelector('.chip[data-filter="taxonomy"]'),
      );
    } finally {
      await w.close();
    }
  });

  it('has no axe violations, in English or in Welsh', async () => {
    for (const path of ['/school-website/', '/school-website/cy.html']) {
      const w = await openPage(demo, path);
      try {
        await directoryReady(w);
        assert.deepEqual(await axeViolations(w.page), [], path);
      } finally {
        await w.close();
      }
    }
  });

  it('still works in Welsh when the Welsh list writer cannot be fetched', async () => {
    // Debian's Chromium has no Welsh lists in Intl, so a Welsh page fetches its own; losing that one file once
    // hung the tab (a pending load that every render waited on).
    const w = await openPage(demo, '/school-website/cy.html', { fail: /welsh-lists/ });
    try {
      await directoryReady(w);
      await w.page.getByLabel('Chwilio am wasanaeth').waitFor();
      const answered = await Promise.race([
        w.page.evaluate(() => 'answered'),
        new Promise((r) => setTimeout(() => r('hung'), 5_000)),
      ]);
      assert.equal(answered, 'answered');
    } finally {
      await w.close();
    }
  });

  it('says so, with Try again, when part of the bundle cannot be fetched, and recovers', async () => {
    const w = await openPage(demo, '/school-website/', { fail: /remote-sources/ });
    try {
      const error = w.page.locator('c2c-service-directory .message.error');
      await error.waitFor({ timeout: 20_000 });
      assert.match((await error.textContent()) ?? '', /We could not reach the list of services/);
      await w.context.unroute(/remote-sources/);
      await w.page.getByRole('button', { name: 'Try again' }).click();
      await directoryReady(w);
    } finally {
      await w.close();
    }
  });

  it('the Welsh page says everything the English page says around the directory', async () => {
    const sentences = async (path: string) => {
      const w = await openPage(demo, path);
      try {
        const texts = await w.page.locator('main > p, footer p').allTextContents();
        return texts.map((t) => t.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length);
      } finally {
        await w.close();
      }
    };
    assert.deepEqual(await sentences('/school-website/cy.html'), await sentences('/school-website/'));
  });

  it('switching language keeps a shortlist someone shared, and the search', async () => {
    const w = await openPage(demo, '/school-website/?c2c-shortlist=svc-00018%2Csvc-00042');
    try {
      const directory = w.page.locator('c2c-service-directory');
      await directory.getByRole('heading', { name: 'Services shared with you' }).waitFor({ timeout: 20_000 });
      await w.page.getByRole('link', { name: 'Cymraeg' }).click();
      await w.page.waitForURL(/\/cy\.html/);
      await directory.getByRole('heading', { name: 'Gwasanaethau a rannwyd gyda chi' }).waitFor({ timeout: 20_000 });
      // The heading comes before the shared services, which are read from the hub by id.
      await directory.locator('.result').nth(1).waitFor({ timeout: 20_000 });
      assert.equal(await directory.locator('.result').count(), 2);
      await w.page.goto(`${demo.url}/school-website/cy.html?c2c-q=food`);
      await directoryReady(w);
      await w.page.getByRole('link', { name: 'English' }).click();
      await w.page.waitForURL(/\/school-website\/index\.html\?c2c-q=food/);
      await directoryReady(w);
      assert.equal(await w.page.getByLabel('Search for a service').inputValue(), 'food');
      assert.deepEqual(await cspViolations(w.page), []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('speaks Welsh on the Welsh page', async () => {
    const w = await openPage(demo, '/school-website/cy.html');
    try {
      await directoryReady(w);
      await w.page.getByLabel('Chwilio am wasanaeth').waitFor();
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });
});
