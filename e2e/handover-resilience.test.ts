// The handover form's promises under real failures, against the running demo hub: a reload with unsent
// changes, a lost connection, a double click with a dropped response, and two people saving the same draft.
// Faults are made in the network (Playwright's offline mode and request routing), never by mocking our code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useDemo } from './harness.js';
import { formReady, hubGet, hubHolds as holds, signIn as signInAs, signInOn } from './portal.js';

const demo = useDemo();

const TEACHER = 'pri-millbrook-teacher';

interface Stored {
  status: string;
  version: number;
  learnerId: string;
  sections: Record<string, Record<string, unknown>>;
}

const api = <T>(path: string, userId = TEACHER) => hubGet<T>(demo, path, userId);
const hubHolds = (id: string, check: (h: Stored) => boolean, what: string) =>
  holds<Stored>(demo, TEACHER, id, check, what);
const signIn = (userId = TEACHER) => signInAs(demo, userId);

const pupilVoice = (page: Page) => page.getByLabel(/Tell your new school about you/);
const strengths = (page: Page) => page.getByLabel('What is this child good at?');

/**
 * Starts a Year 6 to Year 7 handover for the `nth` learner on the list (each test its own child), answers the two
 * required questions and waits for the draft to reach the hub. Returns the handover's id.
 */
async function startHandover(page: Page, nth: number): Promise<string> {
  await page.getByRole('link', { name: 'Learners' }).click();
  const row = page.locator('tr', { has: page.getByRole('link', { name: /Start a handover/ }) }).nth(nth);
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole('link', { name: /Start a handover/ }).click();
  await page.getByLabel('Transition').selectOption('y6-to-y7');
  await page.getByLabel('Receiving school or setting').selectOption('sec-brookfield-academy');
  await page.getByRole('button', { name: 'Start handover' }).click();
  await formReady(page);
  await pupilVoice(page).fill('I like the climbing frame and building bridges out of card.');
  await strengths(page).fill('Kind to younger children.');
  await page.waitForFunction(() => /#\/handover\/[-\w]+/.test(location.hash), undefined, { timeout: 20_000 });
  const id = page.url().split('#/handover/')[1]!;
  await hubHolds(id, (h) => h.sections.strengths?.strengths === 'Kind to younger children.', 'the first draft');
  return id;
}

/** Waits (up to 20 s) until a field holds `text`; fails with what it held instead. */
async function valueBecomes(field: ReturnType<Page['getByLabel']>, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let value = '';
  while (Date.now() < deadline) {
    value = await field.inputValue();
    if (value === text) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(value, text);
}

/** Records where each save of the form on `page` went (`device` or `hub`), from its own events. */
async function watchSaves(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __saves: string[] };
    w.__saves = [];
    document
      .querySelector('c2c-handover-form')!
      .addEventListener('c2c-handover-saved', (e) =>
        w.__saves.push((e as CustomEvent<{ where: string }>).detail.where),
      );
  });
}
const saves = (page: Page) => page.evaluate(() => (window as unknown as { __saves: string[] }).__saves);

describe('handover form against the real hub, under failure', () => {
  it('reopens with changes the hub never received after a reload, and then sends them', async () => {
    const w = await signIn();
    try {
      const { page } = w;
      const id = await startHandover(page, 0);
      await formReady(page);
      await watchSaves(page);
      // The hub takes no writes for a while (its saves fail in the network), so the change lives on the device.
      await page.route('**/v1/handovers/**', (route) =>
        route.request().method() === 'GET' ? route.continue() : route.abort('connectionrefused'),
      );
      await strengths(page).fill('Typed while the hub was out of reach, then the page was reloaded.');
      await page.waitForFunction(() => (window as unknown as { __saves: string[] }).__saves.includes('device'));
      assert.ok(!(await saves(page)).includes('hub'), 'nothing reached the hub');
      await page.unroute('**/v1/handovers/**');
      await page.reload({ waitUntil: 'load' });
      await formReady(page);
      // The form is on screen before this device's copy is read; the answer arrives when it is.
      await valueBecomes(strengths(page), 'Typed while the hub was out of reach, then the page was reloaded.');
      assert.equal(await pupilVoice(page).inputValue(), 'I like the climbing frame and building bridges out of card.');
      await hubHolds(
        id,
        (h) => h.sections.strengths?.strengths === 'Typed while the hub was out of reach, then the page was reloaded.',
        'the change kept on the device',
      );
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('keeps words typed just before a reload, before the autosave had run', async () => {
    const w = await signIn();
    try {
      const { page } = w;
      const id = await startHandover(page, 3);
      await formReady(page);
      await page.route('**/v1/handovers/**', (route) =>
        route.request().method() === 'GET' ? route.continue() : route.abort('connectionrefused'),
      );
      // No wait for the device save: the reload comes inside the autosave's debounce, as a teacher pressing F5
      // straight after typing does. Only the page going away can save these words.
      await strengths(page).fill('Typed and reloaded at once.');
      await page.reload({ waitUntil: 'load' });
      await page.unroute('**/v1/handovers/**');
      await formReady(page);
      await valueBecomes(strengths(page), 'Typed and reloaded at once.');
      await hubHolds(id, (h) => h.sections.strengths?.strengths === 'Typed and reloaded at once.', 'the last words');
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('clears an answer on the hub when it is deleted in the form, so it does not come back after a reload', async () => {
    const w = await signIn();
    try {
      const { page } = w;
      const id = await startHandover(page, 4);
      await formReady(page);
      // The hub merges the answers it is sent into what it has: a deleted one must be sent as deleted.
      await strengths(page).fill('');
      await hubHolds(id, (h) => !h.sections.strengths?.strengths, 'the deleted answer cleared');
      await page.reload({ waitUntil: 'load' });
      await formReady(page);
      await valueBecomes(pupilVoice(page), 'I like the climbing frame and building bridges out of card.');
      assert.equal(await strengths(page).inputValue(), '');
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('queues the save and the submission while offline, and sends both when the connection returns', async () => {
    const w = await signIn();
    try {
      const { page, context } = w;
      const id = await startHandover(page, 1);
      await context.setOffline(true);
      await strengths(page).fill('Written on the bus with no signal.');
      await page.getByRole('button', { name: 'Submit handover' }).click();
      await page
        .getByText('You are offline. The handover will be submitted when the connection returns.')
        .first()
        .waitFor({ timeout: 20_000 });
      const meanwhile = await api<Stored>(`/v1/handovers/${id}`);
      assert.equal(meanwhile.status, 'draft');
      assert.equal(meanwhile.sections.strengths?.strengths, 'Kind to younger children.');
      await context.setOffline(false);
      await page
        .getByText(/Handover submitted on/)
        .first()
        .waitFor({ timeout: 30_000 });
      const stored = await hubHolds(id, (h) => h.status === 'submitted', 'the submission');
      assert.equal(stored.sections.strengths?.strengths, 'Written on the bus with no signal.');
    } finally {
      await w.close();
    }
  });

  it('sends a change made while the hub could not be reached, by itself, once the hub answers again', async () => {
    const w = await signIn();
    try {
      const id = await startHandover(w.page, 5);
      // The hub is unreachable but the browser is online (no offline event, and none when it comes back).
      const down = /\/v1\/handovers\//;
      await w.context.route(down, (route) => route.abort('connectionrefused'));
      await strengths(w.page).fill('Kind to younger children, and a patient listener.');
      await strengths(w.page).press('Tab');
      await w.page.getByText('The hub cannot be reached just now.').waitFor({ timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 2_000)); // the save that typing scheduled has failed by now
      await w.context.unroute(down);
      // Nothing typed, nothing clicked: only the form's own retry can deliver it.
      await hubHolds(
        id,
        (h) => h.sections.strengths?.strengths === 'Kind to younger children, and a patient listener.',
        'the change made while it was down',
      );
    } finally {
      await w.close();
    }
  });

  it('submits once for a double click whose first answer is lost on the way back', async () => {
    const w = await signIn();
    try {
      const { page } = w;
      const id = await startHandover(page, 2);
      const before = await api<Stored>(`/v1/handovers/${id}`);
      type Listed = { data: Array<{ id: string; status: string }> };
      const forChild = () =>
        api<Listed>(`/v1/handovers?box=sent&learnerId=${encodeURIComponent(before.learnerId)}&limit=100`);
      const listedBefore = (await forChild()).data;
      // The first submission reaches the hub, which submits the handover, but its answer never arrives: the
      // form (through the SDK) must retry with the same idempotency key and be told the same answer again.
      let submits = 0;
      const keys = new Set<string>();
      await page.route(`**/v1/handovers/${id}/submit`, async (route) => {
        submits++;
        keys.add((await route.request().headerValue('idempotency-key')) ?? '');
        if (submits === 1) {
          await route.fetch();
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await page.getByRole('button', { name: 'Submit handover' }).dblclick();
      await page
        .getByText(/Handover submitted on/)
        .first()
        .waitFor({ timeout: 30_000 });
      assert.ok(submits >= 2, `the dropped answer was retried (${submits} requests)`);
      assert.equal(keys.size, 1, 'every try carried the same idempotency key');
      const stored = await api<Stored>(`/v1/handovers/${id}`);
      assert.equal(stored.status, 'submitted');
      // One submission: exactly one submitted version, the latest. (Without the replay, the retry would have been
      // refused as a second submission, and the form would show an error instead of the banner.)
      const versions = (await api<{ data: Array<{ version: number; status: string }> }>(`/v1/handovers/${id}/versions`))
        .data;
      assert.deepEqual(
        versions.filter((v) => v.status === 'submitted').map((v) => v.version),
        [stored.version],
      );
      const listedAfter = (await forChild()).data;
      assert.equal(listedAfter.length, listedBefore.length, 'no second handover for the child');
      assert.equal(
        listedAfter.filter((h) => h.status === 'submitted').length,
        listedBefore.filter((h) => h.status === 'submitted').length + 1,
      );
    } finally {
      await w.close();
    }
  });

  it('lets one tab edit a draft while a second tab of the same browser waits, then hands it on with every word', async () => {
    const first = await signIn();
    try {
      const id = await startHandover(first.page, 6);
      const second = await first.context.newPage();
      await second.goto(`${demo.url}/vendor-portal/`, { waitUntil: 'load' });
      await signInOn(second, TEACHER);
      await second.evaluate((h) => (location.hash = `#/handover/${h}`), id);
      await formReady(second);
      const notice = second.getByRole('status').filter({ hasText: 'open in another tab or window' });
      await notice.waitFor({ timeout: 20_000 });
      const inert = () =>
        second.locator('c2c-handover-form').evaluate((el) => el.shadowRoot!.querySelector('form')!.inert);
      assert.equal(await inert(), true, 'the second tab cannot change the draft');
      // The first tab goes on writing, and is closed before the hub has that last line.
      const LAST = 'Kind to younger children. Reads to the Reception class on Fridays.';
      await strengths(first.page).fill(LAST);
      await first.page.close();
      await notice.waitFor({ state: 'detached', timeout: 20_000 });
      await valueBecomes(strengths(second), LAST);
      assert.equal(await inert(), false);
      await strengths(second).fill(`${LAST} Second tab.`);
      await hubHolds(id, (h) => h.sections.strengths?.strengths === `${LAST} Second tab.`, 'the second tab’s change');
    } finally {
      await first.close();
    }
  });

  it('shows both versions when two people save the same draft, and overwrites nothing until one is chosen', async () => {
    const first = await signIn();
    const second = await signIn();
    try {
      const id = await startHandover(first.page, 3);
      // The second person opens the draft as it is now, before the first one's next change.
      await second.page.evaluate((h) => (location.hash = `#/handover/${h}`), id);
      await formReady(second.page);
      await strengths(second.page).waitFor();
      const FIRST = 'Ms Patel: a natural leader in group work.';
      const SECOND = 'Mr Jones: prefers to work with one friend.';
      await strengths(first.page).fill(FIRST);
      const saved = await hubHolds(id, (h) => h.sections.strengths?.strengths === FIRST, 'the first person’s save');
      await strengths(second.page).fill(SECOND);
      const conflict = second.page.getByRole('alert').filter({ hasText: 'Someone else changed this handover' });
      await conflict.waitFor({ timeout: 20_000 });
      // Both versions are on screen, and the hub still holds the first person's words.
      await conflict.getByText(FIRST).waitFor();
      await conflict.getByText(SECOND).waitFor();
      assert.equal((await api<Stored>(`/v1/handovers/${id}`)).sections.strengths?.strengths, FIRST);
      // The second person keeps their own words, knowingly; it is saved on top of the first person's version.
      await conflict.getByLabel('Keep your version').check();
      await conflict.getByRole('button', { name: 'Save my choices' }).click();
      const stored = await hubHolds(
        id,
        (h) => h.sections.strengths?.strengths === SECOND && h.version > saved.version,
        'the chosen version, saved on top of the first',
      );
      assert.equal(
        stored.sections['pupil-voice']?.['all-about-me'],
        'I like the climbing frame and building bridges out of card.',
      );
      await second.page.getByText('Someone else changed this handover').waitFor({ state: 'detached', timeout: 20_000 });
      assert.equal(await strengths(second.page).inputValue(), SECOND);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
