// The handover form as each person issue #7 names uses it, against the running demo hub: a parent or carer, a
// teacher who is not the DSL, the sending school after the receiving school acknowledged, and two teachers
// saving the same draft. Nothing of ours is mocked; where a person the seed lacks is needed (a parent of a child
// with a draft), an administrator adds them through the hub's API, as a school would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, cspViolations, openPage, useDemo, type WatchedPage } from './harness.js';

const demo = useDemo();

const TEACHER = 'pri-millbrook-teacher';

interface Stored {
  id: string;
  status: string;
  version: number;
  learnerId: string;
  safeguardingTransferRequired: boolean;
  sections: Record<string, Record<string, unknown>>;
}

async function call<T>(method: string, path: string, token: string, body?: unknown, headers = {}): Promise<T> {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}
const api = <T>(path: string, userId = TEACHER) => call<T>('GET', path, `demo_${userId}`);

async function signIn(userId = TEACHER, w?: WatchedPage): Promise<WatchedPage> {
  w ??= await openPage(demo, '/vendor-portal/');
  await w.page.getByLabel('Person').selectOption(userId);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.getByTestId('who').waitFor({ timeout: 15_000 });
  return w;
}

const form = (page: Page) => page.locator('c2c-handover-form');
const formReady = (page: Page) => form(page).getByRole('heading', { level: 2 }).first().waitFor({ timeout: 20_000 });

async function openHandover(page: Page, id: string): Promise<void> {
  await page.evaluate((h) => (location.hash = `#/handover/${h}`), id);
  await formReady(page);
}

async function expectClean(w: WatchedPage, label: string) {
  assert.deepEqual(await cspViolations(w.page), [], `${label}: CSP violations`);
  assert.deepEqual(w.problems, [], `${label}: console errors`);
  assert.deepEqual(await axeViolations(w.page), [], `${label}: axe`);
}

const handoversOf = async (userId: string, status: string) =>
  (await api<{ data: Stored[] }>(`/v1/handovers?box=sent&status=${status}&limit=100`, userId)).data;

describe('the handover form, person by person, against the real hub', () => {
  it('the sending school, once the receiving school has acknowledged, is offered a reply, not a question to itself', async () => {
    const acknowledged = (await handoversOf(TEACHER, 'acknowledged'))[0];
    assert.ok(acknowledged, 'Millbrook has an acknowledged handover in the seed');
    const w = await signIn();
    try {
      await openHandover(w.page, acknowledged.id);
      await form(w.page)
        .getByText(/Receipt acknowledged by/)
        .first()
        .waitFor();
      await form(w.page).getByRole('heading', { name: 'Messages with the receiving school' }).waitFor();
      assert.equal(await form(w.page).getByLabel('Your reply').count(), 1);
      assert.equal(await form(w.page).getByText('Questions for the sending school').count(), 0);
      assert.equal(await form(w.page).getByRole('button', { name: 'Send question' }).count(), 0);
      await expectClean(w, 'sender, acknowledged');
    } finally {
      await w.close();
    }
  });
});
