// What the end-to-end tests share for driving the vendor portal and reading the running hub: its API with a
// seeded demo key, polling until the hub holds what the page sent, signing in, and the checks every page passes.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, cspViolations, openPage, type Demo, type WatchedPage } from './harness.js';

/** Calls the hub as `token` and returns the JSON body; fails the test, with the hub's answer, unless it is 2xx. */
export async function hubCall<T>(
  demo: Demo,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** GETs `path` from the hub as the seeded demo person `userId` (their demo API key). */
export const hubGet = <T>(demo: Demo, path: string, userId: string): Promise<T> =>
  hubCall<T>(demo, 'GET', path, `demo_${userId}`);

/** Polls `check` every 200 ms until it holds; rejects naming `what` after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Polls the hub (not the page) as `userId` until `check` holds for the handover, so a test sees what was
 * stored rather than what the page shows. Resolves to the stored handover.
 */
export async function hubHolds<T extends { sections?: unknown }>(
  demo: Demo,
  userId: string,
  id: string,
  check: (h: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined;
  try {
    await until(async () => check((last = await hubGet<T>(demo, `/v1/handovers/${id}`, userId))), what, 20_000);
  } catch {
    throw new Error(`the hub never held ${what}; last seen: ${JSON.stringify(last?.sections)}`);
  }
  return last!;
}

/** Signs in to the vendor portal as `userId`, on `w` if given, or on a new page of the portal. */
export async function signIn(demo: Demo, userId: string, w?: WatchedPage): Promise<WatchedPage> {
  w ??= await openPage(demo, '/vendor-portal/');
  await signInOn(w.page, userId);
  return w;
}

/** Signs in on a page already showing the portal (a second tab signs in for itself: the token is per tab). */
export async function signInOn(page: Page, userId: string): Promise<void> {
  await page.getByLabel('Person').selectOption(userId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor({ timeout: 15_000 });
}

/** The checks every page of a journey passes: no CSP violation, no console error, no axe violation. */
export async function expectClean(w: WatchedPage, label: string): Promise<void> {
  assert.deepEqual(await cspViolations(w.page), [], `${label}: CSP violations`);
  assert.deepEqual(w.problems, [], `${label}: console errors`);
  assert.deepEqual(await axeViolations(w.page), [], `${label}: axe`);
}

/** Resolves once the portal's handover form has drawn its first section heading. */
export const formReady = (page: Page): Promise<void> =>
  page.locator('c2c-handover-form').getByRole('heading', { level: 2 }).first().waitFor({ timeout: 20_000 });

/**
 * The handover drafts the form keeps in this browser's IndexedDB (idb-keyval stores each record under its own
 * `key`): what would survive a crash or a closed tab.
 */
export const deviceDrafts = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Array<{ key: string; state: unknown }>>((resolve, reject) => {
        const open = indexedDB.open('c2c-handover-form');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('drafts')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('drafts').objectStore('drafts').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as Array<{ key: string; state: unknown }>);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
