// A page whose own Content-Security-Policy does not name the hub: the browser refuses every request to it, as it does on
// a school's site whose connect-src was not updated. The policy is this file's page's alone (wtr gives each test file
// a page of its own), set before anything is fetched.
import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '@c2c/sdk';
import './define.js';
import type { C2cHandoverForm, HandoverHubProblemDetail } from './handover-form.js';
import type { HandoverFormClient } from './parts/client.js';
import type { C2cHandoverField } from './parts/field.js';
import { SIDE_FILE } from './test-utils/device-drafts.js';
import { until } from './test-utils/waiting.js';

const policy = document.createElement('meta');
policy.httpEquiv = 'Content-Security-Policy';
policy.content = "connect-src 'self'";
document.head.append(policy);

/** Not 'self': the policy above refuses it before any connection is tried. */
const HUB = 'https://hub.blocked.example';

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => root(el).textContent!.replace(/\s+/g, ' ');

/**
 * A teacher's form starting a handover on a hub the page may not reach, in `lang`, with every request the SDK sends
 * (each one refused by the page) and every `c2c-hub-problem` counted.
 */
async function blockedForm(lang: 'en' | 'cy', learner: string) {
  const problems: HandoverHubProblemDetail[] = [];
  const sent: string[] = [];
  const client = createClient({
    baseUrl: HUB,
    token: 'tok-teacher',
    retries: 0,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(request);
    },
  }) as unknown as HandoverFormClient;
  const wrap = await fixture<HTMLElement>(html`<div lang=${lang}></div>`);
  const el = document.createElement('c2c-handover-form');
  el.addEventListener('c2c-hub-problem', (e) => problems.push(e.detail));
  // A learner id of this file's own, which the other handover test files never clear (test-utils/device-drafts.ts).
  el.setAttribute('learner-id', `${SIDE_FILE}-${learner}`);
  el.setAttribute('transition', 'y6-to-y7');
  el.setAttribute('user-role', 'teacher');
  el.client = client;
  wrap.append(el);
  await until(() => root(el).querySelector('form'));
  await el.updateComplete;
  return { el, problems, sent };
}

/** Types an answer as the browser reports typing, then leaves the field. */
async function type(el: C2cHandoverForm, path: string, value: string) {
  const field = root(el).querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!;
  await field.updateComplete;
  const box = field.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea, input')!;
  box.value = value;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  box.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<c2c-handover-form> on a page whose policy blocks the hub', () => {
  it('says the website is not set up to reach the hub, keeps the work here, stops trying and tells the page', async () => {
    const { el, problems, sent } = await blockedForm('en', 'policy-en');
    await expect(el).to.be.accessible();
    const blocked = 'This website is not set up to reach the hub, so your work is kept on this device only';
    // Before any typing: the teacher knows where their work will stay.
    expect(text(el)).to.contain(blocked);
    expect(problems.map((p) => p.code)).to.deep.equal(['blocked_by_page_policy']);
    expect(problems[0]!.message, 'the SDK names the hub for the site owner').to.contain(HUB);
    await type(el, 'sections.strengths.strengths', 'Kind, and a good listener.');
    await el.saveNow();
    // The save is tried, and refused by the page like every request.
    const before = sent.length;
    expect(await el.sync()).to.equal(false);
    expect(sent.length, 'the save was tried').to.be.greaterThan(before);
    expect(text(el)).to.contain(blocked);
    expect(text(el)).to.contain('Trying again will not help');
    // Not the words for a hub that is down, which promise the changes will go "as soon as it answers".
    expect(text(el)).not.to.contain('will be sent as soon as it answers');
    // No retry is waiting to go (a hub that is down gets one after 2 seconds, backing off): none can get through.
    expect((el as unknown as { retryTimer?: unknown }).retryTimer, 'no retry scheduled').to.equal(undefined);
    expect(problems, 'the page is told once').to.have.length(1);
    // The answer is kept: it is still in the form.
    expect(el.value!.sections.strengths!.strengths).to.equal('Kind, and a good listener.');
    await expect(el).to.be.accessible();
  });

  it('says a handover it cannot open is not reachable from this website, without a Try again that cannot work', async () => {
    const problems: HandoverHubProblemDetail[] = [];
    const wrap = await fixture<HTMLElement>(html`<div lang="en"></div>`);
    const el = document.createElement('c2c-handover-form');
    el.addEventListener('c2c-hub-problem', (e) => problems.push(e.detail));
    el.setAttribute('handover-id', `${SIDE_FILE}-never-opened-here`);
    el.client = createClient({ baseUrl: HUB, token: 'tok-teacher', retries: 0 }) as unknown as HandoverFormClient;
    wrap.append(el);
    await until(() => root(el).querySelector('[role="alert"]'));
    await el.updateComplete;
    expect(text(el)).to.contain(
      'The handover could not be loaded. This website is not set up to reach the hub, so trying again will not help.',
    );
    expect(root(el).querySelector('button'), 'no Try again').to.equal(null);
    expect(problems.map((p) => p.code)).to.deep.equal(['blocked_by_page_policy']);
    await expect(el).to.be.accessible();
  });

  it('says so in Welsh on a Welsh page', async () => {
    const { el } = await blockedForm('cy', 'policy-cy');
    await until(() => text(el).includes('Nid yw’r wefan hon wedi’i gosod i gyrraedd yr hyb'));
    expect(text(el)).to.contain('caiff eich gwaith ei gadw ar y ddyfais hon yn unig');
    expect(text(el)).not.to.contain('This website');
  });
});
