// The MIS vendor's portal against the running demo hub: each role's main journey, through the real SDK,
// the real elements and the real hub. Tokens are the seeded demo API keys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { cspViolations, openPage, useDemo } from './harness.js';
import { deviceDrafts, expectClean, formReady, hubGet, signIn as signInAs, until } from './portal.js';

const demo = useDemo();

const api = <T>(path: string, userId: string) => hubGet<T>(demo, path, userId);
const signIn = (userId: string) => signInAs(demo, userId);

/** Goes to Learners and opens the first learner's pathway; resolves to that learner's id once it is drawn. */
async function openFirstPathway(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Learners' }).click();
  const first = page.getByRole('link', { name: /Open pathway/ }).first();
  const learnerId = (await first.getAttribute('href'))!.split('#/pathway/')[1]!;
  await first.click();
  await page.locator('c2c-pathway-timeline').getByRole('heading').first().waitFor({ timeout: 15_000 });
  return learnerId;
}

let submittedId = '';

describe('vendor portal', () => {
  it('a Year 6 teacher starts, fills in and submits a handover to a secondary school', async () => {
    const w = await signIn('pri-millbrook-teacher');
    try {
      await w.page.getByRole('link', { name: 'Learners' }).click();
      const row = w.page.locator('tr', { has: w.page.locator('td', { hasText: /^Y6$/ }) }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.getByRole('link', { name: /Start a handover/ }).click();
      // Only the organisations the hub lets receive the transition are offered, and they follow the transition.
      const receivers = w.page.getByLabel('Receiving school or setting');
      const offered = () =>
        receivers.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      await w.page.getByLabel('Transition').waitFor();
      assert.equal(await w.page.getByLabel('Transition').inputValue(), 'y6-to-y7', 'a Year 6 child’s next move');
      assert.deepEqual(await offered(), ['sec-brookfield-academy', 'sec-northgate']);
      await w.page.getByLabel('Transition').selectOption('y11-to-post16');
      assert.deepEqual(await offered(), ['sec-brookfield-academy', 'col-brookfield']);
      await w.page.getByLabel('Transition').selectOption('y6-to-y7');
      assert.deepEqual(await offered(), ['sec-brookfield-academy', 'sec-northgate']);
      await receivers.selectOption('sec-brookfield-academy');
      await w.page.getByRole('button', { name: 'Start handover' }).click();
      await formReady(w.page);
      await w.page
        .getByLabel(/Tell your new school about you/)
        .fill('I love maths club and drawing dragons. Loud corridors worry me.');
      await w.page.getByLabel('What is this child good at?').fill('Patient, kind, brilliant at spotting patterns.');
      // Autosave sends the draft to the hub and the portal learns its id.
      await w.page.waitForFunction(() => /#\/handover\/hnd?[-\w]+/.test(location.hash), undefined, { timeout: 20_000 });
      submittedId = w.page.url().split('#/handover/')[1]!;
      await expectClean(w, 'teacher, filled form');
      await w.page.getByRole('button', { name: 'Submit handover' }).click();
      await w.page
        .getByText(/Handover submitted on/)
        .first()
        .waitFor({ timeout: 20_000 });
      const stored = await api<{ status: string; sections: Record<string, Record<string, unknown>> }>(
        `/v1/handovers/${submittedId}`,
        'pri-millbrook-teacher',
      );
      assert.equal(stored.status, 'submitted');
      assert.match(String(stored.sections['pupil-voice']?.['all-about-me']), /dragons/);
    } finally {
      await w.close();
    }
  });

  it('the secondary transition lead sees it in received handovers and acknowledges receipt', async () => {
    assert.ok(submittedId, 'the previous journey submitted a handover');
    const w = await signIn('sec-brookfield-academy-transition');
    try {
      await w.page.getByRole('link', { name: 'Received' }).click();
      await w.page.locator(`a[href="#/handover/${submittedId}"]`).click();
      await formReady(w.page);
      await w.page
        .getByText(/dragons/)
        .first()
        .waitFor();
      await expectClean(w, 'receiver, review');
      await w.page.getByRole('button', { name: 'Acknowledge receipt' }).click();
      await w.page
        .getByText(/Receipt acknowledged by/)
        .first()
        .waitFor({ timeout: 20_000 });
      const stored = await api<{ status: string }>(`/v1/handovers/${submittedId}`, 'sec-brookfield-academy-transition');
      assert.equal(stored.status, 'acknowledged');
    } finally {
      await w.close();
    }
  });

  it('only the DSL sees the safeguarding transfer; a teacher sees that one is required', async () => {
    const list = await api<{
      data: Array<{ id: string; safeguardingTransferRequired: boolean; safeguarding?: unknown }>;
    }>('/v1/handovers?box=sent&limit=100', 'pri-millbrook-dsl');
    const flagged = list.data.find((h) => h.safeguardingTransferRequired);
    assert.ok(flagged, 'the seeded cluster has a Millbrook handover with a child-protection transfer');
    const dsl = await signIn('pri-millbrook-dsl');
    try {
      await dsl.page.goto(`${demo.url}/vendor-portal/#/handover/${flagged.id}`);
      await formReady(dsl.page);
      await dsl.page.getByRole('heading', { name: 'Safeguarding' }).waitFor();
      await dsl.page.getByText('Sending school’s DSL').first().waitFor();
      await expectClean(dsl, 'dsl');
    } finally {
      await dsl.close();
    }
    const teacher = await signIn('pri-millbrook-teacher');
    try {
      await teacher.page.goto(`${demo.url}/vendor-portal/#/handover/${flagged.id}`);
      await formReady(teacher.page);
      await teacher.page.getByText(/A separate DSL-to-DSL transfer of the child-protection file is required/).waitFor();
      assert.equal(await teacher.page.getByText('Sending school’s DSL').count(), 0, 'teacher must not see DSL details');
    } finally {
      await teacher.close();
    }
  });

  it('the receiving DSL confirms in the portal that the child-protection file arrived, and the hub records who and when', async () => {
    const received = await api<{
      data: Array<{ id: string; safeguarding?: { transfer?: { receiptConfirmedAt?: string } } }>;
    }>('/v1/handovers?box=received&status=submitted&limit=100', 'sec-brookfield-academy-dsl');
    const waiting = received.data.find((h) => h.safeguarding?.transfer && !h.safeguarding.transfer.receiptConfirmedAt);
    assert.ok(waiting, 'the seeded cluster sends Brookfield Academy a handover whose file is not yet confirmed');
    const w = await signIn('sec-brookfield-academy-dsl');
    try {
      await w.page.goto(`${demo.url}/vendor-portal/#/handover/${waiting.id}`);
      await formReady(w.page);
      await expectClean(w, 'receiving dsl, before');
      await w.page.getByRole('button', { name: 'Confirm the file has arrived' }).click();
      await w.page.getByText('You confirmed that the child-protection file has arrived.').waitFor({ timeout: 15_000 });
      await expectClean(w, 'receiving dsl, after');
    } finally {
      await w.close();
    }
    const stored = await api<{
      safeguarding: { transfer: { receiptConfirmedAt?: string; receiptConfirmedBy?: string } };
    }>(`/v1/handovers/${waiting.id}`, 'sec-brookfield-academy-dsl');
    assert.ok(stored.safeguarding.transfer.receiptConfirmedAt, 'the hub holds the time');
    assert.match(stored.safeguarding.transfer.receiptConfirmedBy ?? '', /\(Brookfield Academy\)$/);
  });

  it('the sending school reads the receiving school’s question on its submitted handover and replies', async () => {
    const received = await api<{ data: Array<{ id: string; sendingOrganisationId: string }> }>(
      '/v1/handovers?box=received&status=submitted&limit=100',
      'sec-brookfield-academy-transition',
    );
    const h = received.data.filter((x) => x.sendingOrganisationId === 'pri-millbrook').at(-1);
    assert.ok(h, 'the seeded cluster has a submitted Millbrook handover for Brookfield Academy');
    const asked = await fetch(`${demo.url}/v1/handovers/${h.id}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo_sec-brookfield-academy-transition', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Does she walk to school on her own?' }),
    });
    assert.equal(asked.status, 200);
    const w = await signIn('pri-millbrook-teacher');
    try {
      await w.page.goto(`${demo.url}/vendor-portal/#/handover/${h.id}`);
      await formReady(w.page);
      await w.page.getByText('The receiving school has written to you about this handover.').waitFor();
      await w.page.getByText('Does she walk to school on her own?').waitFor();
      await w.page.getByLabel('Your reply').fill('Yes, with her older brother.');
      await w.page.getByRole('button', { name: 'Send reply' }).click();
      await w.page.getByText('Your reply was sent.').waitFor({ timeout: 15_000 });
      await expectClean(w, 'sender, messages');
    } finally {
      await w.close();
    }
    const stored = await api<{ messages: Array<{ body: string; organisationId: string }> }>(
      `/v1/handovers/${h.id}`,
      'sec-brookfield-academy-transition',
    );
    const reply = stored.messages.at(-1)!;
    assert.equal(reply.body, 'Yes, with her older brother.');
    assert.equal(reply.organisationId, 'pri-millbrook', 'from the sending school, seen by the receiving one');
  });

  it('after acknowledgement the sending DSL still records in the portal how the child-protection file was sent', async () => {
    const sent = await api<{
      data: Array<{
        id: string;
        status: string;
        safeguardingTransferRequired: boolean;
        receivingOrganisationId: string;
      }>;
    }>('/v1/handovers?box=sent&limit=100', 'pri-millbrook-dsl');
    const h = sent.data.filter((x) => x.safeguardingTransferRequired && x.status !== 'draft').at(-1);
    assert.ok(h, 'the seeded cluster has a Millbrook handover with a child-protection transfer, sent');
    if (h.status === 'submitted') {
      const acked = await fetch(`${demo.url}/v1/handovers/${h.id}/acknowledge`, {
        method: 'POST',
        headers: {
          authorization: `Bearer demo_${h.receivingOrganisationId}-transition`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      assert.equal(acked.status, 200, `acknowledged by ${h.receivingOrganisationId}`);
    }
    const w = await signIn('pri-millbrook-dsl');
    try {
      await w.page.goto(`${demo.url}/vendor-portal/#/handover/${h.id}`);
      await formReady(w.page);
      const sentBy = w.page.locator('c2c-handover-form').getByLabel('Sent by', { exact: true });
      await sentBy.fill('Dee Sutton');
      await sentBy.press('Tab');
      // The form sends it on its own (autosave); the page stays open until the hub has it.
      let stored: { status: string; safeguarding?: { transfer?: { sentBy?: string } } } | undefined;
      for (let i = 0; i < 75 && stored?.safeguarding?.transfer?.sentBy !== 'Dee Sutton'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        stored = await api(`/v1/handovers/${h.id}`, 'pri-millbrook-dsl');
      }
      assert.equal(stored?.safeguarding?.transfer?.sentBy, 'Dee Sutton', 'the hub holds the transfer record');
      assert.equal(stored?.status, 'acknowledged');
      await expectClean(w, 'sending dsl after acknowledgement');
    } finally {
      await w.close();
    }
  });

  it('a parent sees and can add to only their child’s pupil voice and family sections', async () => {
    const w = await signIn('parent-demo');
    try {
      const link = w.page.locator('a[href^="#/handover/"]').first();
      await link.waitFor({ timeout: 15_000 });
      await link.click();
      await formReady(w.page);
      await w.page.getByRole('heading', { name: 'All about me' }).waitFor();
      await w.page.getByRole('heading', { name: 'Family and relationships' }).waitFor();
      assert.equal(await w.page.getByRole('heading', { name: 'Attendance' }).count(), 0);
      assert.equal(await w.page.getByRole('heading', { name: 'SEND and support in place' }).count(), 0);
      await expectClean(w, 'parent');
    } finally {
      await w.close();
    }
  });

  it('a teacher opens a learner’s pathway timeline (with no safe lane and no subject access download)', async () => {
    const w = await signIn('pri-millbrook-teacher');
    try {
      await openFirstPathway(w.page);
      // Exporting everything about a learner is for a DSL or an administrator.
      assert.equal(await w.page.getByRole('button', { name: 'Download everything held' }).count(), 0);
      // The hub sends the safe strand to the DSL only: no lane or filter for it, and a line saying who sees it.
      const timeline = w.page.locator('c2c-pathway-timeline');
      assert.equal(await timeline.getByRole('checkbox', { name: 'Safe and supported' }).count(), 0);
      await timeline
        .getByText('Safe and supported events are shown only to the designated safeguarding lead')
        .waitFor();
      await expectClean(w, 'pathway');
    } finally {
      await w.close();
    }
  });

  it('a teacher finds a learner by name, and the name never travels in a URL', async () => {
    type Row = { legalForename: string; preferredForename?: string; legalSurname: string };
    const mine = await api<{ data: Row[] }>('/v1/learners?limit=100', 'pri-millbrook-teacher');
    // A surname no one's forename contains, so every row the search finds shows it.
    const surname = mine.data
      .map((l) => l.legalSurname)
      .find((name) =>
        mine.data.every(
          (l) => !`${l.legalForename} ${l.preferredForename ?? ''}`.toLowerCase().includes(name.toLowerCase()),
        ),
      )!;
    assert.ok(surname, 'the seed has such a surname');
    const w = await signIn('pri-millbrook-teacher');
    const urls: string[] = [];
    const searches: string[] = [];
    w.page.on('request', (r) => {
      urls.push(r.url());
      // The body itself is checked in the SDK's tests: Chromium streams a fetch Request's body, which
      // Playwright does not show.
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/learners/search')
        searches.push(r.headers()['content-type'] ?? '');
    });
    try {
      await w.page.getByRole('link', { name: 'Learners' }).click();
      await w.page.getByLabel('Find a learner by name or UPN').fill(surname);
      await w.page.getByRole('button', { name: 'Search' }).click();
      await w.page.getByTestId('learner-count').filter({ hasText: 'match' }).waitFor({ timeout: 15_000 });
      const rows = w.page.locator('tbody tr');
      const names = await rows.locator('td:first-child').allTextContents();
      assert.ok(names.length > 0 && names.length < mine.data.length, `${names.length} of ${mine.data.length} rows`);
      assert.ok(
        names.every((n) => n.includes(surname)),
        `every row is a ${surname}`,
      );
      assert.equal(searches.length, 1);
      assert.match(searches[0]!, /application\/json/);
      const withName = urls.filter((u) => decodeURIComponent(u).includes(surname));
      assert.deepEqual(withName, [], 'no request URL carries the name');
      assert.ok(!decodeURIComponent(w.page.url()).includes(surname), 'nor does the address bar');
      await expectClean(w, 'learner search');
      await w.page.getByRole('button', { name: 'Show all' }).click();
      await w.page.getByTestId('learner-count').filter({ hasNotText: 'match' }).waitFor({ timeout: 15_000 });
    } finally {
      await w.close();
    }
  });

  it('a DSL downloads everything held about a learner for a subject access request', async () => {
    const w = await signIn('pri-millbrook-dsl');
    try {
      const learnerId = await openFirstPathway(w.page);
      // The DSL is sent the safe strand, so its lane and filter are there (empty or not), and no line about it.
      const timeline = w.page.locator('c2c-pathway-timeline');
      assert.equal(await timeline.getByRole('checkbox', { name: 'Safe and supported' }).count(), 1);
      assert.equal(await timeline.getByText('shown only to the designated safeguarding lead').count(), 0);
      // Said so that a DSL (not a developer) knows when to use it: no "JSON", no "hub".
      const explained = (await w.page.locator('section.export p').first().textContent()) ?? '';
      assert.match(explained, /subject access request/);
      assert.doesNotMatch(explained, /JSON|hub/);
      const downloaded = w.page.waitForEvent('download');
      await w.page.getByRole('button', { name: 'Download everything held' }).click();
      const file = await downloaded;
      assert.equal(file.suggestedFilename(), `learner-${learnerId}.json`);
      const { readFile } = await import('node:fs/promises');
      const bundle = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
        learner: { id: string };
        exportedBy: string;
        audit: unknown[];
      };
      assert.equal(bundle.learner.id, learnerId);
      assert.equal(bundle.exportedBy, 'pri-millbrook-dsl');
      await w.page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor({ timeout: 15_000 });
      await expectClean(w, 'subject access export');
    } finally {
      await w.close();
    }
  });

  it('a youth worker signposts a family to a service, with consent', async () => {
    const w = await signIn('youth-hub-worker');
    try {
      const dir = w.page.locator('c2c-service-directory');
      await dir.locator('.result').first().waitFor({ timeout: 20_000 });
      const name = (await dir.locator('.result .result-name').first().textContent())!.trim();
      await dir.locator('.result .result-name button').first().click();
      await dir.getByRole('heading', { name: 'Record signposting' }).waitFor();
      await dir.getByLabel('The family agreed to this being recorded').check();
      await dir.getByLabel('Family reference (optional)').fill('YH-2291');
      await dir
        .getByRole('button', { name: /Record/ })
        .last()
        .click();
      await dir.getByText(`Recorded: the family was signposted to ${name}.`).waitFor({ timeout: 15_000 });
      const records = await api<{ data: Array<{ serviceName: string; consent: { given: boolean } }> }>(
        '/v1/signposting',
        'youth-hub-worker',
      );
      assert.ok(records.data.some((r) => r.serviceName === name && r.consent.given));
      assert.deepEqual(await cspViolations(w.page), []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });
});

/** The keys of this browser's handover drafts on the device (IndexedDB `c2c-handover-form`, store `drafts`). */
const deviceDraftKeys = async (page: Page) => (await deviceDrafts(page)).map((d) => d.key);

/** What has keyboard focus, looking into shadow roots: its tag and text. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a ? `${a.localName}: ${(a.textContent ?? '').trim().replace(/\s+/g, ' ')}` : 'nothing';
  });

/** The text and background colours of the focused element, and whether it shows keyboard focus. */
const focusedLinkColours = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement!;
    const style = getComputedStyle(a);
    return { focusVisible: a.matches(':focus-visible'), color: style.color, background: style.backgroundColor };
  });

/** The seeded handovers `userId` sees in `status` (their organisation's sent ones, unless `box` is left out). */
const handoversOf = async (userId: string, status: string, box: 'sent' | undefined = 'sent') =>
  (
    await api<{
      data: Array<{ id: string; learnerId: string; status: string; safeguardingTransferRequired: boolean }>;
    }>(`/v1/handovers?${box ? `box=${box}&` : ''}status=${status}&limit=100`, userId)
  ).data;

/** Answer fields that can be typed into; a read-only form shows its answers as text. */
const editableAnswers = (page: Page) =>
  page.locator('c2c-handover-form c2c-handover-field').locator('input, textarea, select').count();

describe('vendor portal: signing out, roles, focus, print and narrow screens', () => {
  it('signing out sends the open draft and takes that person’s copies off the device', async () => {
    const drafts = await handoversOf('pri-millbrook-teacher', 'draft');
    const draft = drafts.find((h) => !h.safeguardingTransferRequired);
    assert.ok(draft, 'the seed has a Millbrook draft without a safeguarding transfer');
    const w = await signIn('pri-millbrook-teacher');
    try {
      await w.page.goto(`${demo.url}/vendor-portal/#/handover/${draft.id}`);
      await formReady(w.page);
      const words = `Likes the library at lunchtime (${Date.now()}).`;
      await w.page.getByLabel(/Tell your new school about you/).fill(words);
      const key = `pri-millbrook-teacher|handover|${draft.id}`;
      await until(
        async () =>
          (
            await api<{ sections: Record<string, Record<string, unknown>> }>(
              `/v1/handovers/${draft.id}`,
              'pri-millbrook-teacher',
            )
          ).sections['pupil-voice']?.['all-about-me'] === words,
        'the hub has what was typed',
      );
      await until(async () => (await deviceDraftKeys(w.page)).includes(key), 'the draft is on the device');
      assert.ok(await w.page.evaluate(() => sessionStorage.getItem('c2c-handover-form:principal')));

      await w.page.getByRole('button', { name: 'Sign out' }).focus();
      await w.page.keyboard.press('Enter');
      await w.page.getByLabel('Person').waitFor();
      // Focus goes to the sign-in page's heading, not to the body.
      await w.page.waitForFunction(() => document.activeElement?.localName === 'h1', undefined, { timeout: 5_000 });
      assert.equal(await focusedText(w.page), 'h1: Sign in');
      const theirs = async () => (await deviceDraftKeys(w.page)).filter((k) => k.startsWith('pri-millbrook-teacher|'));
      await until(async () => (await theirs()).length === 0, 'the teacher’s copies leave the device').catch(
        async (e: Error) => assert.fail(`${e.message}; still there: ${(await theirs()).join(', ')}`),
      );
      assert.equal(await w.page.evaluate(() => sessionStorage.getItem('c2c-handover-form:principal')), null);
      assert.equal(await w.page.getByTestId('left-on-device').count(), 0, 'nothing was left behind to mention');
      await expectClean(w, 'signed out');
    } finally {
      await w.close();
    }
  });

  it('signing out while the hub cannot take a change keeps it on the device, and says so', async () => {
    const drafts = await handoversOf('pri-millbrook-teacher', 'draft');
    const draft = drafts.filter((h) => !h.safeguardingTransferRequired)[1];
    assert.ok(draft, 'the seed has a second Millbrook draft without a safeguarding transfer');
    const w = await signIn('pri-millbrook-teacher');
    try {
      await w.page.goto(`${demo.url}/vendor-portal/#/handover/${draft.id}`);
      await formReady(w.page);
      // The hub stops answering for handovers; the browser stays online.
      await w.context.route(/\/v1\/handovers\//, (route) => route.abort('connectionrefused'));
      const words = `Only on this computer (${Date.now()}).`;
      await w.page.getByLabel(/Tell your new school about you/).fill(words);
      await w.page.getByRole('button', { name: 'Sign out' }).click();
      await w.page.getByTestId('left-on-device').waitFor({ timeout: 10_000 });
      const key = `pri-millbrook-teacher|handover|${draft.id}`;
      await new Promise((r) => setTimeout(r, 500)); // the sweep after sign-out has run
      assert.ok((await deviceDraftKeys(w.page)).includes(key), 'the unsent change is still on the device');
    } finally {
      await w.close();
    }
  });

  it('names people’s roles and handover statuses in words, and explains the demo sign-in without jargon', async () => {
    const w = await openPage(demo, '/vendor-portal/');
    try {
      const intro = (await w.page.locator('main').textContent()) ?? '';
      assert.match(intro, /no passwords/);
      assert.doesNotMatch(intro, /API key|seeded/, 'a business manager does not know what a seeded API key is');
      await w.page.getByLabel('Person').selectOption('sec-brookfield-academy-transition');
      await w.page.getByRole('button', { name: 'Sign in' }).click();
      const who = w.page.locator('p.who');
      await w.page.getByTestId('who').waitFor({ timeout: 15_000 });
      assert.match((await who.textContent()) ?? '', /\(Transition lead,\s+Brookfield Academy\)/);
      await w.page.getByRole('link', { name: 'Received' }).click();
      await w.page
        .getByRole('region', { name: 'Handovers received' })
        .locator('a[href^="#/handover/"]')
        .first()
        .waitFor();
      const statuses = await w.page.locator('td .tag').allTextContents();
      assert.ok(statuses.includes('Submitted') && statuses.includes('Acknowledged'), statuses.join(' | '));
      for (const code of ['draft', 'submitted', 'acknowledged', 'DSL transfer'])
        assert.ok(!statuses.includes(code), `a status reads “${code}”`);
    } finally {
      await w.close();
    }
  });

  it('a youth worker is offered only the pages they can use', async () => {
    const w = await signIn('youth-hub-worker');
    try {
      await w.page.getByRole('heading', { level: 1, name: 'Family services' }).waitFor();
      const nav = w.page.getByRole('navigation', { name: 'Main' });
      assert.deepEqual(
        (await nav.getByRole('link').allTextContents()).map((t) => t.trim()),
        ['Family services'],
      );
      // An address for a page they cannot use goes to their home page, not to the hub's refusal.
      await w.page.goto(`${demo.url}/vendor-portal/#/handovers`);
      await w.page.getByRole('heading', { level: 1, name: 'Family services' }).waitFor();
      assert.equal(await w.page.getByText('Only school or setting staff').count(), 0);
      await expectClean(w, 'youth worker');
    } finally {
      await w.close();
    }
  });

  it('a parent is offered their child’s handovers and family services, and a way back from the pathway', async () => {
    const w = await signIn('parent-demo');
    try {
      const nav = w.page.getByRole('navigation', { name: 'Main' });
      assert.deepEqual(
        (await nav.getByRole('link').allTextContents()).map((t) => t.trim()),
        ['Handovers', 'Family services'],
      );
      await w.page.getByRole('region', { name: 'Your child’s handovers' }).getByRole('table').waitFor();
      await w.page.locator('a[href^="#/handover/"]').first().click();
      await formReady(w.page);
      await w.page.getByRole('link', { name: 'Pathway timeline' }).click();
      await w.page.locator('c2c-pathway-timeline').getByRole('heading').first().waitFor({ timeout: 15_000 });
      assert.equal(await w.page.getByRole('link', { name: 'Back to learners' }).count(), 0);
      await w.page.getByRole('link', { name: 'Back to handovers' }).click();
      await w.page.getByRole('region', { name: 'Your child’s handovers' }).waitFor();
      await expectClean(w, 'parent');
    } finally {
      await w.close();
    }
  });

  it('an acknowledged handover opens read-only for its sender and for a parent, who is told it is closed', async () => {
    const acknowledged = (await handoversOf('pri-millbrook-teacher', 'acknowledged'))[0];
    assert.ok(acknowledged, 'Millbrook has an acknowledged handover in the seed');
    const teacher = await signIn('pri-millbrook-teacher');
    try {
      await teacher.page.goto(`${demo.url}/vendor-portal/#/handover/${acknowledged.id}`);
      await formReady(teacher.page);
      assert.ok((await teacher.page.locator('c2c-handover-form c2c-handover-field').count()) > 0, 'answers shown');
      assert.equal(await editableAnswers(teacher.page), 0, 'no answer can be typed into');
      assert.equal(await teacher.page.getByRole('button', { name: 'Save draft' }).count(), 0);
      await teacher.page
        .getByText(/Receipt acknowledged by/)
        .first()
        .waitFor();
      await expectClean(teacher, 'sender, acknowledged');
    } finally {
      await teacher.close();
    }
    const mine = await handoversOf('parent-demo', 'acknowledged', undefined);
    assert.ok(mine[0], 'the demo parent’s child has an acknowledged handover');
    const parent = await signIn('parent-demo');
    try {
      await parent.page.goto(`${demo.url}/vendor-portal/#/handover/${mine[0].id}`);
      await formReady(parent.page);
      await parent.page.getByText(/has received this handover, so it can no longer be changed/).waitFor();
      assert.ok((await parent.page.locator('c2c-handover-form c2c-handover-field').count()) > 0, 'answers shown');
      assert.equal(await editableAnswers(parent.page), 0, 'no answer can be typed into');
      assert.equal(await parent.page.getByRole('button', { name: 'Save draft' }).count(), 0);
      await expectClean(parent, 'parent, acknowledged');
    } finally {
      await parent.close();
    }
  });

  it('moves keyboard focus to the new view’s heading after Start handover and after a pathway event link', async () => {
    const w = await signIn('pri-millbrook-teacher');
    try {
      await w.page.getByRole('link', { name: 'Learners' }).focus();
      // Arrive by keyboard, as :focus-visible needs after the mouse signed in.
      await w.page.keyboard.press('Shift+Tab');
      await w.page.keyboard.press('Tab');
      assert.equal(await focusedText(w.page), 'a: Learners');
      assert.deepEqual(
        await focusedLinkColours(w.page),
        { focusVisible: true, color: 'rgb(11, 12, 12)', background: 'rgb(255, 221, 0)' },
        'a focused header link is black on yellow (GOV.UK focus), not white on yellow',
      );
      await w.page.keyboard.press('Enter');
      await w.page.waitForFunction(() => document.activeElement?.textContent === 'Learners');
      assert.equal(await focusedText(w.page), 'h1: Learners');
      // The last learner on the list, whom no other journey here starts a handover for.
      const start = w.page.getByRole('link', { name: /Start a handover/ }).last();
      await start.focus();
      await w.page.keyboard.press('Enter');
      await w.page.getByLabel('Receiving school or setting').waitFor({ timeout: 15_000 });
      await w.page.getByLabel('Receiving school or setting').focus();
      await w.page.keyboard.press('Tab');
      assert.equal(await focusedText(w.page), 'button: Start handover');
      await w.page.keyboard.press('Enter');
      await formReady(w.page);
      assert.match(await focusedText(w.page), /^h1: Start a handover for /);

      const h = (await handoversOf('pri-millbrook-teacher', 'acknowledged'))[0]!;
      await w.page.goto(`${demo.url}/vendor-portal/#/pathway/${h.learnerId}`);
      const timeline = w.page.locator('c2c-pathway-timeline');
      await timeline.getByRole('heading').first().waitFor({ timeout: 15_000 });
      await timeline
        .getByRole('button', { name: /^Transition handover/ })
        .first()
        .focus();
      await w.page.keyboard.press('Enter');
      await w.page.waitForFunction(() => location.hash.startsWith('#/handover/'));
      await formReady(w.page);
      assert.equal(await focusedText(w.page), 'h1: Handover');
      assert.equal(await timeline.count(), 0, 'the pathway has gone');
      await expectClean(w, 'focus after navigation');
    } finally {
      await w.close();
    }
  });

  it('prints only the page’s content, without the portal’s bar, navigation and back links', async () => {
    const w = await signIn('sec-brookfield-academy-transition');
    try {
      await w.page.getByRole('link', { name: 'Received' }).click();
      await w.page.locator('a[href^="#/handover/"]').first().click();
      await formReady(w.page);
      await w.page.emulateMedia({ media: 'print' });
      for (const hidden of [
        w.page.locator('header.bar'),
        w.page.getByRole('link', { name: 'Back to handovers' }),
        w.page.getByRole('link', { name: 'Pathway timeline' }),
      ])
        assert.equal(await hidden.isVisible(), false, `${hidden} is not printed`);
      assert.ok(await w.page.getByRole('heading', { level: 1, name: 'Handover' }).isVisible());
      assert.ok(await w.page.locator('c2c-handover-form').getByRole('heading', { level: 2 }).isVisible());
    } finally {
      await w.close();
    }
  });

  it('at 320 px wide only the handover table scrolls sideways, in a region the keyboard can scroll', async () => {
    const w = await openPage(demo, '/vendor-portal/', { viewport: { width: 320, height: 800 } });
    try {
      await w.page.getByLabel('Person').selectOption('pri-millbrook-teacher');
      await w.page.getByRole('button', { name: 'Sign in' }).click();
      const region = w.page.getByRole('region', { name: 'Handovers sent by us' });
      await region.locator('a[href^="#/handover/"]').first().waitFor({ timeout: 15_000 });
      const page = await w.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(page <= 320, `the page is ${page} px wide`);
      const box = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(box.scroll > box.client, `the table (${box.scroll} px) scrolls in its ${box.client} px region`);
      await region.focus();
      await w.page.keyboard.press('ArrowRight');
      await w.page.waitForFunction(() => document.querySelector('.table-scroll')!.scrollLeft > 0, undefined, {
        timeout: 5_000,
      });
      await expectClean(w, '320 px');
    } finally {
      await w.close();
    }
  });
});

describe('react host', () => {
  it('renders the elements through @c2c/react and hears their events', async () => {
    const w = await openPage(demo, '/react-app/');
    try {
      const dir = w.page.locator('c2c-service-directory');
      await dir.locator('.result').first().waitFor({ timeout: 20_000 });
      // The log shows the latest event only, and the first search's event comes once the results have settled: a
      // click before it would be logged and then overwritten, which a loaded machine made happen (CI, 8 Dec).
      const log = w.page.getByTestId('log');
      await log.filter({ hasText: 'Listed every service' }).waitFor({ timeout: 20_000 });
      await dir.locator('.result .result-name button').first().click();
      await log.filter({ hasText: 'Opened service:' }).waitFor();
      await w.page.keyboard.press('Escape');
      await w.page.locator('c2c-pathway-timeline').getByRole('heading').first().waitFor();
      await expectClean(w, 'react');
    } finally {
      await w.close();
    }
  });
});

describe('react host: what it says', () => {
  it('says what the page is for, and what each directory search was, the first one included', async () => {
    const w = await openPage(demo, '/react-app/');
    try {
      assert.match(
        (await w.page.locator('main p.intro').textContent()) ?? '',
        /For developers whose website is built with React/,
      );
      const log = w.page.getByTestId('log');
      // The directory's own first search, with no words, used to be logged as "Searched: " and nothing after it.
      await log.filter({ hasText: 'Listed every service (no search words or filters)' }).waitFor({ timeout: 20_000 });
      const search = w.page.getByLabel('Search for a service');
      await search.fill('food');
      await search.press('Enter');
      await log.filter({ hasText: 'Searched for “food”' }).waitFor({ timeout: 10_000 });
      await expectClean(w, 'react, searched');
    } finally {
      await w.close();
    }
  });
});

describe('landing page', () => {
  it('links to every example and is clean', async () => {
    const w = await openPage(demo, '/');
    try {
      for (const name of ['School website', 'School system (MIS) portal', 'React app'])
        await w.page.getByRole('link', { name }).waitFor();
      await expectClean(w, 'landing');
    } finally {
      await w.close();
    }
  });
});
