import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { createStore, get, keys, set } from 'idb-keyval';
import {
  SafeguardingSchema,
  STANDARD_TEMPLATES,
  TRANSITIONS,
  validate,
  type Handover,
  type Transition,
} from '@c2c/schema';
import './define.js';
import type { C2cHandoverForm } from './handover-form.js';
import type { C2cHandoverField } from './parts/field.js';
import type { HandoverFormClient } from './parts/client.js';
import { FakeHub } from './test-utils/fake-hub.js';
import { AutosaveController, readRecord, storagePatience, writeRecord } from './parts/autosave.js';
import { emptyState, getAt, merge, setAt, type DraftState, type LocalRecord } from './parts/model.js';
import { readSafeguarding, writeSafeguarding } from './parts/safeguarding.js';
import { checkField, learnerSpecs, questionSpec, safeguardingSpecs } from './parts/questions.js';
import { strings } from './strings.js';
import * as stories from '../../../../stories/handover-form.stories.js';
import { STASH, tick, until } from './test-utils/waiting.js';
import { clearDrafts } from './test-utils/device-drafts.js';
import { hangIndexedDbWrites } from './test-utils/hung-storage.js';

/**
 * Removes a form as closing its tab would, and waits until it has let go of its draft, as a closed tab's locks
 * go with it. Without the wait, a form opened next for the same learner finds the draft still held and opens
 * read-only until the first lets go (parts/tab-lock.ts), which is right for two live tabs but not a reload.
 */
async function closeTab(el: Element): Promise<void> {
  el.remove();
  const end = Date.now() + 5000;
  const held = async () =>
    (await navigator.locks.query()).held?.some((lock) => lock.name?.startsWith('c2c-handover-form|')) ?? false;
  while (await held()) {
    if (Date.now() > end) throw new Error('The closed form kept its draft locked');
    await tick(10);
  }
}
/** A teacher's form for a learner on this device only (no hub), made but not yet in the page. */
function teacherForm(learnerId: string): C2cHandoverForm {
  const el = document.createElement('c2c-handover-form');
  el.setAttribute('learner-id', learnerId);
  el.setAttribute('transition', 'y6-to-y7');
  el.setAttribute('user-role', 'teacher');
  return el;
}
/** A teacher's form for a learner on this device only, in the page, with any draft this device holds in it. */
async function openTeacherForm(learnerId: string): Promise<C2cHandoverForm> {
  const el = await fixture<C2cHandoverForm>(teacherForm(learnerId));
  await ready(el);
  return el;
}
const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => root(el).textContent!.replace(/\s+/g, ' ');
const buttonIn = (el: Element, words: string) =>
  [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith(words));
const field = (el: C2cHandoverForm, path: string) =>
  root(el).querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!;
const fieldText = (el: C2cHandoverForm, path: string) => field(el, path).shadowRoot!.textContent!.replace(/\s+/g, ' ');
/** The form is shown and any draft on this device is in it (the form is aria-busy until the draft is read). */
async function ready(el: C2cHandoverForm) {
  await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
  await el.updateComplete;
}
/** Types into a field the way the browser reports typing: the inner control's value, then an input event. */
async function type(el: C2cHandoverForm, path: string, value: string, commit = true) {
  const f = field(el, path);
  await f.updateComplete;
  const input = f.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  if (commit) input.dispatchEvent(new Event('change', { bubbles: true }));
}
/** Types a date into its day, month and year boxes, one box after another. */
async function typeDate(el: C2cHandoverForm, path: string, day: string, month: string, year: string) {
  const f = field(el, path);
  await f.updateComplete;
  for (const [part, value] of [
    ['d', day],
    ['m', month],
    ['y', year],
  ]) {
    const box = f.shadowRoot!.querySelector<HTMLInputElement>(`input[data-part="${part}"]`)!;
    box.value = value!;
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await f.updateComplete;
  }
}
async function pickOption(el: C2cHandoverForm, path: string, value: string) {
  const f = field(el, path);
  await f.updateComplete;
  [...f.shadowRoot!.querySelectorAll<HTMLInputElement>('input')].find((i) => i.value === value)!.click();
}
function inputOf(el: C2cHandoverForm, path: string) {
  return field(el, path).shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
}
const hubClient = (hub: FakeHub, token?: string) => hub.client(token) as unknown as HandoverFormClient;
/** Holds the fake hub's writes on the network (a slow connection) until the function it returns lets them go. */
function holdWrites(hub: FakeHub): () => void {
  let release!: () => void;
  hub.writesWait = new Promise((r) => (release = r));
  return () => {
    hub.writesWait = undefined;
    release();
  };
}
/** A new form for handover `id` on the hub: each call is another tab, or the same tab after a reload. */
const formFor = (hub: FakeHub, id: string) =>
  html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${id}></c2c-handover-form>`;
/**
 * A handover the hub holds ("From the hub" for strengths) with `words` typed over that answer while offline: kept on
 * this device only, and the tab closed. Returns the hub (still offline), the handover and a maker for the next tab.
 */
async function unsentOnDevice(words: string) {
  const hub = new FakeHub();
  const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'From the hub' } } });
  const make = () => formFor(hub, h.id);
  const el = await fixture<C2cHandoverForm>(make());
  await ready(el);
  hub.offline = true;
  await type(el, 'sections.strengths.strengths', words);
  await el.saveNow();
  await closeTab(el);
  return { hub, h, make };
}
/** A submitted handover whose child-protection file is on its way to the receiving DSL, its arrival not confirmed. */
const cpFileOnItsWay = (hub: FakeHub) =>
  submitted(hub, {
    safeguardingTransferRequired: true,
    safeguarding: {
      cpFileExists: true,
      dslContacts: [{ name: 'Dana Shah', email: 'dsl@pri-a.example.org', side: 'sending' }],
    },
  });
/** Every answer a Year 6 to Year 7 submission needs. */
const COMPLETE = { 'pupil-voice': { 'all-about-me': 'I like maps.' }, strengths: { strengths: 'Kind.' } };
/** A draft on the hub with every answer a submission needs, and a maker for a tab that opens it. */
function submittable(hub: FakeHub) {
  const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: COMPLETE });
  return { h, make: () => formFor(hub, h.id) };
}
/**
 * Two learners' handovers on a fake hub (the second's strengths "Second child") and the form open on the first,
 * `first` over its draft: a MIS opens one child after another on the same element.
 */
async function firstOfTwo(first: Partial<Handover>) {
  const hub = new FakeHub();
  const [a, b] = [...hub.learners.values()];
  const h1 = hub.seed(a!, 'y6-to-y7', first);
  const h2 = hub.seed(b!, 'y6-to-y7', { sections: { strengths: { strengths: 'Second child' } } });
  return { hub, h1, h2, el: await openOnHub(hub, h1.id) };
}
/** The host opens handover `id` on the same element, and the form has taken it. */
async function moveTo(el: C2cHandoverForm, id: string): Promise<void> {
  el.handoverId = id;
  await until(() => el.currentHandoverId === id);
}
/**
 * A save of the child on screen ("Maps and trains" for interests) is on its way on a slow connection when the
 * teacher clicks Submit, and the MIS moves on to handover `nextId` straight after; then the writes go through.
 * Resolves as the submission does.
 */
async function submitAsHostMovesOn(hub: FakeHub, el: C2cHandoverForm, nextId: string) {
  const release = holdWrites(hub);
  await type(el, 'sections.strengths.interests', 'Maps and trains');
  void el.sync();
  await until(() => hub.waitingWrites > 0);
  const submitted = el.submit();
  await tick(50);
  await moveTo(el, nextId);
  release();
  return submitted;
}
/** A handover the sending school has submitted just now, for the first learner, with `patch` over it. */
function submitted(hub: FakeHub, patch: Partial<Handover> = {}): Handover {
  return hub.seed(hub.firstLearner, 'y6-to-y7', {
    status: 'submitted',
    submittedAt: new Date().toISOString(),
    ...patch,
  });
}

/** A submitted handover, open in review at the receiving school. */
async function receiving(): Promise<{ hub: FakeHub; h: Handover; el: C2cHandoverForm }> {
  const hub = new FakeHub();
  const h = submitted(hub);
  return { hub, h, el: await reviewAs(hub, 'tok-receiver', h.id) };
}

/** The handover `id` open in review mode for `token`'s user, ready. */
async function reviewAs(hub: FakeHub, token: string, id: string): Promise<C2cHandoverForm> {
  const el = await fixture<C2cHandoverForm>(
    html`<c2c-handover-form mode="review" .client=${hubClient(hub, token)} handover-id=${id}></c2c-handover-form>`,
  );
  await ready(el);
  return el;
}

/**
 * The start of a conflict: two teachers have the same handover open; A saves a new "strengths" answer and
 * `friendsFromA`, then B types its own "strengths" answer, not yet saved.
 */
async function bothChangeStrengths(friendsFromA: string) {
  const hub = new FakeHub();
  const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Original' } } });
  const [a, b] = await twoEditors(hub, h.id);
  await type(a, 'sections.strengths.strengths', 'Version from A');
  await type(a, 'sections.friendships.friends', friendsFromA);
  expect(await a.sync()).to.equal(true);
  await type(b, 'sections.strengths.strengths', 'Version from B');
  return { hub, h, a, b };
}

/** Two teachers of the sending school with the same handover open, each form ready. */
async function twoEditors(hub: FakeHub, id: string): Promise<[C2cHandoverForm, C2cHandoverForm]> {
  const open = async (token: string) => {
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, token)} handover-id=${id}></c2c-handover-form>`,
    );
    await ready(el);
    return el;
  };
  return [await open('tok-teacher'), await open('tok-teacher2')];
}
/** The form open on the fake hub's handover `id` as its first teacher, ready. */
async function openOnHub(hub: FakeHub, id: string): Promise<C2cHandoverForm> {
  const el = await fixture<C2cHandoverForm>(
    html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${id}></c2c-handover-form>`,
  );
  await ready(el);
  return el;
}
/** A form starting a Year 6 to Year 7 handover for the fake hub's first learner. */
const newHandoverFor = (hub: FakeHub) =>
  fixture<C2cHandoverForm>(
    html`<c2c-handover-form
      .client=${hubClient(hub)}
      learner-id=${hub.firstLearner.id}
      transition="y6-to-y7"
    ></c2c-handover-form>`,
  );

beforeEach(async () => {
  await clearDrafts();
});

/** Types into one of the form's own boxes (the question, the acknowledgement note), as a person does. */
function typeInto(el: C2cHandoverForm, id: string, value: string): HTMLTextAreaElement {
  const box = root(el).querySelector<HTMLTextAreaElement>(`#${id}`)!;
  box.value = value;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  return box;
}

describe('<c2c-handover-form>', () => {
  it('renders the Year 6 to Year 7 template without a hub, accessibly', async () => {
    const el = await openTeacherForm('lrn-1');
    await expect(el).to.be.accessible();
    const tpl = STANDARD_TEMPLATES['y6-to-y7'];
    for (const s of tpl.sections) {
      expect(text(el)).to.contain(s.title.en);
      for (const q of s.questions)
        expect(field(el, `sections.${s.id}.${q.id}`).label, `${s.id}.${q.id}`).to.equal(q.label.en);
    }
    // The pupil-voice prompt is the template's own, for the child's age.
    expect(field(el, 'sections.pupil-voice.all-about-me').label).to.contain('Tell your new school about you');
  });

  for (const transition of TRANSITIONS) {
    it(`renders every question of the ${transition} template`, async () => {
      const el = await fixture<C2cHandoverForm>(
        html`<c2c-handover-form learner-id="lrn-1" transition=${transition} user-role="teacher"></c2c-handover-form>`,
      );
      await ready(el);
      const tpl = STANDARD_TEMPLATES[transition as Transition];
      const count = tpl.sections.reduce((n, s) => n + s.questions.length, 0);
      expect(root(el).querySelectorAll('c2c-handover-field[name^="sections."]').length).to.equal(count);
      expect(text(el)).to.contain(tpl.title.en);
    });
  }

  it('renders a trust’s own template questions without code', async () => {
    const own = structuredClone(STANDARD_TEMPLATES['y6-to-y7']);
    own.id = 'trust-y6';
    own.sections.push({
      id: 'trust-extra',
      title: { en: 'Our trust’s question', cy: 'Cwestiwn ein hymddiriedolaeth' },
      contributors: [],
      questions: [{ id: 'bus', kind: 'yesno', label: { en: 'Travels by school bus' }, required: false }],
    });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        learner-id="lrn-1"
        transition="y6-to-y7"
        user-role="teacher"
        .template=${own}
      ></c2c-handover-form>`,
    );
    await ready(el);
    expect(field(el, 'sections.trust-extra.bus').label).to.equal('Travels by school bus');
  });

  it('fills in and submits to the hub, with learner details prefilled from the hub', async () => {
    const hub = new FakeHub();
    const learner = hub.firstLearner;
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        learner-id=${learner.id}
        transition="y6-to-y7"
        receiving-organisation-id="sec-b"
      ></c2c-handover-form>`,
    );
    await ready(el);
    expect(inputOf(el, 'learner.legalSurname').value).to.equal(learner.legalSurname);
    await type(el, 'sections.pupil-voice.all-about-me', 'I love drawing dragons.');
    await type(el, 'sections.strengths.strengths', 'Kind, and a strong reader.');
    await pickOption(el, 'sections.how-i-learn.rag', 'amber');
    const submitted = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-submitted', (e) => r(e), { once: true }),
    );
    root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const e = await submitted;
    const h = hub.handovers.get(e.detail.handover.id)!;
    expect(h.status).to.equal('submitted');
    expect(h.sections['pupil-voice']!['all-about-me']).to.equal('I love drawing dragons.');
    expect(h.sections['how-i-learn']!.rag).to.equal('amber');
    expect(hub.count('POST', /^\/v1\/handovers$/)).to.equal(1);
    await until(() => text(el).includes('Handover submitted'));
  });

  it('moves focus from the submit button, gone once submitted, to the banner saying it was submitted', async () => {
    const hub = new FakeHub();
    const { h, make } = submittable(hub);
    const el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    const button = root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.focus();
    button.click();
    await until(() => hub.handovers.get(h.id)!.status === 'submitted');
    // The draft's button goes once the form has the hub's answer.
    await until(() => !root(el).querySelector('button[type="submit"]'));
    // Not left on the page's body, where a keyboard user would start again from the top.
    await until(() => root(el).activeElement?.id === 'submitted');
    expect(root(el).activeElement!.textContent).to.match(
      /^Handover submitted on .+\. The receiving school can now read it\.$/,
    );
    // Read once: as the focused banner, not again from the status region.
    expect(root(el).querySelector('.live')!.textContent!.trim()).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('shows a GOV.UK error summary that takes focus, with links that move focus to each field', async () => {
    const el = await openTeacherForm('lrn-1');
    await el.submit();
    await el.updateComplete;
    const summary = root(el).querySelector<HTMLElement>('.error-summary')!;
    expect(summary).to.exist;
    expect(summary.getAttribute('role')).to.equal('alert');
    expect(root(el).activeElement?.className).to.equal('error-summary');
    const links = [...summary.querySelectorAll('a')];
    expect(links.map((a) => a.textContent!.trim())).to.include('Answer “What is this child good at?”.');
    expect(links.length).to.equal(6); // forename, surname, date of birth, sex, pupil voice, strengths
    const strengthsLink = links.find((a) => a.textContent!.includes('What is this child good at'))!;
    strengthsLink.click();
    expect(root(el).activeElement?.getAttribute('name')).to.equal('sections.strengths.strengths');
    expect(field(el, 'sections.strengths.strengths').shadowRoot!.activeElement?.tagName).to.equal('TEXTAREA');
    // The inline message sits beside the field, and is linked to the control for screen readers.
    expect(fieldText(el, 'sections.strengths.strengths')).to.contain('Answer “What is this child good at?”.');
    const textarea = inputOf(el, 'sections.strengths.strengths');
    expect(textarea.getAttribute('aria-invalid')).to.equal('true');
    expect(textarea.getAttribute('aria-describedby')).to.match(/-error/);
    await expect(el).to.be.accessible();
    // Fixing an answer takes it out of the summary.
    await type(el, 'sections.strengths.strengths', 'Great at maths.');
    await el.updateComplete;
    expect([...root(el).querySelectorAll('.error-summary a')].length).to.equal(5);
  });

  it('takes spaces alone as no answer: nothing said while drafting, "Answer …" on submit, as the hub rules', async () => {
    const el = await openTeacherForm('lrn-1');
    await type(el, 'sections.strengths.strengths', '   ');
    await el.updateComplete;
    expect(field(el, 'sections.strengths.strengths').error, 'still drafting').to.equal('');
    await el.submit();
    await el.updateComplete;
    const links = [...root(el).querySelectorAll('.error-summary a')].map((a) => a.textContent!.trim());
    expect(links).to.include('Answer “What is this child good at?”.');
    expect(field(el, 'sections.strengths.strengths').error).to.equal('Answer “What is this child good at?”.');
    // A soft hyphen pasted with a UPN is not counted as one of its characters, as the UPN check ignores it.
    await type(el, 'learner.upn', 'B8012\u00AD', false);
    await until(() => field(el, 'learner.upn').error !== '');
    expect(field(el, 'learner.upn').error).to.equal('A UPN has 13 characters; this one has 5.');
  });

  /**
   * A hub draft written by another system through the API: a number for a text answer, the word "yes" for a yes
   * or no question. The hub holds it (a draft may), the SDK reads it (any answer kind is an answer), and only
   * submitting finds it wrong, so the person must be told what to do about each, beside it and in the summary.
   */
  for (const [lang, words] of [
    [
      'en',
      {
        text: 'Type the answer to “What is this child good at?” again: the one saved is not text.',
        yesno: 'Answer “Young carer” with yes or no.',
      },
    ],
    [
      'cy',
      {
        text: 'Teipiwch yr ateb i “Beth mae’r plentyn hwn yn dda am ei wneud?” eto: nid testun yw’r un a gadwyd.',
        yesno: 'Atebwch “Gofalwr ifanc” drwy ddewis Ydy neu Nac ydy.',
      },
    ],
  ] as const)
    it(`says what to do about a hub draft’s answer of the wrong kind, beside it and in the summary (${lang})`, async () => {
      const hub = new FakeHub();
      const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
        sections: {
          'pupil-voice': { 'all-about-me': 'I like maps.' },
          strengths: { strengths: 42 },
          family: { 'young-carer': 'yes' },
        },
      });
      const wrap = await fixture<HTMLElement>(html`<div lang=${lang}>${formFor(hub, h.id)}</div>`);
      const el = wrap.querySelector<C2cHandoverForm>('c2c-handover-form')!;
      await ready(el);
      expect(await el.submit()).to.equal(undefined);
      await el.updateComplete;
      expect(hub.handovers.get(h.id)!.status).to.equal('draft');
      const links = [...root(el).querySelectorAll('.error-summary a')].map((a) => a.textContent!.trim());
      expect(links).to.deep.equal([words.text, words.yesno]);
      expect(field(el, 'sections.strengths.strengths').error).to.equal(words.text);
      expect(fieldText(el, 'sections.strengths.strengths')).to.contain(words.text);
      expect(field(el, 'sections.family.young-carer').error).to.equal(words.yesno);
      expect(fieldText(el, 'sections.family.young-carer')).to.contain(words.yesno);
      // Doing what each says clears it.
      await type(el, 'sections.strengths.strengths', '42 merit stickers');
      await pickOption(el, 'sections.family.young-carer', 'no');
      await el.updateComplete;
      expect(field(el, 'sections.strengths.strengths').error).to.equal('');
      expect(field(el, 'sections.family.young-carer').error).to.equal('');
      expect(root(el).querySelectorAll('.error-summary a').length).to.equal(0);
    });

  it('keeps answers the hub does not take yet (a half-typed UPN) on screen and on the device after a hub save', async () => {
    const hub = new FakeHub();
    const el = await newHandoverFor(hub);
    await ready(el);
    expect(inputOf(el, 'learner.legalForename').value).to.equal(hub.firstLearner.legalForename);
    await type(el, 'learner.upn', 'B80120', false);
    await type(el, 'sections.strengths.strengths', 'Reads widely');
    expect(await el.sync()).to.equal(true);
    const h = [...hub.handovers.values()][0]!;
    expect(h.sections.strengths!.strengths).to.equal('Reads widely');
    expect(h.learner.upn).to.equal(hub.firstLearner.upn); // the half-typed one was not sent
    await el.updateComplete;
    expect(inputOf(el, 'learner.upn').value).to.equal('B80120');
    expect(el.value!.learner.upn).to.equal('B80120');
    // After a reload, the held-back UPN comes from this device, not the hub's copy without it.
    await closeTab(el);
    const again = await openOnHub(hub, h.id);
    expect(inputOf(again, 'learner.upn').value).to.equal('B80120');
    expect(inputOf(again, 'sections.strengths.strengths').value).to.equal('Reads widely');
  });

  it('checks the UPN as the person types, after a pause, in plain English', async () => {
    const el = await openTeacherForm('lrn-1');
    await type(el, 'learner.upn', 'B8012', false);
    await tick(100);
    expect(field(el, 'learner.upn').error).to.equal('');
    await tick(300);
    expect(field(el, 'learner.upn').error).to.equal('A UPN has 13 characters; this one has 5.');
    await type(el, 'learner.upn', 'C801200005001', false);
    await tick(350);
    expect(field(el, 'learner.upn').error).to.contain('first letter of this UPN does not match');
    await type(el, 'learner.upn', 'B801200005001', false);
    await tick(350);
    expect(field(el, 'learner.upn').error).to.equal('');
    // On leaving the field it is tidied to the form the MIS prints.
    await type(el, 'learner.upn', 'b8012 0000 5001');
    await el.updateComplete;
    expect(el.value!.learner.upn).to.equal('B801200005001');
    expect(field(el, 'learner.upn').error).to.equal('');
  });

  it('asks for dates as day, month and year boxes, keeps a half-typed date, and names what is wrong', async () => {
    const open = () => openTeacherForm('lrn-dob');
    const boxes = (el: C2cHandoverForm) =>
      ['d', 'm', 'y'].map((p) =>
        field(el, 'learner.dateOfBirth').shadowRoot!.querySelector<HTMLInputElement>(`input[data-part="${p}"]`)!,
      );
    let el = await open();
    const dob = field(el, 'learner.dateOfBirth').shadowRoot!;
    // A group with its question as legend, GOV.UK's example as hint, and a label per box.
    expect(dob.querySelector('fieldset legend')!.textContent).to.equal('Date of birth');
    expect(dob.querySelector('.hint')!.textContent).to.equal('For example, 27 9 2014');
    expect(boxes(el).map((b) => dob.querySelector(`label[for="${b.id}"]`)!.textContent)).to.deep.equal([
      'Day',
      'Month',
      'Year',
    ]);
    expect(boxes(el).every((b) => b.inputMode === 'numeric' && b.type === 'text')).to.equal(true);
    // Complete: stored as an ISO date, while the boxes keep what was typed.
    await typeDate(el, 'learner.dateOfBirth', '3', '9', '2014');
    expect(el.value!.learner.dateOfBirth).to.equal('2014-09-03');
    expect(boxes(el).map((b) => b.value)).to.deep.equal(['3', '9', '2014']);
    // Half-typed: kept as typed, on screen and on this device, and named on submit.
    await typeDate(el, 'learner.dateOfBirth', '31', '2', '');
    expect(el.value!.learner.dateOfBirth).to.equal('-2-31');
    await el.submit();
    await el.updateComplete;
    const links = [...root(el).querySelectorAll('.error-summary a')].map((a) => a.textContent!.trim());
    expect(links).to.include('Enter a real date, for example 27 9 2014.');
    expect(boxes(el)[0]!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    await el.saveNow();
    await closeTab(el);
    el = await open();
    expect(boxes(el).map((b) => b.value)).to.deep.equal(['31', '2', '']);
    // A real-looking but impossible day is still refused.
    await typeDate(el, 'learner.dateOfBirth', '31', '2', '2015');
    expect(el.value!.learner.dateOfBirth).to.equal('2015-02-31');
    await el.submit();
    await el.updateComplete;
    expect(field(el, 'learner.dateOfBirth').error).to.equal('Enter a real date, for example 27 9 2014.');
    await typeDate(el, 'learner.dateOfBirth', '28', '2', '2015');
    await el.submit();
    await el.updateComplete;
    expect(field(el, 'learner.dateOfBirth').error).to.equal('');
  });

  it('recovers everything typed after a reload, from this device', async () => {
    const html1 = () =>
      html`<c2c-handover-form learner-id="lrn-9" transition="ey-to-reception" user-role="teacher"></c2c-handover-form>`;
    let el = await fixture<C2cHandoverForm>(html1());
    await ready(el);
    const saved = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-saved', (e) => r(e), { once: true }),
    );
    const t0 = performance.now();
    await type(el, 'sections.pupil-voice.all-about-me', 'I like the sandpit.');
    await type(el, 'sections.strengths.interests', 'Dinosaurs');
    expect((await saved).detail.where).to.equal('device');
    expect(performance.now() - t0).to.be.below(1000);
    await closeTab(el); // the tab closes
    el = await fixture<C2cHandoverForm>(html1());
    await ready(el);
    expect(inputOf(el, 'sections.pupil-voice.all-about-me').value).to.equal('I like the sandpit.');
    expect(inputOf(el, 'sections.strengths.interests').value).to.equal('Dinosaurs');
    expect(text(el)).to.match(/Saved on this device at \d\d:\d\d/);
    const kept = await get<{ savedLocallyAt: string }>(
      'role:teacher|learner|lrn-9|ey-to-reception',
      createStore('c2c-handover-form', 'drafts'),
    );
    const at = new Date(kept!.savedLocallyAt);
    expect(text(el)).to.contain(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(at));
  });

  it('paints the top of the form first and the rest straight after, and a submit meanwhile marks every field', async () => {
    const open = () => teacherForm('lrn-first-screen');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    let el = open();
    host.append(el);
    await el.updateComplete;
    const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
    // The first frame: the heading and the top of the learner's details (what a laptop's first screen shows),
    // marked busy while the rest is on its way.
    expect(field(el, 'learner.legalSurname'), 'the learner details are in the first frame').to.exist;
    expect(field(el, 'learner.upn'), 'down to the UPN').to.exist;
    expect(field(el, 'learner.sex'), 'the choices below it come next').to.equal(null);
    expect(root(el).querySelectorAll('section h3')).to.have.length(1);
    expect(root(el).querySelector('[part="actions"]')).to.equal(null);
    expect(base.getAttribute('aria-busy')).to.equal('true');
    await ready(el);
    const template = STANDARD_TEMPLATES['y6-to-y7'];
    for (const s of template.sections) expect(root(el).querySelector(`#s-${s.id}`), s.id).to.exist;
    expect(field(el, 'learner.sex')).to.exist;
    expect(field(el, 'learner.pupilPremium')).to.exist;
    expect(root(el).querySelector('[part="actions"]')).to.exist;
    expect(base.hasAttribute('aria-busy')).to.equal(false);
    await expect(el).to.be.accessible();

    // Moved in the page before the rest came (a host re-parenting it): the rest still comes.
    await closeTab(el);
    el = open();
    host.append(el);
    await el.updateComplete;
    el.remove();
    host.append(el);
    await ready(el);
    expect(root(el).querySelector('[part="actions"]')).to.exist;

    // Submitted before the rest came: the summary and every message beside its field, in one update.
    await closeTab(el);
    el = open();
    host.append(el);
    await el.updateComplete;
    await el.submit();
    await el.updateComplete;
    const summary = [...root(el).querySelectorAll('.error-summary a')].map((a) => a.getAttribute('href'));
    expect(summary).to.include('#sections.pupil-voice.all-about-me');
    expect(field(el, 'sections.pupil-voice.all-about-me').error, 'a section after the first frame').to.contain(
      'Answer “Tell your new school about you',
    );
    expect(field(el, 'learner.legalSurname').error).not.to.equal('');
    expect(root(el).activeElement?.classList.contains('error-summary')).to.equal(true);
  });

  it('shows the form before the draft is read, takes no input until it is, and loses neither the draft nor a change made meanwhile', async () => {
    const open = () => teacherForm('lrn-7');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    let el = open();
    host.append(el);
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'From yesterday');
    await type(el, 'learner.preferredForename', 'Old name');
    await el.saveNow();
    await closeTab(el);

    el = open();
    host.append(el);
    await el.updateComplete;
    // The form is on screen in the same update, while IndexedDB has not answered yet.
    expect(root(el).querySelector('form')).to.exist;
    const base = root(el).querySelector<HTMLElement>('.base')!;
    expect(base.getAttribute('aria-busy')).to.equal('true');
    // Nobody can type into it yet (inert) ...
    expect(base.inert).to.equal(true);
    inputOf(el, 'learner.preferredForename').focus();
    expect(field(el, 'learner.preferredForename').matches(':focus-within')).to.equal(false);
    // ... and a change made anyway (by a script) is kept over the draft's answer.
    await type(el, 'learner.preferredForename', 'New name');
    // An early save must wait for the draft, then store the draft with the new words over it.
    await el.saveNow();
    expect(el.value!.sections.strengths!.strengths).to.equal('From yesterday');
    expect(el.value!.learner.preferredForename).to.equal('New name');
    const stored = await get<{ state: DraftState }>(
      'role:teacher|learner|lrn-7|y6-to-y7',
      createStore('c2c-handover-form', 'drafts'),
    );
    expect(stored!.state.sections.strengths!.strengths).to.equal('From yesterday');
    expect(stored!.state.learner.preferredForename).to.equal('New name');
    await ready(el);
    expect(base.inert).to.equal(false);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('From yesterday');
    expect(inputOf(el, 'learner.preferredForename').value).to.equal('New name');

    await closeTab(el); // and once more from the device: the merged draft is what was kept
    el = open();
    host.append(el);
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('From yesterday');
    expect(inputOf(el, 'learner.preferredForename').value).to.equal('New name');
  });

  it('finds the signed-in person’s drafts in a new tab opened offline when the host says who is signed in, and no one else’s', async () => {
    const { hub, h } = await unsentOnDevice('Typed offline');
    // A new tab: it has not heard from the hub who signed in (that is kept per tab), and the hub cannot be reached.
    sessionStorage.removeItem('c2c-handover-form:principal');
    const tab = (userId: string) =>
      fixture<C2cHandoverForm>(
        html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${h.id} user-id=${userId}></c2c-handover-form>`,
      );
    const stranger = await tab('u-teacher2');
    await until(() => text(stranger).includes('could not be loaded'));
    expect(text(stranger), 'another person’s words are not opened for them').not.to.contain('Typed offline');
    await closeTab(stranger);
    const el = await tab('u-teacher');
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Typed offline');
    hub.offline = false;
    await el.sync();
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Typed offline');
  });

  it('keeps a local copy newer than the hub’s after a reload, and offers to discard it', async () => {
    const { hub, h, make } = await unsentOnDevice('Typed on the train');
    hub.offline = false;
    // The form sends the change as soon as it has read the hub's copy, and the notice then goes: hold the send
    // so the notice can be read.
    const release = holdWrites(hub);
    const el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Typed on the train');
    await until(() => text(el).includes('not on the hub yet'));
    // It goes to the hub as soon as the form is back online.
    release();
    await until(() => hub.handovers.get(h.id)!.sections.strengths!.strengths === 'Typed on the train');
  });

  it('discards the device’s copy when asked', async () => {
    const { hub, h, make } = await unsentOnDevice('Not wanted');
    let el: C2cHandoverForm;
    el = await fixture<C2cHandoverForm>(make());
    // still offline: the local copy opens
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Not wanted');
    // Back online, but the hub does not take the device's changes yet, so they are still unsent and the choice
    // stays open (once they are sent, the hub's copy is the device's and the offer goes).
    hub.offline = false;
    hub.refuseWrites = true;
    await closeTab(el);
    el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    await until(() => hub.count('PATCH', /^\/v1\/handovers\//) > 0);
    const button = (words: string) => buttonIn(el, words);
    expect(button('Discard'), 'the offer to discard stays while the changes are unsent').to.exist;
    // A slip of the mouse loses nothing: the form asks first, and "keep" puts everything back as it was.
    button('Discard')!.click();
    await until(() => root(el).activeElement?.id === 'discard-q');
    expect(text(el)).to.contain('They cannot be got back.');
    await expect(el).to.be.accessible();
    button('No, keep them')!.click();
    await until(() => root(el).activeElement === button('Discard'));
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Not wanted');
    button('Discard')!.click();
    await el.updateComplete;
    button('Yes, discard them')!.click();
    await until(() => inputOf(el, 'sections.strengths.strengths').value === 'From the hub');
    // The buttons go with the question: focus carries on in the form, and the status region says what happened.
    await until(() => root(el).activeElement?.localName === 'c2c-handover-field');
    expect(root(el).querySelector('.live')!.textContent).to.contain('The changes on this device were discarded');
    // Discarded for good: when the hub takes writes again, nothing from the device is sent.
    hub.refuseWrites = false;
    await el.saveNow();
    expect(hub.handovers.get(h.id)!.sections.strengths).to.deep.equal({ strengths: 'From the hub' });
  });

  it('says so when the hub cannot be reached to discard the device’s changes, and keeps them', async () => {
    const { hub, make } = await unsentOnDevice('Typed offline');
    // The hub answers reads but not writes, so the changes stay unsent and the offer to discard them is made.
    hub.offline = false;
    hub.refuseWrites = true;
    const el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    const button = (words: string) => buttonIn(el, words);
    await until(() => button('Discard'));
    button('Discard')!.click();
    await until(() => button('Yes, discard them'));
    hub.offline = true;
    // Watched as the DOM changes, not by polling: the save still retrying in the background can say "offline" in
    // the same place a moment later, and on a busy machine a poll would miss the message in between.
    let told = false;
    const watch = new MutationObserver(() => {
      told ||= !!root(el).querySelector('.notice.hub-error[role="alert"]')?.textContent?.includes('That did not work');
    });
    watch.observe(root(el), { subtree: true, childList: true, characterData: true });
    button('Yes, discard them')!.focus();
    button('Yes, discard them')!.click();
    // Before, the failed read of the hub's copy was an unhandled rejection and the form said nothing.
    await until(() => told);
    watch.disconnect();
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Typed offline');
    expect(root(el).activeElement, 'focus stays on the button pressed').to.equal(button('Yes, discard them'));
    const failure = await el.discardLocalChanges().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure, 'a host calling it hears of the failure too').to.be.instanceOf(Error);
  });

  it('keeps changes discarded while IndexedDB hangs discarded after a reload', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'From the hub' } } });
    const make = () => formFor(hub, h.id);
    let release = () => {};
    try {
      let el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      hub.refuseWrites = true;
      await type(el, 'sections.strengths.strengths', 'Not wanted');
      await el.saveNow();
      // A hung IndexedDB (a WebKit fault): the discard's write never completes, so it is stashed instead.
      release = hangIndexedDbWrites();
      await el.discardLocalChanges();
      expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('From the hub');
      await closeTab(el);
      release();
      hub.refuseWrites = false;
      el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      // Before, the stash carried the hub's date, older than the discarded copy still in IndexedDB, which won.
      expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('From the hub');
      await el.sync();
      expect(hub.handovers.get(h.id)!.sections.strengths).to.deep.equal({ strengths: 'From the hub' });
    } finally {
      release();
    }
  });

  it('queues saves and the submission while offline, and sends them when the connection returns', async () => {
    const hub = new FakeHub();
    hub.offline = true;
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        user-role="teacher"
        learner-id=${hub.firstLearner.id}
        transition="y6-to-y7"
      ></c2c-handover-form>`,
    );
    await ready(el);
    for (const [k, v] of Object.entries({
      'learner.legalForename': 'Sam',
      'learner.legalSurname': 'Jones',
    }))
      await type(el, k, v);
    await typeDate(el, 'learner.dateOfBirth', '27', '9', '2014');
    await pickOption(el, 'learner.sex', 'F');
    await type(el, 'sections.pupil-voice.all-about-me', 'Football');
    await type(el, 'sections.strengths.strengths', 'Teamwork');
    expect(await el.submit()).to.equal(undefined);
    await el.updateComplete;
    expect(text(el)).to.contain(
      'The hub cannot be reached just now. The handover will be submitted as soon as it answers.',
    );
    expect(hub.handovers.size).to.equal(0);
    hub.offline = false;
    const submitted = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-submitted', (e) => r(e), { once: true }),
    );
    window.dispatchEvent(new Event('online'));
    const e = await submitted;
    expect(e.detail.handover.status).to.equal('submitted');
    expect(hub.handovers.size).to.equal(1);
    expect(hub.count('POST', /^\/v1\/handovers$/)).to.equal(1);
    expect(hub.count('POST', /\/submit$/)).to.equal(1);
  });

  it('tries the hub again by itself when it cannot be reached although the browser is online', async () => {
    const hub = new FakeHub();
    const { h } = submittable(hub);
    const el = await openOnHub(hub, h.id);
    // The hub is down (the browser has no idea: no offline event, and none when it comes back).
    hub.offline = true;
    await type(el, 'sections.strengths.strengths', 'Draws dragons');
    expect(await el.sync()).to.equal(false);
    await tick(1700); // the save that typing scheduled has failed too: nothing is waiting any more but a retry
    hub.offline = false;
    // The first retry is due 2 s after the failure; the margin is for a loaded machine's timers.
    await until(() => hub.handovers.get(h.id)!.sections.strengths!.strengths === 'Draws dragons', 10_000);

    // A submission asked for while the hub is down keeps being announced as queued while later changes wait
    // too, and goes by itself once the hub is back.
    hub.offline = true;
    expect(await el.submit()).to.equal(undefined);
    await type(el, 'sections.strengths.interests', 'Maps');
    await tick(1800); // past the save's own wait: that save fails too
    await el.updateComplete;
    expect(text(el)).to.contain(
      'The hub cannot be reached just now. The handover will be submitted as soon as it answers.',
    );
    hub.offline = false;
    // That second failure backs off to 4 s, so this can take that long after the hub is back, plus the margin.
    await until(() => hub.handovers.get(h.id)!.status === 'submitted', 15_000);
    expect(hub.handovers.get(h.id)!.sections.strengths!.interests).to.equal('Maps');
    expect(hub.count('POST', /\/submit$/)).to.be.lessThanOrEqual(2);
  });

  it('never creates or submits twice: double clicks share one request, and retries reuse the idempotency key', async () => {
    const hub = new FakeHub();
    const el = await newHandoverFor(hub);
    await ready(el);
    await type(el, 'sections.pupil-voice.all-about-me', 'Music');
    await type(el, 'sections.strengths.strengths', 'Drums');
    // The hub creates the draft but the answer is lost on the way back: the retry must not make a second one.
    hub.loseResponses = 1;
    const button = root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.focus();
    button.click();
    button.click();
    await el.updateComplete;
    // Marked busy, not disabled: a disabled button would drop keyboard focus to the page while it waits.
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(root(el).activeElement).to.equal(button);
    const first = el.submit();
    const second = el.submit();
    expect(first).to.equal(second);
    await first;
    expect(hub.handovers.size).to.equal(1);
    const submitted = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-submitted', (e) => r(e), { once: true }),
    );
    window.dispatchEvent(new Event('online'));
    await submitted;
    const creates = hub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/handovers');
    expect(creates.length).to.equal(2); // the lost one and its retry
    expect(creates[0]!.idempotencyKey).to.equal(creates[1]!.idempotencyKey);
    expect(hub.handovers.size).to.equal(1);
    expect(hub.count('POST', /\/submit$/)).to.equal(1);
    expect([...hub.handovers.values()][0]!.status).to.equal('submitted');
  });

  it('settles a conflict between two editors field by field, overwriting nothing silently', async () => {
    const { hub, h, b } = await bothChangeStrengths('Keep with Priya');
    await type(b, 'sections.medical.medical', 'Inhaler');
    const conflict = new Promise<CustomEvent>((r) =>
      b.addEventListener('c2c-handover-conflict', (e) => r(e), { once: true }),
    );
    expect(await b.sync()).to.equal(false);
    const e = await conflict;
    expect(e.detail.fields).to.deep.equal(['sections.strengths.strengths']);
    await b.updateComplete;
    const panel = root(b).querySelector<HTMLElement>('.conflict')!;
    // The panel's English words come with its chunk, not with the form's bundle.
    expect(panel.querySelector('#conflict-title')!.textContent).to.equal('Someone else changed this handover');
    expect(panel.querySelector('.conflict-save')!.textContent!.trim()).to.equal('Save my choices');
    expect(panel.querySelector('.version-value.mine')!.textContent).to.equal('Version from B');
    expect(panel.querySelector('.version-value.theirs')!.textContent).to.equal('Version from A');
    expect(root(b).activeElement?.className).to.equal('conflict');
    await expect(b).to.be.accessible();
    // Nothing went to the hub while the person decides.
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Version from A');
    panel.querySelector<HTMLInputElement>('input[id$="-theirs"]')!.click();
    await b.updateComplete;
    panel.querySelector<HTMLButtonElement>('.conflict-save')!.click();
    await until(() => hub.handovers.get(h.id)!.sections.medical?.medical === 'Inhaler');
    const saved = hub.handovers.get(h.id)!;
    expect(saved.sections.strengths!.strengths).to.equal('Version from A');
    expect(saved.sections.friendships!.friends).to.equal('Keep with Priya'); // A's other change survived
    expect(saved.version).to.equal(3);
    expect(root(b).querySelectorAll('.conflict').length).to.equal(0);
    // The panel and its button are gone: keyboard focus carries on in the answer that was chosen.
    await until(() => root(b).activeElement === field(b, 'sections.strengths.strengths'));
  });

  it('closes the conflict panel when this device’s changes are discarded, so a choice there cannot bring them back', async () => {
    const { hub, h, b } = await bothChangeStrengths('Keep with Priya');
    expect(await b.sync()).to.equal(false);
    await until(() => !!root(b).querySelector('.conflict'));
    await b.discardLocalChanges();
    await b.updateComplete;
    expect(!!root(b).querySelector('.conflict'), 'no choice left about words thrown away').to.equal(false);
    expect(inputOf(b, 'sections.strengths.strengths').value).to.equal('Version from A');
    // Saving goes on from the hub's copy.
    await type(b, 'sections.medical.medical', 'Inhaler');
    expect(await b.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Version from A');
    expect(hub.handovers.get(h.id)!.sections.medical?.medical).to.equal('Inhaler');
  });

  it('names a half-recorded safeguarding record on submit instead of submitting without it', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      sections: {
        'pupil-voice': { 'all-about-me': 'I like maps.' },
        strengths: { strengths: 'Kind to others.' },
      },
    });
    let dsl = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-dsl')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(dsl);
    await pickOption(dsl, 'sg.cpFileExists', 'yes');
    // June: the receiving DSL's name is known, their email not yet; the file's send date is noted before the method.
    await type(dsl, 'sg.receiving.name', 'Rae Sieve');
    await typeDate(dsl, 'sg.sentAt', '2', '7', '2026');
    expect(await dsl.sync()).to.equal(true);
    await dsl.updateComplete;
    const status = () => root(dsl).querySelector('[part="save-status"]')!.textContent!;
    expect(status()).to.contain('The safeguarding record stays on this device until it is complete');
    // A reload brings the half-recorded record back from this device (the hub has none of it).
    await closeTab(dsl);
    const reopened = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-dsl')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(reopened);
    expect(inputOf(reopened, 'sg.receiving.name').value).to.equal('Rae Sieve');
    expect(hub.handovers.get(h.id)!.safeguarding).to.equal(undefined);
    dsl = reopened;
    expect(await dsl.submit()).to.equal(undefined);
    await dsl.updateComplete;
    expect(hub.handovers.get(h.id)!.status).to.equal('draft');
    const links = [...root(dsl).querySelectorAll('.error-summary a')].map((a) => a.textContent!.trim());
    expect(links).to.deep.equal([
      'Enter the DSL’s email address, or clear their other details',
      'Choose how the file is sent, or clear the other transfer details',
    ]);
    expect(fieldText(dsl, 'sg.receiving.email')).to.contain('Enter the DSL’s email address');
    // Nothing typed is lost: it is all still on screen, and completing it lets the record through whole.
    expect(inputOf(dsl, 'sg.receiving.name').value).to.equal('Rae Sieve');
    await type(dsl, 'sg.receiving.email', 'dsl@sec-b.example.org');
    await pickOption(dsl, 'sg.method', 'secure-email');
    expect(await dsl.submit()).to.not.equal(undefined);
    const sent = hub.handovers.get(h.id)!;
    expect(sent.status).to.equal('submitted');
    expect(sent.safeguarding!.cpFileExists).to.equal(true);
    expect(sent.safeguarding!.dslContacts).to.deep.equal([
      { name: 'Rae Sieve', email: 'dsl@sec-b.example.org', side: 'receiving' },
    ]);
    expect(sent.safeguarding!.transfer!.method).to.equal('secure-email');
    await dsl.updateComplete;
    expect(status()).not.to.contain('safeguarding record');
  });

  it('brings the conflict panel’s styles with its chunk, not in the form’s up-front styles', async () => {
    const { b } = await bothChangeStrengths('Keep with Priya');
    const selectors = () =>
      root(b)
        .adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules])
        .map((rule) => rule.cssText)
        .join('\n');
    expect(selectors(), 'no panel rules before a conflict').not.to.contain('.conflict-field');
    expect(await b.sync()).to.equal(false);
    await until(() => root(b).querySelector('.conflict'));
    await b.updateComplete;
    const panel = root(b).querySelector<HTMLElement>('.conflict')!;
    expect(getComputedStyle(panel).borderTopWidth, 'the panel is styled once it shows').to.equal('5px');
    expect(getComputedStyle(panel.querySelector('.versions')!).display).to.equal('grid');
    expect(getComputedStyle(panel.querySelector('.version.chosen')!).borderTopWidth).to.equal('4px');
    // The form's own styles are still there beside the panel's.
    expect(getComputedStyle(root(b).querySelector('.title')!).fontSize).to.equal('28px');
  });

  it('keeps the receipt the receiving DSL confirmed: read-only to the sending DSL, and no conflict when it lands as they type', async () => {
    const hub = new FakeHub();
    const contacts = [{ name: 'Dee Ess', email: 'dsl@pri-a.example.org', side: 'sending' as const }];
    const h = submitted(hub, {
      safeguardingTransferRequired: true,
      safeguarding: { cpFileExists: true, dslContacts: contacts, transfer: { method: 'secure-email' } },
    });
    const dsl = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-dsl')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(dsl);
    expect(field(dsl, 'sg.receiptBy').readonly, 'no receipt yet: the sender may type one in').to.equal(false);
    // The receiving DSL confirms on the hub while the sending DSL's form is open on the older version.
    const receipt = {
      receiptConfirmedAt: '2026-09-04T10:00:00.000Z',
      receiptConfirmedBy: 'Rae Sieve (Brookfield Academy)',
      receiptConfirmedByReceiver: true,
    };
    const before = hub.handovers.get(h.id)!;
    hub.handovers.set(h.id, {
      ...before,
      version: before.version + 1,
      safeguarding: { ...before.safeguarding!, transfer: { method: 'secure-email', ...receipt } },
    });
    const conflicts: CustomEvent[] = [];
    dsl.addEventListener('c2c-handover-conflict', (e) => conflicts.push(e as CustomEvent));
    await type(dsl, 'sg.sentBy', 'Dee Ess');
    await dsl.sync();
    await until(() => hub.handovers.get(h.id)!.safeguarding!.transfer!.sentBy === 'Dee Ess');
    expect(conflicts, 'the confirmation is not a choice to make').to.have.length(0);
    expect(root(dsl).querySelector('.conflict')).to.equal(null);
    expect(hub.handovers.get(h.id)!.safeguarding!.transfer).to.deep.equal({
      method: 'secure-email',
      sentBy: 'Dee Ess',
      ...receipt,
    });
    // The form hears back from the hub a moment after the hub has the save (later still on a busy machine).
    await until(() => field(dsl, 'sg.receiptBy').readonly);
    await field(dsl, 'sg.receiptBy').updateComplete;
    expect(field(dsl, 'sg.receiptBy').readonly).to.equal(true);
    expect(field(dsl, 'sg.receiptAt').readonly).to.equal(true);
    expect(fieldText(dsl, 'sg.receiptBy')).to.contain('Rae Sieve (Brookfield Academy)');
    expect(field(dsl, 'sg.sentBy').readonly, 'the rest of the transfer is still the sender’s').to.equal(false);
  });

  it('shows the safeguarding record to the DSL only; other staff see the notice; parents see two sections', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      safeguardingTransferRequired: true,
      safeguarding: {
        cpFileExists: true,
        dslContacts: [{ name: 'Dee Ess', email: 'dsl@pri-a.example.org', side: 'sending' }],
      },
    });
    const dsl = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-dsl')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(dsl);
    await expect(dsl).to.be.accessible();
    expect(field(dsl, 'sg.cpFileExists')).to.exist;
    expect(inputOf(dsl, 'sg.sending.name').value).to.equal('Dee Ess');
    await pickOption(dsl, 'sg.method', 'secure-email');
    await type(dsl, 'sg.receiving.name', 'Rae Sieve');
    await type(dsl, 'sg.receiving.email', 'dsl@sec-b.example.org');
    expect(await dsl.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.safeguarding!.transfer!.method).to.equal('secure-email');
    expect(hub.handovers.get(h.id)!.safeguarding!.dslContacts.map((c) => c.side)).to.deep.equal([
      'sending',
      'receiving',
    ]);

    const teacher = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-teacher')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(teacher);
    expect(root(teacher).querySelectorAll('c2c-handover-field[name^="sg."]').length).to.equal(0);
    expect(text(teacher)).to.contain('A separate DSL-to-DSL transfer of the child-protection file is required');
    expect(text(teacher)).not.to.contain('Dee Ess');

    const parent = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-parent')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(parent);
    await expect(parent).to.be.accessible();
    const titles = [...root(parent).querySelectorAll('[part="section-title"]')].map((x) => x.textContent!.trim());
    expect(titles).to.deep.equal(['All about me', 'Family and relationships']);
    expect(root(parent).querySelectorAll('button[type="submit"]').length).to.equal(0);
    expect(text(parent)).not.to.contain('child-protection');
    await type(parent, 'sections.family.family', 'Nan picks her up on Fridays');
    expect(await parent.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.sections.family!.family).to.equal('Nan picks her up on Fridays');
  });

  it('shows the sending school the receiving school’s questions, and sends its reply without a conflict', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, {
      sections: { strengths: { strengths: 'Geography' } },
      messages: [
        {
          id: 'm1',
          authorName: 'Ms Okafor (Year 7 lead)',
          organisationId: 'sec-b',
          at: new Date().toISOString(),
          body: 'Does she take the bus?',
        },
      ],
    });
    const el = await openOnHub(hub, h.id);
    expect(field(el, 'sections.strengths.strengths').readonly, 'the sender still edits').to.equal(false);
    expect(text(el)).to.contain('The receiving school has written to you about this handover.');
    expect(text(el)).to.contain('Does she take the bus?');
    expect(text(el)).to.contain('Ms Okafor (Year 7 lead)');
    await expect(el).to.be.accessible();
    const box = root(el).querySelector<HTMLTextAreaElement>('#question')!;
    const send = root(el).querySelector<HTMLButtonElement>('.send-question')!;
    expect(send.textContent!.trim()).to.equal('Send reply');
    send.focus();
    send.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Enter your reply');
    expect(root(el).activeElement).to.equal(box);
    box.value = 'Yes: the 7.40 from the church.';
    send.click();
    await until(() => hub.handovers.get(h.id)!.messages.length === 2);
    await until(() => text(el).includes('Your reply was sent.'));
    expect(hub.handovers.get(h.id)!.messages[1]).to.include({
      organisationId: 'pri-a',
      body: 'Yes: the 7.40 from the church.',
    });
    expect(text(el)).to.contain('Yes: the 7.40 from the church.');
    // The reply made a new version; the next answer saves straight onto it rather than meeting a conflict.
    const conflicts: Event[] = [];
    el.addEventListener('c2c-handover-conflict', (e) => conflicts.push(e));
    await type(el, 'sections.strengths.strengths', 'Geography and maps');
    await el.sync();
    await until(() => hub.handovers.get(h.id)!.sections.strengths?.strengths === 'Geography and maps');
    expect(hub.count('PATCH', /^\/v1\/handovers\//), 'one save, no 409 and retry').to.equal(1);
    expect(conflicts).to.have.length(0);
  });

  it('lets the receiving DSL confirm the child-protection file arrived, and no one else', async () => {
    const hub = new FakeHub();
    const h = cpFileOnItsWay(hub);
    const lead = await reviewAs(hub, 'tok-receiver', h.id);
    expect(root(lead).querySelector('.confirm-receipt'), 'not for a transition lead').to.equal(null);
    const el = await reviewAs(hub, 'tok-receiver-dsl', h.id);
    await expect(el).to.be.accessible();
    const confirm = root(el).querySelector<HTMLButtonElement>('.confirm-receipt')!;
    expect(confirm.textContent!.trim()).to.equal('Confirm the file has arrived');
    confirm.focus();
    confirm.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Choose how the file arrived');
    const radios = [...root(el).querySelectorAll<HTMLInputElement>('input[name="sg-receipt-method"]')];
    expect(root(el).activeElement).to.equal(radios[0]);
    expect(hub.count('POST', /safeguarding-receipt$/)).to.equal(0);
    radios.find((r) => r.value === 'hand-delivered')!.click();
    confirm.click();
    await until(() => hub.handovers.get(h.id)!.safeguarding?.transfer?.receiptConfirmedAt);
    expect(hub.handovers.get(h.id)!.safeguarding!.transfer!.method).to.equal('hand-delivered');
    await until(() => text(el).includes('You confirmed that the child-protection file has arrived.'));
    await el.updateComplete;
    expect(root(el).querySelector('.confirm-receipt'), 'asked and answered').to.equal(null);
    expect(fieldText(el, 'sg.receiptBy')).to.contain('Test dsl (Secondary B)');
    expect(root(el).activeElement?.id, 'focus carries on from the safeguarding heading').to.equal('s-sg');
  });

  it('prints the receiving DSL a copy of the answers, without the question the button answers', async () => {
    const hub = new FakeHub();
    const h = cpFileOnItsWay(hub);
    const el = await reviewAs(hub, 'tok-receiver-dsl', h.id);
    const shown = (selector: string) => getComputedStyle(root(el).querySelector(selector)!).display !== 'none';
    expect(shown('.sg-receipt'), 'on screen').to.equal(true);
    await emulateMedia({ media: 'print' });
    try {
      // "Has the child-protection file arrived?" and its methods, with no button to answer them, said nothing
      // on paper that "Date receipt was confirmed: Not answered" does not.
      expect(shown('.sg-receipt'), 'on paper').to.equal(false);
      expect(shown('.confirm-receipt')).to.equal(false);
      expect(shown('c2c-handover-field[name="sg.receiptAt"]')).to.equal(true);
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('lets one tab at a time edit a draft, and hands it on with every word when that tab closes', async () => {
    const open = () => openTeacherForm('l-tabs');
    const first = await open();
    await type(first, 'sections.strengths.strengths', 'Typed in the first tab');
    const second = await open();
    await until(() => text(second).includes('open in another tab'));
    expect(root(second).querySelector('form')!.inert, 'the second tab cannot change it').to.equal(true);
    expect(root(second).querySelector('.ctf'), 'nor import a file into it').to.equal(null);
    expect(root(second).querySelector('[part="actions"]'), 'nor offer buttons that do nothing').to.equal(null);
    await expect(second).to.be.accessible();
    expect(text(first)).not.to.contain('open in another tab');
    expect(root(first).querySelector('form')!.inert).to.equal(false);
    // The first tab carries on, then is closed.
    await type(first, 'sections.strengths.strengths', 'Typed in the first tab, and more after the second opened');
    first.remove();
    await until(() => !text(second).includes('open in another tab'));
    await ready(second);
    expect(root(second).querySelector('form')!.inert).to.equal(false);
    expect(inputOf(second, 'sections.strengths.strengths').value).to.equal(
      'Typed in the first tab, and more after the second opened',
    );
    // Another learner's draft is not held up by this one.
    const other = await openTeacherForm('l-other');
    await tick(50);
    expect(text(other)).not.to.contain('open in another tab');
  });

  it('leaves the waiting changes to the tab editing them: a read-only tab sends nothing', async () => {
    const { hub, h, make } = await unsentOnDevice('Typed offline');
    // The first tab opens the waiting changes and keeps them (still offline); the second opens once the hub is back.
    const first = await fixture<C2cHandoverForm>(make());
    await ready(first);
    hub.offline = false;
    const second = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hub.client(undefined, 'second') as unknown as HandoverFormClient}
        handover-id=${h.id}
      ></c2c-handover-form>`,
    );
    await ready(second);
    await until(() => text(second).includes('open in another tab'));
    await tick(200);
    // Before, the second tab sent its copy of them at once, and wrote it back over the first tab's on the device.
    // The first tab may already have sent them itself, on its own retry, now that the hub answers.
    const sentBySecond = () => hub.requests.filter((r) => r.tab === 'second' && r.method === 'PATCH').length;
    expect(sentBySecond(), 'sent by the read-only tab').to.equal(0);
    // The tab that edits sends them (when the connection is back, if it has not yet), once.
    window.dispatchEvent(new Event('online'));
    await until(() => hub.handovers.get(h.id)!.sections.strengths!.strengths === 'Typed offline');
    await tick(200);
    expect(sentBySecond(), 'sent by the read-only tab').to.equal(0);
    expect(hub.count('PATCH', /^\/v1\/handovers\//)).to.equal(1);
    second.remove();
  });

  it('sends a question once when it is sent again after its answer was lost', async () => {
    const { hub, h, el } = await receiving();
    typeInto(el, 'question', 'Does she take the bus?');
    // The hub adds the question, but the connection drops before its answer arrives.
    hub.loseResponses = 1;
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => text(el).includes('That did not work'));
    // Shown under the button that sent it, where someone using the keyboard is, in the error style (GOV.UK's red);
    // the status region at the top still says it, for screen readers only.
    const beside = root(el).querySelector('.send-question + .action-failed')!;
    expect(beside.textContent).to.contain('That did not work');
    expect(getComputedStyle(beside).color).to.equal('rgb(212, 53, 28)');
    const said = () => root(el).querySelector('.live .notice')!.className.split(/\s+/).sort();
    expect(said()).to.deep.equal(['error', 'notice', 'visually-hidden']);
    expect(root(el).querySelector('.live .notice')!.textContent).to.contain('That did not work');
    expect(hub.handovers.get(h.id)!.messages.length).to.equal(1);
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('Does she take the bus?');
    // The receiver sends it again: the hub recognises the request and answers as before, adding nothing.
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => text(el).includes('Your question was sent.'));
    await el.updateComplete;
    expect(said()).to.deep.equal(['notice', 'success']);
    expect(root(el).querySelector('.action-failed'), 'the failure goes when it is tried again').to.equal(null);
    expect(hub.handovers.get(h.id)!.messages.map((m) => m.body)).to.deep.equal(['Does she take the bus?']);
    const sends = hub.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(sends.length).to.equal(2);
    expect(sends[0]!.idempotencyKey).to.be.a('string').and.equal(sends[1]!.idempotencyKey);
  });

  it('shows an acknowledgement whose answer was lost, and keeps a note edited since for sending as a message', async () => {
    const { hub, h, el } = await receiving();
    typeInto(el, 'ack-message', 'Thank you, all read.');
    // The hub takes the acknowledgement, and the connection drops before its answer arrives.
    hub.loseResponses = 1;
    const ackButton = () =>
      [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Acknowledge receipt'));
    ackButton()!.click();
    await until(() => text(el).includes('That did not work'));
    expect(hub.handovers.get(h.id)!.status).to.equal('acknowledged');
    // The receiver adds to the note and tries again: the hub has the first note, and says it is acknowledged.
    typeInto(el, 'ack-message', 'Thank you, all read. We will call about the bus.');
    const acked = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-acknowledged', (e) => r(e), { once: true }),
    );
    ackButton()!.click();
    expect((await acked).detail.handover.status).to.equal('acknowledged');
    await until(() => text(el).includes('Receipt acknowledged by'));
    await el.updateComplete;
    expect(text(el)).to.contain('your note was not sent with it');
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal(
      'Thank you, all read. We will call about the bus.',
    );
    expect(hub.handovers.get(h.id)!.messages.map((m) => m.body)).to.deep.equal(['Thank you, all read.']);
    expect(ackButton(), 'no acknowledge button once acknowledged').to.equal(undefined);
    // Sent from there, it reaches the sending school.
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => hub.handovers.get(h.id)!.messages.length === 2);
    expect(hub.handovers.get(h.id)!.messages[1]!.body).to.equal('Thank you, all read. We will call about the bus.');
  });

  it('sends a question pasted with hidden control characters as the hub takes it', async () => {
    const { hub, h, el } = await receiving();
    // As pasted from a slide: a vertical tab for each line break, and a stray bell character.
    typeInto(el, 'question', 'Does she take the bus?\vWho meets her?\u0007');
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => hub.handovers.get(h.id)!.messages.length === 1);
    expect(hub.handovers.get(h.id)!.messages[0]!.body).to.equal('Does she take the bus?\nWho meets her?');
    // Sent, so gone from the box: before, the box kept it (its text was not the same as what went), inviting a
    // second send that the hub would take as a new message.
    await until(() => root(el).querySelector('.live')!.textContent!.includes('sent'));
    await el.updateComplete;
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('');
  });

  it('keeps a question and an acknowledgement note typed in review mode until they are sent', async () => {
    const { hub, h, el: first } = await receiving();
    let el = first;
    typeInto(el, 'question', 'Does she take the bus?');
    typeInto(el, 'ack-message', 'Thank you, all read.');
    // The tab closes (or crashes) before anything is sent; the form opens again.
    await closeTab(el);
    el = await reviewAs(hub, 'tok-receiver', h.id);
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('Does she take the bus?');
    expect(root(el).querySelector<HTMLTextAreaElement>('#ack-message')!.value).to.equal('Thank you, all read.');
    // Someone else signed in on the same computer does not see them.
    const other = await reviewAs(hub, 'tok-receiver-dsl', h.id);
    expect(root(other).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('');
    other.remove();
    // Words added while the question is on its way stay in the box, and on the device.
    const release = holdWrites(hub);
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await tick(20);
    typeInto(el, 'question', 'Does she take the bus? And who meets her?');
    release();
    await until(() => hub.handovers.get(h.id)!.messages.length === 1);
    expect(hub.handovers.get(h.id)!.messages[0]!.body).to.equal('Does she take the bus?');
    await until(() => text(el).includes('Your question was sent.'));
    await el.updateComplete;
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('And who meets her?');
    await closeTab(el);
    el = await reviewAs(hub, 'tok-receiver', h.id);
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal('And who meets her?');
    // The note goes with the acknowledgement, and is then gone from the device.
    typeInto(el, 'question', '');
    const ack = [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Acknowledge receipt'))!;
    ack.click();
    await until(() => hub.handovers.get(h.id)!.status === 'acknowledged');
    expect(hub.handovers.get(h.id)!.messages.at(-1)!.body).to.equal('Thank you, all read.');
    // The hub has it a moment before the form hears back: the note goes from the device then, not before.
    const notes = () => Object.keys(localStorage).filter((k) => k.startsWith('c2c-handover-form|message|'));
    await until(() => text(el).includes('Receipt acknowledged by'));
    expect(notes()).to.deep.equal([]);
  });

  it('review mode is read-only, acknowledges receipt and sends questions back', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, {
      sections: { 'pupil-voice': { 'all-about-me': 'I like maps' }, strengths: { strengths: 'Geography' } },
    });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    await expect(el).to.be.accessible();
    expect(field(el, 'sections.pupil-voice.all-about-me').readonly).to.equal(true);
    expect(
      field(el, 'sections.pupil-voice.all-about-me').shadowRoot!.querySelectorAll('input, textarea').length,
    ).to.equal(0);
    expect(fieldText(el, 'sections.pupil-voice.all-about-me')).to.contain('I like maps');
    // Dates as people write them, not as stored.
    const born = new Date(`${hub.firstLearner.dateOfBirth}T12:00:00Z`);
    const words = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(born);
    expect(words).to.match(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(fieldText(el, 'learner.dateOfBirth')).to.contain(words);
    expect(root(el).querySelectorAll('button[type="submit"]').length).to.equal(0);
    const acked = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-acknowledged', (e) => r(e), { once: true }),
    );
    const ack = [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Acknowledge receipt'))!;
    ack.focus();
    ack.click();
    expect((await acked).detail.handover.status).to.equal('acknowledged');
    expect(hub.handovers.get(h.id)!.status).to.equal('acknowledged');
    // The button went with the form it sat in: keyboard focus carries on from the confirmation, not the page top.
    await until(() => root(el).activeElement?.id === 'acknowledged');
    await el.updateComplete;
    expect(text(el).split('Receipt acknowledged by').length - 1, 'the confirmation is shown once').to.equal(1);
    // An empty question is named beside the box, GOV.UK style, and nothing is sent.
    const send = root(el).querySelector<HTMLButtonElement>('.send-question')!;
    send.focus();
    send.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Enter your question');
    expect(root(el).activeElement?.id).to.equal('question');
    expect(root(el).querySelector('#question')!.getAttribute('aria-invalid')).to.equal('true');
    expect(hub.count('POST', /\/messages$/)).to.equal(0);
    const question = root(el).querySelector<HTMLTextAreaElement>('#question')!;
    question.value = 'Does she take the bus?';
    send.focus();
    send.click();
    await until(() => hub.handovers.get(h.id)!.messages.length === 1);
    await until(() => text(el).includes('Does she take the bus?'));
    expect(root(el).activeElement, 'focus stays on the button while and after it sends').to.equal(send);
    expect(text(el)).not.to.contain('Enter your question');
    // Receiving staff get the read-only view even without mode="review": only the sender edits.
    const plain = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-receiver')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(plain);
    expect(field(plain, 'sections.strengths.strengths').readonly).to.equal(true);
  });

  it('takes no more changes once the receiving school has acknowledged the handover, from the sender or a parent', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      status: 'acknowledged',
      sections: { 'pupil-voice': { 'all-about-me': 'I like maps.' }, family: { family: 'Nan' } },
    });
    for (const token of ['tok-teacher', 'tok-parent']) {
      const el = await fixture<C2cHandoverForm>(
        html`<c2c-handover-form .client=${hubClient(hub, token)} handover-id=${h.id}></c2c-handover-form>`,
      );
      await ready(el);
      const fields = [...root(el).querySelectorAll<C2cHandoverField>('c2c-handover-field')];
      expect(fields.length, token).to.be.greaterThan(0);
      expect(
        fields.every((f) => f.readonly),
        `${token}: every field read-only`,
      ).to.equal(true);
      expect(root(el).querySelector('.actions'), `${token}: no save or submit`).to.equal(null);
      if (token === 'tok-parent') expect(text(el)).to.contain('The school has received this handover');
      else expect(root(el).querySelector('[part="review"]'), 'the sender still has the messages').to.exist;
      await expect(el).to.be.accessible();
    }
    expect(hub.count('PATCH', /./)).to.equal(0);
  });

  it('lets the sending DSL record the child-protection transfer after acknowledgement, and nothing else', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      status: 'acknowledged',
      sections: { strengths: { strengths: 'Kind.' } },
      safeguardingTransferRequired: true,
      safeguarding: {
        cpFileExists: true,
        dslContacts: [{ name: 'Dana Shah', email: 'dsl@pri-a.example.org', side: 'sending' }],
        transfer: { method: 'secure-email' },
      },
    });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub, 'tok-dsl')} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(el);
    expect(field(el, 'sections.strengths.strengths').readonly, 'answers stay closed').to.equal(true);
    expect(field(el, 'sg.sentBy').readonly, 'the transfer record stays open').to.equal(false);
    await expect(el).to.be.accessible();
    await type(el, 'sg.sentBy', 'Dana Shah');
    expect(await el.sync()).to.equal(true);
    const stored = hub.handovers.get(h.id)!;
    expect(stored.safeguarding!.transfer!.sentBy).to.equal('Dana Shah');
    expect(stored.status).to.equal('acknowledged');
    expect(stored.sections.strengths!.strengths).to.equal('Kind.');
    expect(root(el).querySelector('.save-status')!.textContent).to.contain('Saved to the hub');
  });

  it('counts leaving a field without changing it as no change: nothing is sent or kept as unsent', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const el = await openOnHub(hub, h.id);
    inputOf(el, 'sections.strengths.strengths').dispatchEvent(new Event('change', { bubbles: true }));
    expect(await el.sync()).to.equal(true);
    expect(hub.count('PATCH', /./)).to.equal(0);
    await type(el, 'sections.strengths.strengths', 'Kind and funny.');
    expect(await el.sync()).to.equal(true);
    expect(hub.count('PATCH', /./)).to.equal(1);
  });

  it('says in its status region what "Save draft" did, until the next change', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const el = await openOnHub(hub, h.id);
    const live = () => root(el).querySelector('.live[role="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
    await type(el, 'sections.strengths.strengths', 'Kind and funny.');
    // The header's save status is no live region (autosave changes it at every pause) and is far above the button.
    buttonIn(el, 'Save draft')!.click();
    await until(() => live() !== '');
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Kind and funny.');
    expect(live()).to.match(/^Saved on this device at \d\d:\d\d\. Saved to the hub at \d\d:\d\d\.$/);
    expect(live()).to.equal(root(el).querySelector('.save-status')!.textContent!.trim());
    await type(el, 'sections.strengths.strengths', 'Kind, funny and brave.');
    await el.updateComplete;
    expect(live(), 'out of date once the answers change').to.equal('');
  });

  it('says what the hub refused in Welsh on a Welsh page, not in the hub’s English', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Caredig.' } } });
    const wrap = await fixture<HTMLElement>(
      html`<div lang="cy">
        <c2c-handover-form .client=${hubClient(hub)} handover-id=${h.id}></c2c-handover-form>
      </div>`,
    );
    const el = wrap.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    await ready(el);
    // The receiving school acknowledges it while this page is open, so the hub refuses the next save.
    hub.handovers.get(h.id)!.status = 'acknowledged';
    await type(el, 'sections.strengths.strengths', 'Caredig a doniol.');
    expect(await el.sync()).to.equal(false);
    await el.updateComplete;
    const notice = root(el).querySelector('.notice.hub-error')!.textContent!;
    // The form reads why (the hub's copy is acknowledged) and says so in its own Welsh, closed as a reload would be.
    expect(notice).to.contain(
      'Cydnabu’r ysgol sy’n derbyn y trosglwyddiad hwn cyn i’ch newidiadau diwethaf gael eu cadw',
    );
    expect(notice).not.to.contain('acknowledged');
    expect(root(el).querySelector('.tag')!.textContent!.trim()).to.equal('Wedi’i gydnabod');
    expect(field(el, 'sections.strengths.strengths').shadowRoot!.querySelector('textarea')).to.equal(null);
    expect(fieldText(el, 'sections.strengths.strengths')).to.contain('Caredig a doniol.');
  });

  /** A teacher's form for `learnerId` inside a host page's own `<form>`, ready. */
  async function inHostForm(learnerId: string) {
    const host = await fixture<HTMLFormElement>(
      html`<form>
        <c2c-handover-form learner-id=${learnerId} transition="y6-to-y7" user-role="teacher"></c2c-handover-form>
      </form>`,
    );
    const el = host.querySelector('c2c-handover-form')!;
    await ready(el);
    return { host, el };
  }

  it('takes part in a host page’s own <form>', async () => {
    const { host, el } = await inHostForm('lrn-1');
    await type(el, 'sections.pupil-voice.all-about-me', 'Swimming');
    await pickOption(el, 'sections.send.plans', 'ehcp');
    await pickOption(el, 'sections.send.plans', 'salt');
    await pickOption(el, 'sections.family.young-carer', 'yes');
    const data = new FormData(host);
    expect(data.get('sections.pupil-voice.all-about-me')).to.equal('Swimming');
    expect(data.getAll('sections.send.plans')).to.deep.equal(['ehcp', 'salt']);
    expect(data.get('sections.family.young-carer')).to.equal('yes');
    host.reset();
    await el.updateComplete;
    expect(new FormData(host).get('sections.pupil-voice.all-about-me')).to.equal(null);
  });

  it('keeps a host page’s <form> validity in step with the errors shown', async () => {
    const { host, el } = await inHostForm('lrn-validity');
    await type(el, 'learner.upn', 'NOT A UPN');
    await el.updateComplete;
    expect(fieldText(el, 'learner.upn'), 'the error beside the field').to.contain('Error');
    // Before, the host form was told of an error one change late: still valid here.
    expect(host.checkValidity(), 'the error shown blocks the host form').to.equal(false);
    await type(el, 'learner.upn', 'B801200005001');
    await el.updateComplete;
    expect(fieldText(el, 'learner.upn')).not.to.contain('Error');
    // ... and here still invalid, with the old message, after the person had fixed it.
    expect(host.checkValidity(), 'fixed, so the host form may be sent').to.equal(true);
  });

  it('speaks Welsh on a Welsh page', async () => {
    const wrap = await fixture<HTMLDivElement>(
      html`<div lang="cy">
        <c2c-handover-form learner-id="lrn-1" transition="y6-to-y7" user-role="dsl"></c2c-handover-form>
      </div>`,
    );
    const el = wrap.querySelector('c2c-handover-form')!;
    await ready(el);
    await expect(el).to.be.accessible();
    expect(text(el)).to.contain('Manylion y dysgwr');
    expect(text(el)).to.contain('Diogelu');
    expect(root(el).querySelector('button[type="submit"]')!.textContent!.trim()).to.equal('Cyflwyno’r trosglwyddiad');
    expect(field(el, 'sections.strengths.strengths').label).to.equal('Beth mae’r plentyn hwn yn dda am ei wneud?');
    await el.submit();
    await el.updateComplete;
    expect(root(el).querySelector('.error-summary h2')!.textContent).to.equal('Mae problem wedi codi');
    await type(el, 'learner.upn', 'B80', false);
    await tick(350);
    expect(field(el, 'learner.upn').error).to.equal('Mae gan UPN 13 nod; mae gan yr un hwn 3.');
  });

  it('fills learner details from a Common Transfer File and says what it could not read', async () => {
    const el = await openTeacherForm('lrn-1');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion><DateTime>2026-07-01T10:00:00</DateTime><DocumentQualifier>full</DocumentQualifier><SupplierID>TEST</SupplierID>
<SourceSchool><LEA>801</LEA><Estab>2000</Estab><SchoolName>Synthetic Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool><DestSchool><LEA>801</LEA><Estab>4000</Estab></DestSchool></Header>
<CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Testington</Surname><Forename>Alex</Forename><DOB>2014-09-27</DOB><Sex>F</Sex><FavouriteColour>blue</FavouriteColour></Pupil></CTFpupilData></CTfile>`;
    const input = root(el).querySelector<HTMLInputElement>('input[type="file"]')!;
    const dt = new DataTransfer();
    dt.items.add(new File([xml], 'pupil.xml', { type: 'text/xml' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => text(el).includes('Filled in from the file'));
    await el.updateComplete;
    expect(inputOf(el, 'learner.legalSurname').value).to.equal('Testington');
    expect(inputOf(el, 'learner.upn').value).to.equal('B801200005001');
    const dob = field(el, 'learner.dateOfBirth').shadowRoot!;
    expect(
      ['d', 'm', 'y'].map((p) => dob.querySelector<HTMLInputElement>(`input[data-part="${p}"]`)!.value),
    ).to.deep.equal(['27', '09', '2014']);
    const unread = [...root(el).querySelectorAll('.ctf-unread li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(unread).to.deep.equal(['FavouriteColour: not used by this form']);
    await expect(el).to.be.accessible();
  });

  it('says what a CTF filled and could not read in Welsh on a Welsh page', async () => {
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        lang="cy"
        learner-id="lrn-1"
        transition="y6-to-y7"
        user-role="teacher"
      ></c2c-handover-form>`,
    );
    await ready(el);
    const importFile = async (xml: string) => {
      const input = root(el).querySelector<HTMLInputElement>('input[type="file"]')!;
      const dt = new DataTransfer();
      dt.items.add(new File([xml], 'pupil.xml', { type: 'text/xml' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const result = () => root(el).querySelector('.ctf-result')!.textContent!.replace(/\s+/g, ' ').trim();
      await el.updateComplete;
      await until(() => result() && !result().includes('Wrthi’n darllen'));
      return result();
    };
    const said = await importFile(`<?xml version="1.0" encoding="UTF-8"?>
<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion><DateTime>2026-07-01T10:00:00</DateTime><DocumentQualifier>full</DocumentQualifier><SupplierID>TEST</SupplierID>
<SourceSchool><LEA>801</LEA><Estab>2000</Estab><SchoolName>Synthetic Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool><DestSchool><LEA>801</LEA><Estab>4000</Estab></DestSchool></Header>
<CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Testington</Surname><Forename>Alex</Forename><DOB>2014-09-27</DOB><Sex>X</Sex><FavouriteColour>blue</FavouriteColour></Pupil></CTFpupilData></CTfile>`);
    expect(said).to.match(
      /^Wedi’u llenwi o’r ffeil: Enw cyntaf cyfreithiol, Cyfenw cyfreithiol, Dyddiad geni a Rhif disgybl unigryw \(UPN\)\./,
    );
    expect(said).not.to.match(/\band\b/);
    const unread = [...root(el).querySelectorAll('.ctf-unread li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(unread).to.have.members([
      'Sex: nid oedd modd ei ddarllen, felly ni chafodd ei lenwi',
      'FavouriteColour: nid yw’r ffurflen hon yn ei ddefnyddio',
    ]);
    expect(await importFile('<?xml version="1.0"?><Invoice><Total>3</Total></Invoice>')).to.equal(
      'Nid oedd modd darllen y ffeil hon fel CTF. Ffeil XML yw hon, ond nid Ffeil Trosglwyddo Gyffredin.',
    );
    await expect(el).to.be.accessible();
  });

  it('can be completed with the keyboard alone', async () => {
    const hub = new FakeHub();
    const el = await newHandoverFor(hub);
    await ready(el);
    const deepActive = () => {
      let a: Element | null = document.activeElement;
      const chain: Element[] = [];
      while (a) {
        chain.push(a);
        a = a.shadowRoot?.activeElement ?? null;
      }
      return chain;
    };
    async function tabTo(match: (chain: Element[]) => boolean) {
      for (let i = 0; i < 200; i++) {
        await sendKeys({ press: 'Tab' });
        if (match(deepActive())) return;
      }
      throw new Error('never reached by Tab');
    }
    const inField = (path: string) => (chain: Element[]) =>
      chain.some((x) => x.getAttribute('name') === path && x.tagName === 'C2C-HANDOVER-FIELD');
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo(inField('sections.pupil-voice.all-about-me'));
    await sendKeys({ type: 'I like chess' });
    await tabTo(inField('sections.strengths.strengths'));
    await sendKeys({ type: 'Patient' });
    await tabTo(inField('sections.how-i-learn.rag'));
    await sendKeys({ press: 'Space' });
    await tabTo((c) => c.at(-1)?.getAttribute('type') === 'submit');
    const submitted = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-submitted', (e) => r(e), { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const e = await submitted;
    expect(e.detail.handover.sections['pupil-voice']!['all-about-me']).to.equal('I like chess');
    expect(e.detail.handover.sections['how-i-learn']!.rag).to.equal('green');
  });

  it('opens 30 learners one after another without piling up listeners, timers or memory', async () => {
    const hub = new FakeHub(30);
    const client = hubClient(hub);
    const learners = [...hub.learners.values()];
    let online = 0;
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    window.addEventListener = ((
      t: string,
      l: EventListenerOrEventListenerObject,
      o?: boolean | AddEventListenerOptions,
    ) => {
      if (t === 'online' || t === 'pagehide') online++;
      add(t, l, o);
    }) as typeof window.addEventListener;
    window.removeEventListener = ((
      t: string,
      l: EventListenerOrEventListenerObject,
      o?: boolean | EventListenerOptions,
    ) => {
      if (t === 'online' || t === 'pagehide') online--;
      remove(t, l, o);
    }) as typeof window.removeEventListener;
    // Every form removed should be garbage once it has let go of the page: a timer, a listener, a lock or a
    // promise still holding one keeps it, its fields and its learner's answers alive. The config gives tests gc().
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('Run the browser tests with --js-flags=--expose-gc (web-test-runner.config.mjs).');
    const removed: WeakRef<Element>[] = [];
    try {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      for (const [i, l] of learners.entries()) {
        const el = document.createElement('c2c-handover-form');
        el.client = client;
        el.learnerId = l.id;
        el.transition = 'y6-to-y7';
        host.replaceChildren(el);
        await ready(el);
        await type(el, 'sections.strengths.strengths', `Learner ${i}`);
        await el.saveNow();
        await closeTab(el);
        expect(online, `listeners after learner ${i}`).to.equal(0);
        removed.push(new WeakRef(el));
      }
    } finally {
      window.addEventListener = add;
      window.removeEventListener = remove;
    }
    // A WeakRef's target lives to the end of the task that last read it, and work a form started before it was
    // removed (its last save, its lock's release, the 100 ms timer for its rest) holds it until that work ends.
    // Runs show all but one collected within about a second; the one is the last form, which the test page keeps
    // (the bench page, which does not type through the test runner, keeps none). With both cores busy, a form's
    // last write can take more than 6 s, so up to 3 may be left; a form kept by a listener, lock or timer it never
    // lets go of keeps all 30.
    const held = () => removed.flatMap((r, i) => (r.deref() ? [i] : []));
    for (let round = 0; round < 40 && held().length > 1; round++) {
      await tick(150);
      gc();
    }
    expect(held().length, `removed forms still held in memory: ${held().join(', ')}`).to.be.at.most(3);
  });
});

type Story = { render: () => unknown; play?: (ctx: { canvasElement: HTMLElement }) => Promise<void> };

/** Every documented example is also checked by axe, as GOV.UK Frontend checks every example. */
describe('handover form stories', () => {
  before(async () => {
    await clearDrafts();
  });
  for (const [name, story] of Object.entries(stories) as Array<[string, Story | unknown]>) {
    if (name === 'default' || typeof (story as Story).render !== 'function') continue;
    it(`${name} renders accessibly`, async () => {
      const s = story as Story;
      const wrapper = await fixture<HTMLDivElement>(html`<div>${s.render()}</div>`);
      const forms = [...wrapper.querySelectorAll('c2c-handover-form')];
      await until(() => forms.every((f) => f.shadowRoot?.querySelector('form')));
      if (s.play) await s.play({ canvasElement: wrapper });
      await Promise.all(forms.map((f) => f.updateComplete));
      await expect(wrapper).to.be.accessible();
      expect(forms.every((f) => f.shadowRoot!.querySelector('form'))).to.equal(true);
      if (name === 'Conflict') expect(forms[0]!.shadowRoot!.querySelectorAll('.conflict').length).to.equal(1);
      if (name === 'ErrorSummary')
        expect(forms[0]!.shadowRoot!.querySelectorAll('.error-summary a').length).to.be.greaterThan(0);
      if (name === 'ErrorOffline') expect(forms[0]!.shadowRoot!.textContent).to.contain('The hub cannot be reached');
      if (name === 'ErrorBlockedByPage')
        expect(forms[0]!.shadowRoot!.textContent).to.contain('This website is not set up to reach the hub');
      if (name === 'ErrorNotSubmitted')
        expect(forms[0]!.shadowRoot!.textContent).to.contain('This handover has not been submitted.');
      if (name === 'ErrorReceiverNotAllowed')
        expect(forms[0]!.shadowRoot!.textContent).to.contain('The receiving school or setting chosen cannot take');
    });
  }
});

// The pure parts, tested alone: the merge, the safeguarding mapping and the field checks.
const state = (sections: DraftState['sections'], learner: DraftState['learner'] = {}): DraftState => ({
  ...emptyState(null),
  sections,
  learner,
});
const t = (key: keyof typeof strings.en, values: Record<string, string | number> = {}) => {
  const m = strings.en[key];
  return typeof m === 'function' ? m(values) : m;
};

describe('three-way merge', () => {
  it('takes their changes, keeps mine, and asks only where both changed the same answer differently', () => {
    const base = state({ strengths: { strengths: 'A' }, family: { family: 'F' } }, { upn: 'X' });
    const mine = state(
      { strengths: { strengths: 'mine' }, family: { family: 'F' }, medical: { medical: 'inhaler' } },
      { upn: 'X' },
    );
    const theirs = state({ strengths: { strengths: 'theirs' }, family: { family: 'their family' } }, { upn: 'Y' });
    const { merged, conflicts } = merge(base, mine, theirs);
    expect(conflicts.map((c) => c.path)).to.deep.equal(['sections.strengths.strengths']);
    expect(conflicts[0]).to.include({ mine: 'mine', theirs: 'theirs' });
    expect(getAt(merged, 'sections.family.family')).to.equal('their family');
    expect(getAt(merged, 'sections.medical.medical')).to.equal('inhaler');
    expect(getAt(merged, 'learner.upn')).to.equal('Y');
  });

  it('sees no conflict when both wrote the same words', () => {
    const base = state({});
    const { conflicts } = merge(
      base,
      state({ strengths: { strengths: 'same' } }),
      state({ strengths: { strengths: 'same' } }),
    );
    expect(conflicts).to.deep.equal([]);
  });

  it('treats a removed answer as a change', () => {
    const base = state({ strengths: { strengths: 'A' } });
    const { merged, conflicts } = merge(base, state({}), state({ strengths: { strengths: 'A' } }));
    expect(conflicts).to.deep.equal([]);
    expect(getAt(merged, 'sections.strengths.strengths')).to.equal(undefined);
  });

  it('drops empty answers and empty sections', () => {
    const s = state({});
    setAt(s, 'sections.send.plans', ['ehcp']);
    setAt(s, 'sections.send.plans', []);
    expect(s.sections).to.deep.equal({});
  });
});

describe('safeguarding fields', () => {
  it('build a record in the schema’s shape, one contact per side', () => {
    const s = emptyState(null);
    writeSafeguarding(s, 'sg.cpFileExists', true);
    writeSafeguarding(s, 'sg.sending.name', 'Dee');
    writeSafeguarding(s, 'sg.sending.email', 'dee@example.org');
    writeSafeguarding(s, 'sg.method', 'secure-email');
    writeSafeguarding(s, 'sg.sentAt', '2026-07-01');
    expect(validate(SafeguardingSchema, s.safeguarding).ok).to.equal(true);
    expect(readSafeguarding(s, 'sg.sentAt')).to.equal('2026-07-01');
    // A half-typed day waits on this device and reads back as typed (the schema refuses it, so it is not sent).
    writeSafeguarding(s, 'sg.sentAt', '2026-7-');
    expect(readSafeguarding(s, 'sg.sentAt')).to.equal('2026-7-');
    expect(validate(SafeguardingSchema, s.safeguarding).ok).to.equal(false);
    writeSafeguarding(s, 'sg.sentAt', '2026-07-01');
    writeSafeguarding(s, 'sg.sending.name', '');
    writeSafeguarding(s, 'sg.sending.email', '');
    expect(s.safeguarding!.dslContacts).to.deep.equal([]);
  });
});

describe('field checks', () => {
  it('use the template’s rules through checkAnswers, in the page’s words', () => {
    const section = STANDARD_TEMPLATES['y6-to-y7'].sections.find((s) => s.id === 'attendance')!;
    const spec = questionSpec('attendance', section.questions[0]!, 'en');
    expect(checkField(spec, 'ninety', t, { requiredNow: false })).to.equal(
      '“Attendance this year (%)” must be a number, like 96.',
    );
    expect(checkField(spec, 96, t, { requiredNow: false })).to.equal('');
    const upn = learnerSpecs(t).find((s) => s.path === 'learner.upn')!;
    expect(checkField(upn, 'B801200005001', t, { requiredNow: true })).to.equal('');
    expect(checkField(upn, 'b8012 0000 5001', t, { requiredNow: true })).to.equal('');
    const dob = learnerSpecs(t).find((s) => s.path === 'learner.dateOfBirth')!;
    expect(checkField(dob, '2014-02-30', t, { requiredNow: true })).to.equal(strings.en.invalidDate);
    expect(checkField(dob, '2014-9-', t, { requiredNow: true })).to.equal(strings.en.invalidDate);
    expect(checkField(dob, '2016-02-29', t, { requiredNow: true })).to.equal('');
    const sentAt = safeguardingSpecs(t).transfer.find((s) => s.path === 'sg.sentAt')!;
    expect(checkField(sentAt, '2026-13-01', t, { requiredNow: false })).to.equal(strings.en.invalidDate);
    expect(checkField(dob, '', t, { requiredNow: true })).to.equal('Answer “Date of birth”.');
    expect(checkField(dob, '', t, { requiredNow: false })).to.equal('');
  });
});

describe('copies kept on this device', () => {
  const drafts = createStore('c2c-handover-form', 'drafts');
  const DAY = 86_400_000;
  const record = (key: string, daysAgo: number, patch: Partial<LocalRecord> = {}): LocalRecord => {
    const at = new Date(Date.now() - daysAgo * DAY).toISOString();
    return {
      key,
      handoverId: `hnd-${key}`,
      version: 2,
      status: 'draft',
      learnerId: 'lrn-1',
      transition: 'y6-to-y7',
      templateId: 'std-y6-to-y7',
      state: emptyState(null),
      changedAt: at,
      savedLocallyAt: at,
      savedToHubAt: at,
      createKey: 'k',
      pending: { save: false },
      ...patch,
    };
  };
  /**
   * The keys of this group's own copies, which it names by hand ('old-synced'): test files run side by side in pages
   * of one origin, and a form in another file's page may save a draft (a real key, `role:teacher|learner|…`) into the
   * same store at any moment, between this group's clearing and its checks.
   */
  const ownKeys = async () => (await keys(drafts)).map(String).filter((k) => !k.includes('|'));
  const seed = async () => {
    for (const r of [
      record('old-synced', 40),
      record('new-synced', 2),
      record('old-unsent', 40, { pending: { save: true } }),
      record('old-queued', 40, { pending: { save: false, submit: { idempotencyKey: 'i', queuedAt: 'x' } } }),
      record('old-never-on-hub', 40, { handoverId: undefined }),
    ])
      await set(r.key, r, drafts);
    await set('pointer-to-old', { movedTo: 'old-synced' }, drafts);
    await set('pointer-to-new', { movedTo: 'new-synced' }, drafts);
  };

  it('forgets copies the hub has that are older than asked, and never unsent work', async () => {
    await seed();
    const { C2cHandoverForm: Form } = await import('./handover-form.js');
    expect(await Form.forgetDeviceCopies({ olderThanDays: 30 })).to.equal(2);
    expect((await ownKeys()).sort()).to.deep.equal([
      'new-synced',
      'old-never-on-hub',
      'old-queued',
      'old-unsent',
      'pointer-to-new',
    ]);
    // At sign-out on a shared computer: every copy the hub has goes, unsent work still stays.
    expect(await Form.forgetDeviceCopies()).to.equal(2);
    expect((await ownKeys()).sort()).to.deep.equal(['old-never-on-hub', 'old-queued', 'old-unsent']);
  });

  it('does not forget a copy saved again while the sweep was reading', async () => {
    await seed();
    const { C2cHandoverForm: Form } = await import('./handover-form.js');
    // Another tab reopens the 40-day-old handover and saves it, just as this page's sweep starts.
    const sweep = Form.forgetDeviceCopies({ olderThanDays: 30 });
    const resaved = record('old-synced', 0);
    resaved.state.sections.strengths = { strengths: 'Typed today' };
    await writeRecord(resaved);
    await sweep;
    const kept = await get<LocalRecord>('old-synced', drafts);
    expect(kept?.state.sections.strengths?.strengths, 'the copy saved today').to.equal('Typed today');
  });

  it('moves a copy stashed as the page went away into IndexedDB when it is newer, and drops it either way', async () => {
    const kept = record('k-newer', 1);
    await set(kept.key, kept, drafts);
    const stashed = record('k-newer', 0, { pending: { save: true } });
    stashed.state.sections.strengths = { strengths: 'Typed just before the reload' };
    localStorage.setItem(STASH + 'k-newer', JSON.stringify(stashed));
    const stale = record('k-older', 3);
    await set('k-older', record('k-older', 1), drafts);
    localStorage.setItem(STASH + 'k-older', JSON.stringify(stale));

    expect((await readRecord('k-newer'))?.state.sections.strengths).to.deep.equal({
      strengths: 'Typed just before the reload',
    });
    expect((await get<LocalRecord>('k-newer', drafts))?.pending.save).to.equal(true);
    expect((await readRecord('k-older'))?.changedAt).to.equal((await get<LocalRecord>('k-older', drafts))?.changedAt);
    expect(localStorage.getItem(STASH + 'k-newer')).to.equal(null);
    expect(localStorage.getItem(STASH + 'k-older')).to.equal(null);
  });

  it('finds a stash under the key a learner pointer leads to, and a stash where nothing was saved yet', async () => {
    await set('pointer', { movedTo: 'k-moved' }, drafts);
    await set('k-moved', record('k-moved', 2), drafts);
    localStorage.setItem(STASH + 'k-moved', JSON.stringify(record('k-moved', 0, { version: 7 })));
    localStorage.setItem(STASH + 'k-unsaved', JSON.stringify(record('k-unsaved', 0, { version: 9 })));
    expect((await readRecord('pointer'))?.version).to.equal(7);
    expect((await readRecord('k-unsaved'))?.version).to.equal(9);
    expect((await get<LocalRecord>('k-unsaved', drafts))?.version).to.equal(9);
  });

  it('keeps a stash that is newer than a write, and drops one the write catches up with', async () => {
    localStorage.setItem(STASH + 'k', JSON.stringify(record('k', 0)));
    await writeRecord(record('k', 1));
    expect(localStorage.getItem(STASH + 'k')).not.to.equal(null);
    await writeRecord(record('k', 0, { changedAt: new Date(Date.now() + 1000).toISOString() }));
    expect(localStorage.getItem(STASH + 'k')).to.equal(null);
  });

  it('stashes unsaved typing when the page is hidden by a reload, and nothing once it is saved', async () => {
    const el = await openTeacherForm('lrn-1');
    const stashes = () => Object.keys(localStorage).filter((k) => k.startsWith(STASH));
    await type(el, 'sections.strengths.strengths', 'Last words before F5');
    // A reload: pagehide while the page is still visible, inside the autosave's debounce.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(stashes()).to.have.length(1);
    const stash = JSON.parse(localStorage.getItem(stashes()[0]!)!) as LocalRecord;
    expect(stash.state.sections.strengths?.strengths).to.equal('Last words before F5');
    // This page lived on (as after a cancelled navigation): IndexedDB got the words, and the stash went.
    await until(() => stashes().length === 0);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(stashes()).to.deep.equal([]);
  });

  it('empties localStorage of stashes when forgetting copies: newer ones into IndexedDB, stale ones away', async () => {
    await set('k-stale', record('k-stale', 1), drafts);
    localStorage.setItem(STASH + 'k-stale', JSON.stringify(record('k-stale', 5)));
    localStorage.setItem(STASH + 'k-left', JSON.stringify(record('k-left', 0, { pending: { save: true } })));
    const { C2cHandoverForm: Form } = await import('./handover-form.js');
    await Form.forgetDeviceCopies();
    expect(Object.keys(localStorage).filter((k) => k.startsWith(STASH))).to.deep.equal([]);
    // The unsent one is someone's work: it is kept, now in IndexedDB; the stale stash's record is synced, so goes.
    expect(await ownKeys()).to.deep.equal(['k-left']);
  });

  it('never stashes a record still waiting for the draft it is to be filled from', async () => {
    const host = {
      addController() {},
      removeController() {},
      requestUpdate() {},
      updateComplete: Promise.resolve(true),
    };
    const empty = record('k-held', 0);
    const saver = new AutosaveController(
      host,
      () => empty,
      () => undefined,
    );
    saver.hostConnected();
    try {
      let release = () => {};
      saver.hold(empty, new Promise<void>((r) => (release = r)));
      saver.schedule();
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      // The empty record would otherwise be newer than the draft on this device and win over it on the next read.
      expect(localStorage.getItem(STASH + 'k-held')).to.equal(null);
      release();
      await tick();
      saver.schedule();
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      expect(localStorage.getItem(STASH + 'k-held')).not.to.equal(null);
    } finally {
      saver.hostDisconnected();
    }
  });

  it('applies device-retention-days when a form opens, once the page is idle after its first render', async () => {
    await seed();
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        learner-id="lrn-1"
        transition="y6-to-y7"
        user-role="teacher"
        device-retention-days="1"
      ></c2c-handover-form>`,
    );
    await ready(el);
    let left = await keys(drafts);
    for (const end = Date.now() + 5000; left.includes('new-synced') && Date.now() < end; left = await keys(drafts))
      await tick(20);
    expect(left).not.to.include('new-synced');
    expect(left).to.include.members(['old-unsent', 'old-queued', 'old-never-on-hub']);
    expect(left).not.to.include.members(['old-synced', 'pointer-to-old', 'pointer-to-new']);
  });
});

describe('words typed at awkward moments', () => {
  it('keeps what was typed while the conflict panel was open when the choice is saved', async () => {
    const { hub, h, b } = await bothChangeStrengths('Friends from A');
    expect(await b.sync()).to.equal(false);
    await until(() => root(b).querySelector('.conflict'));
    // The panel is open, and the rest of the form still takes typing: B carries on with other answers, one of
    // which A changed too.
    await type(b, 'sections.medical.medical', 'Typed while the choice waited');
    await type(b, 'sections.friendships.friends', 'Friends from B');
    await b.saveNow();
    root(b).querySelector<HTMLButtonElement>('.conflict-save')!.click();
    // That one is a new choice to make, not a silent overwrite of A's words.
    await until(() => root(b).querySelectorAll('.conflict-field').length === 2);
    expect(hub.handovers.get(h.id)!.sections.friendships!.friends).to.equal('Friends from A');
    root(b).querySelector<HTMLButtonElement>('.conflict-save')!.click();
    await until(() => !root(b).querySelector('.conflict'));
    await b.sync();
    expect(b.value!.sections.medical?.medical).to.equal('Typed while the choice waited');
    expect(inputOf(b, 'sections.medical.medical').value).to.equal('Typed while the choice waited');
    expect(hub.handovers.get(h.id)!.sections.medical?.medical).to.equal('Typed while the choice waited');
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Version from B');
    expect(hub.handovers.get(h.id)!.sections.friendships!.friends).to.equal('Friends from B');
  });
  it('shows a submission the hub refused, keeps the answers, and does not send it again after a reload', async () => {
    const hub = new FakeHub();
    const { h, make } = submittable(hub);
    let el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    hub.refuseSubmit = true;
    expect(await el.submit()).to.equal(undefined);
    await until(() => !!root(el).querySelector('.notice.hub-error'));
    expect(text(el)).to.contain('The hub does not take this handover yet.');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind.');
    await closeTab(el); // a reload
    hub.refuseSubmit = false;
    el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    await el.sync();
    await tick(100);
    // The teacher submits again once the answers are fixed; a reload alone sends nothing.
    expect(hub.count('POST', /\/submit$/), 'the refused submission is not sent again').to.equal(1);
    expect(hub.handovers.get(h.id)!.status).to.equal('draft');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind.');
    expect(text(el), 'still said after the reload').to.contain('This handover has not been submitted.');
  });

  it('tries a submission again by itself when it is answered “not now” (408, 425), instead of dropping it', async () => {
    for (const status of [408, 425]) {
      const hub = new FakeHub();
      const { h, make } = submittable(hub);
      const el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      hub.submitNotNow = status;
      expect(await el.submit()).to.equal(undefined);
      await el.updateComplete;
      expect(text(el), String(status)).to.contain('will be submitted as soon as it answers');
      expect(text(el), String(status)).not.to.contain('has not been submitted');
      hub.submitNotNow = undefined;
      // The form's own retry, after 2 seconds.
      await until(() => hub.handovers.get(h.id)!.status === 'submitted', 10_000);
      expect(hub.count('POST', /\/submit$/)).to.equal(2);
      const keys = hub.requests.filter((r) => r.path.endsWith('/submit')).map((r) => r.idempotencyKey);
      expect(keys[0], 'the same submission, tried again').to.equal(keys[1]);
      await closeTab(el);
    }
  });

  it('does not send a submission by itself after the hub refused the save before it, once the answer is fixed', async () => {
    const hub = new FakeHub();
    hub.refuseCreate = (body) => body.sections?.strengths?.strengths === 'Kind';
    const el = await newHandoverFor(hub);
    await ready(el);
    await type(el, 'sections.pupil-voice.all-about-me', 'I like maps.');
    await type(el, 'sections.strengths.strengths', 'Kind');
    expect(await el.submit()).to.equal(undefined);
    await until(() => !!root(el).querySelector('.notice.hub-error'));
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    expect(await el.sync()).to.equal(true);
    await until(() => hub.handovers.size === 1);
    await tick(100);
    expect(hub.count('POST', /\/submit$/), 'the teacher submits again, once fixed').to.equal(0);
    expect([...hub.handovers.values()][0]!.status).to.equal('draft');
  });

  it('keeps what was typed while the submission was on its way, on the device and after a reload', async () => {
    const hub = new FakeHub();
    const { h, make } = submittable(hub);
    let el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    const release = holdWrites(hub);
    const submitted = new Promise<CustomEvent>((r) =>
      el.addEventListener('c2c-handover-submitted', (e) => r(e), { once: true }),
    );
    void el.submit();
    // Waited for rather than timed: on a loaded machine the submission can take more than a few ms to go out.
    await until(() => hub.waitingWrites > 0); // the submission is waiting on the network
    // The teacher adds a line while the submission is out.
    await type(el, 'sections.strengths.interests', 'Typed while it was sending');
    await el.saveNow();
    // The submission lands, then the connection drops before that line can follow it.
    release();
    await until(() => hub.count('POST', /\/submit$/) > 0);
    hub.offline = true;
    await submitted;
    await tick(50);
    await el.saveNow();
    const stored = await get<LocalRecord>(`u-teacher|handover|${h.id}`, createStore('c2c-handover-form', 'drafts'));
    expect(stored!.state.sections.strengths?.interests, 'the line is kept on the device').to.equal(
      'Typed while it was sending',
    );
    await closeTab(el); // the tab closes
    hub.offline = false;
    el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    expect(inputOf(el, 'sections.strengths.interests').value).to.equal('Typed while it was sending');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind.');
    // The handover is submitted now: the line waits on this device, said so, until the teacher saves it (the receiving
    // school reads what the hub has, and must not read a half-typed correction).
    expect(text(el)).to.contain('Changes not sent yet');
    expect(hub.handovers.get(h.id)!.sections.strengths?.interests).to.equal(undefined);
    buttonIn(el, 'Save changes')!.click();
    await until(() => hub.handovers.get(h.id)!.sections.strengths?.interests === 'Typed while it was sending');
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Kind.');
    expect(hub.handovers.get(h.id)!.receivingOrganisationId).to.equal('sec-b');
  });
  it('keeps a save that lands after switching to another handover out of the one now on screen', async () => {
    const { hub, h1, h2, el } = await firstOfTwo({
      status: 'submitted',
      sections: { strengths: { strengths: 'First child' } },
      messages: [
        { id: 'm1', authorName: 'Ms Okafor', organisationId: 'sec-b', at: new Date().toISOString(), body: 'Bus?' },
      ],
    });
    /** Opens handover `id` on the same element, as the portal does, and waits for its strengths answer. */
    const switchTo = async (id: string, strengths: string) => {
      el.handoverId = id;
      await until(
        () =>
          field(el, 'sections.strengths.strengths') && inputOf(el, 'sections.strengths.strengths').value === strengths,
      );
    };
    // A save of the first child's handover is on its way when the portal opens the second child on the same element.
    let release = holdWrites(hub);
    await type(el, 'sections.strengths.strengths', 'First child, and kind');
    void el.sync();
    await tick(50);
    await switchTo(h2.id, 'Second child');
    release();
    await until(() => hub.handovers.get(h1.id)!.sections.strengths!.strengths === 'First child, and kind');
    await tick(50);
    await el.updateComplete;
    expect(el.currentHandoverId).to.equal(h2.id);
    expect(text(el), 'the second child is still a draft').to.contain('Draft');
    expect(text(el), 'no messages of the first child').not.to.contain('The receiving school has written to you');

    // Now the first child's save meets someone else's change: the choice belongs to the first child, not the second.
    await switchTo(h1.id, 'First child, and kind');
    release = holdWrites(hub);
    await type(el, 'sections.strengths.strengths', 'First child, kind and funny');
    void el.sync();
    await tick(50);
    Object.assign(hub.handovers.get(h1.id)!, {
      version: hub.handovers.get(h1.id)!.version + 1,
      sections: { strengths: { strengths: 'Changed by a colleague' } },
    });
    await switchTo(h2.id, 'Second child');
    release();
    await until(() => hub.count('PATCH', new RegExp(h1.id)) === 2);
    await tick(100);
    await el.updateComplete;
    expect(root(el).querySelector('.conflict'), 'no panel about the first child on the second').to.equal(null);
    expect(el.value!.sections.strengths!.strengths).to.equal('Second child');
    // The first child's words wait on the device for the choice next time that handover opens.
    const kept = await get<LocalRecord>(`u-teacher|handover|${h1.id}`, createStore('c2c-handover-form', 'drafts'));
    expect(kept!.state.sections.strengths!.strengths).to.equal('First child, kind and funny');
    expect(kept!.pending.save).to.equal(true);
  });
  it('keeps typing on the device when IndexedDB refuses to write, and says so when nothing can keep it', async () => {
    const make = () =>
      html`<c2c-handover-form learner-id="lrn-full" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`;
    const db = IDBDatabase.prototype;
    const transaction = db.transaction;
    // A full disk (or a browser that blocks IndexedDB writes): every write is refused, reads still work.
    db.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return transaction.apply(this, args);
    } as IDBDatabase['transaction'];
    const setItem = Storage.prototype.setItem;
    try {
      let el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      await type(el, 'sections.strengths.strengths', 'Written on a full disk');
      await el.saveNow();
      await closeTab(el); // the tab closes
      el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Written on a full disk');
      expect(root(el).querySelector('.notice.error'), 'kept, so nothing to warn about').to.equal(null);

      // localStorage is full too: the words can only stay on screen, and the form says so.
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      await type(el, 'sections.strengths.interests', 'Nowhere to keep this');
      await el.saveNow();
      await el.updateComplete;
      expect(root(el).querySelector('.notice.error')?.textContent).to.contain(
        'This device could not keep your latest changes',
      );
    } finally {
      db.transaction = transaction;
      Storage.prototype.setItem = setItem;
    }
  });
  it('keeps typing on the device when IndexedDB stops answering writes', async () => {
    const make = () =>
      html`<c2c-handover-form learner-id="lrn-hung" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`;
    let release = () => {};
    try {
      let el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      // A hung IndexedDB (a WebKit fault): a write is accepted and never completes, nor fails.
      release = hangIndexedDbWrites();
      await type(el, 'sections.strengths.strengths', 'Typed while storage hung');
      await el.saveNow(); // before, this never resolved and the form said "Saving…" for ever
      expect(root(el).querySelector('.notice.error'), 'kept in localStorage, so nothing to warn about').to.equal(null);
      await closeTab(el);
      release();
      el = await fixture<C2cHandoverForm>(make());
      await ready(el);
      expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Typed while storage hung');
    } finally {
      release();
      await clearDrafts();
    }
  });
  it('says it is waiting when this device’s storage is slow to read, then fills the draft in', async () => {
    const make = () =>
      html`<c2c-handover-form learner-id="lrn-slow" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`;
    let el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kept from yesterday');
    await el.saveNow();
    await closeTab(el);
    const db = IDBDatabase.prototype;
    const transaction = db.transaction;
    const patience = storagePatience.ms;
    const held: (() => void)[] = [];
    try {
      storagePatience.ms = 200;
      // Reads are held until the test lets them through, as a slow disk or a stuck IndexedDB would.
      db.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
        if (args[1] === 'readwrite') return transaction.apply(this, args);
        const drafts = () => transaction.apply(this, args).objectStore('drafts');
        const objectStore = () => ({
          get(key: IDBValidKey) {
            const request: { result?: unknown; onsuccess?: () => void; onerror?: () => void } = {};
            held.push(() => {
              const real = drafts().get(key);
              real.onsuccess = () => {
                request.result = real.result;
                request.onsuccess?.();
              };
            });
            return request;
          },
        });
        return { objectStore } as unknown as IDBTransaction;
      } as IDBDatabase['transaction'];
      el = await fixture<C2cHandoverForm>(make());
      await until(() => root(el).querySelector('[role="status"] > p.notice'));
      expect(root(el).querySelector('[role="status"] > p.notice')!.textContent).to.contain(
        'Waiting for this browser’s storage',
      );
      expect(root(el).querySelector('.base')!.hasAttribute('inert'), 'no typing over the draft yet').to.equal(true);
      await expect(el).to.be.accessible();
      db.transaction = transaction;
      for (const release of held.splice(0)) release();
      await until(() => !root(el).querySelector('.base')!.hasAttribute('inert'));
      expect(root(el).querySelector('[role="status"] > p.notice'), 'the notice goes with the wait').to.equal(null);
      expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kept from yesterday');
    } finally {
      db.transaction = transaction;
      storagePatience.ms = patience;
      for (const release of held) release();
      await clearDrafts();
    }
  });
  it('clears an answer deleted while the hub was creating the draft, so it does not come back', async () => {
    const hub = new FakeHub();
    const make = () =>
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        learner-id=${hub.firstLearner.id}
        transition="y6-to-y7"
        receiving-organisation-id="sec-b"
      ></c2c-handover-form>`;
    let el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind.');
    await type(el, 'sections.strengths.interests', 'A remark typed about the wrong child');
    const release = holdWrites(hub);
    const first = el.sync();
    await tick(50); // the create is waiting on the network
    // The draft is being created with the remark in it; the teacher deletes the remark meanwhile.
    await type(el, 'sections.strengths.interests', '');
    release();
    await first;
    expect(await el.sync()).to.equal(true);
    const [stored] = [...hub.handovers.values()];
    expect(stored!.sections.strengths?.interests ?? null).to.equal(null);
    expect(stored!.sections.strengths?.strengths).to.equal('Kind.');
    await closeTab(el);
    el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    expect(inputOf(el, 'sections.strengths.interests').value).to.equal('');
  });

  it('clears an answer on the hub when the teacher deletes it, so it does not come back', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      sections: { strengths: { strengths: 'Kind.', interests: 'A remark typed about the wrong child' } },
    });
    const make = () => formFor(hub, h.id);
    let el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    await type(el, 'sections.strengths.interests', '');
    expect(await el.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.sections.strengths?.interests ?? null).to.equal(null);
    await closeTab(el);
    el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    expect(inputOf(el, 'sections.strengths.interests').value).to.equal('');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind.');
  });
});

/*
 * Paths on which a teacher's words could be lost, overwritten silently or given to the wrong learner: each test
 * makes one of them happen (a fault in the network, a learner switched by the host page, a file read while the
 * teacher types) and checks that every word ends up where it belongs. Kept in this file rather than one of their
 * own: test files run side by side in one origin, so another file's forms would share this file's IndexedDB (which
 * its beforeEach empties) and Web Locks (which make a second form for the same learner read-only).
 */
/** A one-pupil CTF for a synthetic child. */
const CTF = `<?xml version="1.0" encoding="UTF-8"?>
<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion><DateTime>2026-07-01T10:00:00</DateTime><DocumentQualifier>full</DocumentQualifier><SupplierID>TEST</SupplierID>
<SourceSchool><LEA>801</LEA><Estab>2000</Estab><SchoolName>Synthetic Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool><DestSchool><LEA>801</LEA><Estab>4000</Estab></DestSchool></Header>
<CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Testington</Surname><Forename>Alex</Forename><DOB>2014-09-27</DOB><Sex>F</Sex></Pupil></CTFpupilData></CTfile>`;

/** A CTF file whose reading finishes only when the test says so (a large file on a slow machine). */
function slowCtf(): { file: File; finish: () => void } {
  let finish!: () => void;
  const read = new Promise<void>((r) => (finish = r));
  class SlowFile extends File {
    override text(): Promise<string> {
      return read.then(() => CTF);
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return read.then(() => new TextEncoder().encode(CTF).buffer as ArrayBuffer);
    }
  }
  return { file: new SlowFile([CTF], 'pupil.xml', { type: 'text/xml' }), finish };
}
/** Drops a file on the form's CTF area, as dragging it from the desktop does. */
function dropFile(el: C2cHandoverForm, file: File): void {
  const drop = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(drop, 'dataTransfer', { value: { files: [file] } });
  root(el).querySelector('.ctf')!.dispatchEvent(drop);
}

describe('<c2c-handover-form> never loses a word', () => {
  it('keeps saving to the hub after a conflict whose fresh copy could not be fetched', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const sdk = hubClient(hub);
    // A client whose conflict answer carries no copy of the hub's version (a hub behind a proxy that drops it, or
    // one that could not read it), and the connection drops just as the form asks for that copy.
    let dropCopy = true;
    const real = sdk.handovers;
    const handovers: HandoverFormClient['handovers'] = {
      get: (...a) => real.get(...a),
      create: (...a) => real.create(...a),
      submit: (...a) => real.submit(...a),
      acknowledge: (...a) => real.acknowledge(...a),
      addMessage: (...a) => real.addMessage(...a),
      update: (...a) => real.update(...a),
    };
    handovers.update = async (...a) => {
      try {
        return await sdk.handovers.update(...a);
      } catch (err) {
        const e = err as { status?: number; currentVersion?: number };
        if (!dropCopy || e.status !== 409) throw err;
        dropCopy = false;
        hub.offline = true;
        throw { name: 'ConflictError', status: 409, code: 'version_conflict', currentVersion: e.currentVersion };
      }
    };
    const client: HandoverFormClient = { me: (o) => sdk.me(o), templates: sdk.templates, handovers };
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${client} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(el);
    // A colleague saves another answer first.
    Object.assign(hub.handovers.get(h.id)!, {
      version: 2,
      sections: { strengths: { strengths: 'Kind.' }, friendships: { friends: 'From a colleague' } },
    });
    await type(el, 'sections.medical.medical', 'Inhaler in the bag');
    expect(await el.sync()).to.equal(false);
    hub.offline = false;
    await type(el, 'sections.strengths.interests', 'Maps and trains');
    await el.sync().catch(() => false);
    await until(() => hub.handovers.get(h.id)!.sections.strengths?.interests === 'Maps and trains');
    const saved = hub.handovers.get(h.id)!.sections;
    expect(saved.medical?.medical).to.equal('Inhaler in the bag');
    expect(saved.friendships?.friends).to.equal('From a colleague');
    expect(el.value!.sections.friendships?.friends).to.equal('From a colleague');
  });

  it('puts a CTF read for one learner into that learner only, never the one the host switched to meanwhile', async () => {
    const el = await openTeacherForm('lrn-a');
    await import('./parts/ctf-import.js'); // so the file's reading is all that is left to wait for
    const { file, finish } = slowCtf();
    dropFile(el, file);
    await until(() => text(el).includes('Reading'));
    // The MIS moves the same element on to the next child of the batch while the file is read.
    el.setAttribute('learner-id', 'lrn-b');
    await until(() => el.value && !root(el).querySelector('[aria-busy="true"]'));
    await ready(el);
    await type(el, 'learner.legalForename', 'Bea');
    finish();
    await tick(300);
    await el.updateComplete;
    expect(el.value!.learner.legalSurname, 'the other child’s surname').to.equal(undefined);
    expect(el.value!.learner.upn, 'the other child’s UPN').to.equal(undefined);
    expect(el.value!.learner.legalForename).to.equal('Bea');
    expect(inputOf(el, 'learner.legalSurname').value).to.equal('');
  });

  it('keeps what the teacher typed into a detail while a CTF was being read', async () => {
    const el = await openTeacherForm('lrn-c');
    const { file, finish } = slowCtf();
    dropFile(el, file);
    await until(() => text(el).includes('Reading'));
    await type(el, 'learner.preferredForename', 'Lex');
    await type(el, 'learner.legalSurname', 'Testington-Rhys');
    finish();
    await until(() => text(el).includes('Filled in from the file'));
    await el.updateComplete;
    expect(el.value!.learner.legalSurname, 'typed while the file was read').to.equal('Testington-Rhys');
    expect(inputOf(el, 'learner.legalSurname').value).to.equal('Testington-Rhys');
    expect(el.value!.learner.preferredForename).to.equal('Lex');
    // What the teacher did not touch comes from the file, and the form does not claim it filled the surname.
    expect(el.value!.learner.legalForename).to.equal('Alex');
    expect(el.value!.learner.upn).to.equal('B801200005001');
    const result = root(el).querySelector('.ctf-result')!.textContent!.replace(/\s+/g, ' ');
    expect(result).to.contain('Legal first name');
    expect(result).not.to.contain('Legal surname');
  });
  it('sends the last words typed for one learner to the hub when the host switches to the next', async () => {
    const { hub, h1, h2, el } = await firstOfTwo({ sections: { strengths: { strengths: 'First child' } } });
    const third = [...hub.learners.values()][2];
    // The teacher finishes a sentence and, within the hub's pause, the MIS opens the next child on the same element.
    await type(el, 'sections.strengths.strengths', 'First child, and kind');
    el.handoverId = h2.id;
    await until(() => el.currentHandoverId === h2.id && field(el, 'sections.strengths.strengths'));
    await until(() => hub.handovers.get(h1.id)!.sections.strengths!.strengths === 'First child, and kind');
    expect(hub.handovers.get(h2.id)!.sections.strengths!.strengths, 'nothing of it on the second').to.equal(
      'Second child',
    );
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Second child');

    // A new handover too: the draft is created for the learner it was typed for.
    el.removeAttribute('handover-id');
    el.setAttribute('learner-id', third!.id);
    el.setAttribute('transition', 'y6-to-y7');
    await until(() => !el.currentHandoverId && field(el, 'sections.strengths.strengths'));
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Third child, typed last');
    el.handoverId = h2.id;
    await until(() =>
      [...hub.handovers.values()].some(
        (h) => h.learnerId === third!.id && h.sections.strengths?.strengths === 'Third child, typed last',
      ),
    );
    await until(() => el.currentHandoverId === h2.id);
    expect(hub.handovers.get(h2.id)!.sections.strengths!.strengths).to.equal('Second child');
  });

  it('keeps words typed while a device save was under way, as the host switched learner, in that learner’s draft only', async () => {
    const el = await openTeacherForm('l-typed-a');
    const keyA = 'role:teacher|learner|l-typed-a|y6-to-y7';
    // A slow disk: another readwrite transaction on the drafts store holds the form's writes back until it ends.
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('c2c-handover-form');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    let holding = true;
    const tx = db.transaction('drafts', 'readwrite');
    const busy = tx.objectStore('drafts');
    const keepBusy = () => {
      if (holding) busy.get('none').onsuccess = keepBusy;
    };
    keepBusy();
    const ended = new Promise((r) => (tx.oncomplete = r));
    // Which drafts the form has asked IndexedDB to write (each write is a copy of the draft taken as it is asked).
    const put = IDBObjectStore.prototype.put;
    const asked: unknown[] = [];
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...a: Parameters<IDBObjectStore['put']>) {
      asked.push(a[1]);
      return put.apply(this, a);
    };
    try {
      await type(el, 'sections.strengths.strengths', 'First words');
      // The host opens the next learner: the form first writes what waits for this one...
      el.learnerId = 'l-typed-b';
      await until(() => asked.includes(keyA));
      // ...and the teacher, who has not seen the form change yet, types on while that write is under way.
      await type(el, 'sections.medical.medical', 'Typed as the host switched');
    } finally {
      IDBObjectStore.prototype.put = put;
      holding = false;
    }
    await ended;
    db.close();
    await until(
      () => field(el, 'sections.strengths.strengths') && inputOf(el, 'sections.strengths.strengths').value === '',
    );
    await ready(el);
    expect(el.value!.sections.medical?.medical, 'nothing of the first learner in the second').to.equal(undefined);
    await type(el, 'sections.strengths.strengths', 'Second learner');
    await el.saveNow();
    const store = createStore('c2c-handover-form', 'drafts');
    const a = await get<LocalRecord>(keyA, store);
    const b = await get<LocalRecord>('role:teacher|learner|l-typed-b|y6-to-y7', store);
    expect(a!.state.sections.strengths!.strengths).to.equal('First words');
    expect(a!.state.sections.medical?.medical, 'typed as the host switched, kept for that learner').to.equal(
      'Typed as the host switched',
    );
    expect(b!.state.sections).to.deep.equal({ strengths: { strengths: 'Second learner' } });
    el.learnerId = 'l-typed-a';
    await until(() => field(el, 'sections.medical.medical') && inputOf(el, 'sections.medical.medical').value !== '');
    await ready(el);
    expect(inputOf(el, 'sections.medical.medical').value).to.equal('Typed as the host switched');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('First words');
  });

  it('sends words typed while a hub save was on its way, as the host switched learner, to that learner’s handover', async () => {
    const { hub, h1, h2, el } = await firstOfTwo({ sections: { strengths: { strengths: 'First child' } } });
    const release = holdWrites(hub);
    await type(el, 'sections.strengths.strengths', 'First child, and kind');
    void el.sync();
    await until(() => hub.waitingWrites > 0); // the save is on its way
    await type(el, 'sections.strengths.interests', 'Typed while it was out');
    await moveTo(el, h2.id);
    release();
    await until(() => hub.handovers.get(h1.id)!.sections.strengths?.interests === 'Typed while it was out');
    expect(hub.handovers.get(h1.id)!.sections.strengths!.strengths).to.equal('First child, and kind');
    expect(hub.handovers.get(h2.id)!.sections.strengths, 'nothing of it on the second').to.deep.equal({
      strengths: 'Second child',
    });
    await ready(el);
    expect(el.value!.sections.strengths).to.deep.equal({ strengths: 'Second child' });
    await el.saveNow();
    const kept = await get<LocalRecord>(`u-teacher|handover|${h1.id}`, createStore('c2c-handover-form', 'drafts'));
    expect(kept!.state.sections.strengths!.interests).to.equal('Typed while it was out');
  });
  it('sends the last words typed to the hub when the form leaves the page (a route change in a portal)', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const el = await openOnHub(hub, h.id);
    await type(el, 'sections.medical.medical', 'Inhaler in the bag');
    el.remove();
    await until(() => hub.handovers.get(h.id)!.sections.medical?.medical === 'Inhaler in the bag');
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Kind.');
  });
  it('asks again about an answer edited in the form after a version was chosen for it in the conflict panel', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Original' } } });
    const open = async (token: string) => {
      const el = await fixture<C2cHandoverForm>(
        html`<c2c-handover-form .client=${hubClient(hub, token)} handover-id=${h.id}></c2c-handover-form>`,
      );
      await ready(el);
      return el;
    };
    const a = await open('tok-teacher');
    const b = await open('tok-teacher2');
    await type(a, 'sections.strengths.strengths', 'Version from A');
    expect(await a.sync()).to.equal(true);
    await type(b, 'sections.strengths.strengths', 'Version from B');
    expect(await b.sync()).to.equal(false);
    await until(() => root(b).querySelector('.conflict'));
    // B picks A's words in the panel, then, still with the panel open, writes a blend of both in the form.
    root(b).querySelector<HTMLInputElement>('.conflict input[id$="-theirs"]')!.click();
    await b.updateComplete;
    await type(b, 'sections.strengths.strengths', 'Version from A, and from B');
    await b.saveNow();
    root(b).querySelector<HTMLButtonElement>('.conflict-save')!.click();
    await tick(100);
    await b.updateComplete;
    // The blend is not thrown away for the choice made before it was written: the panel asks again, showing it.
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Version from A');
    expect(root(b).querySelector('.conflict .version-value.mine')?.textContent).to.equal('Version from A, and from B');
    expect(inputOf(b, 'sections.strengths.strengths').value).to.equal('Version from A, and from B');
    root(b).querySelector<HTMLButtonElement>('.conflict-save')!.click();
    await until(() => hub.handovers.get(h.id)!.sections.strengths!.strengths === 'Version from A, and from B');
    await until(() => !root(b).querySelector('.conflict'));
  });
  it('does not say a half-typed learner detail is saved to the hub while it waits on this device', async () => {
    const hub = new FakeHub();
    const el = await newHandoverFor(hub);
    await ready(el);
    const status = () => root(el).querySelector('[part="save-status"]')!.textContent!.replace(/\s+/g, ' ');
    await type(el, 'learner.upn', 'B80120');
    await type(el, 'sections.strengths.strengths', 'Reads widely');
    expect(await el.sync()).to.equal(true);
    await el.updateComplete;
    expect([...hub.handovers.values()][0]!.learner.upn).to.equal(hub.firstLearner.upn);
    expect(status()).to.contain('Saved to the hub at');
    expect(status()).to.contain('Some details stay on this device until they are complete');
    // Once the UPN is whole it goes, and the header stops saying so.
    await type(el, 'learner.upn', 'B801200005001');
    expect(await el.sync()).to.equal(true);
    await el.updateComplete;
    expect([...hub.handovers.values()][0]!.learner.upn).to.equal('B801200005001');
    expect(status()).not.to.contain('stay on this device');
  });
  it('keeps every character typed or pasted into a short answer past its limit, and says it is too long', async () => {
    const el = await openTeacherForm('lrn-long');
    // A double-barrelled name pasted from an email runs past the 60 characters the schema allows.
    const name = 'Alexandra-Josephine Montgomery-Fitzwilliam-Abernathy-Ravensworth';
    expect(name.length).to.be.greaterThan(60);
    inputOf(el, 'learner.legalSurname').focus();
    await sendKeys({ type: name });
    inputOf(el, 'learner.legalSurname').dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await field(el, 'learner.legalSurname').updateComplete;
    expect(inputOf(el, 'learner.legalSurname').value, 'nothing cut off by the browser').to.equal(name);
    expect(el.value!.learner.legalSurname).to.equal(name);
    expect(field(el, 'learner.legalSurname').shadowRoot!.textContent).to.contain('60 characters or fewer');
  });
  it('keeps a question pasted past 2,000 characters whole, and says it is too long instead of sending it', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: { strengths: { strengths: 'Geography' } } });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    await until(() => root(el).querySelector('#question'));
    const long = `Questions about the transition plan. ${'Could you tell us more about the visits? '.repeat(52)}End.`;
    expect(long.length).to.be.greaterThan(2000);
    for (const id of ['question', 'ack-message']) {
      const box = root(el).querySelector<HTMLTextAreaElement>(`#${id}`)!;
      box.focus();
      // As a paste does: text inserted by the browser's editing, which honours maxlength.
      document.execCommand('insertText', false, long);
      expect(box.value, `nothing cut off in #${id}`).to.equal(long);
    }
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => root(el).querySelector('#question-error'));
    expect(root(el).querySelector('#question-error')!.textContent).to.contain('2000 characters or fewer');
    expect(hub.count('POST', /\/messages$/), 'nothing sent').to.equal(0);
    expect(root(el).querySelector<HTMLTextAreaElement>('#question')!.value).to.equal(long);
    // The acknowledgement note too: said, kept, and the handover not acknowledged without it.
    root(el).querySelector<HTMLButtonElement>('.ack button')!.click();
    await until(() => text(el).includes('Message to the sending school (optional)” must be 2000 characters or fewer'));
    expect(hub.handovers.get(h.id)!.status).to.equal('submitted');
    const ack = root(el).querySelector<HTMLTextAreaElement>('#ack-message')!;
    expect(ack.value).to.equal(long);
    // Said beside the box, as the question box says it, rather than only in the status region at the form's top,
    // screens above the box that has focus; and read with the box.
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(ack);
    const error = ack.parentElement!.querySelector('#ack-error')!;
    expect(error.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Error: “Message to the sending school (optional)” must be 2000 characters or fewer.',
    );
    expect(ack.getAttribute('aria-invalid')).to.equal('true');
    expect(ack.getAttribute('aria-describedby')).to.equal('ack-error');
    // Both look like GOV.UK's error message, red and bold, not like the hint text beside them.
    const errorColour = getComputedStyle(root(el).querySelector('.review-actions')!).getPropertyValue('--_error');
    const probe = document.createElement('span');
    probe.style.color = errorColour;
    document.body.append(probe);
    const red = getComputedStyle(probe).color;
    probe.remove();
    for (const id of ['ack-error', 'question-error']) {
      const style = getComputedStyle(root(el).querySelector(`#${id}`)!);
      expect([style.color, style.fontWeight], `#${id}`).to.deep.equal([red, '700']);
    }
    expect(getComputedStyle(ack).borderTopColor, 'the box’s border').to.equal(red);
  });
  it('shows answers written for questions the template has since renamed or removed, and keeps them', async () => {
    // A draft kept on this device under an older version of the template: one question has since been renamed,
    // a whole section removed.
    const record: LocalRecord = {
      key: 'role:teacher|learner|lrn-old|y6-to-y7',
      status: 'draft',
      learnerId: 'lrn-old',
      transition: 'y6-to-y7',
      templateId: 'std-y6-to-y7',
      state: {
        ...emptyState(null),
        sections: {
          strengths: { strengths: 'Kind to younger children', 'hobbies-old': 'Chess club on Tuesdays' },
          'travel-retired': { route: 'Walks to school with a neighbour' },
        },
      },
      changedAt: new Date().toISOString(),
      createKey: 'key-old',
      pending: { save: true },
    };
    await writeRecord(record);
    const el = await openTeacherForm('lrn-old');
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind to younger children');
    const orphans = root(el).querySelector('[part~="orphans"]');
    expect(orphans, 'the words are on screen').not.to.equal(null);
    expect(orphans!.textContent).to.contain('Chess club on Tuesdays');
    expect(orphans!.textContent).to.contain('Walks to school with a neighbour');
    await expect(el).to.be.accessible();
    // Still kept after other typing is saved.
    await type(el, 'sections.strengths.interests', 'Maps');
    await el.saveNow();
    expect(el.value!.sections.strengths!['hobbies-old']).to.equal('Chess club on Tuesdays');
    expect(el.value!.sections['travel-retired']!.route).to.equal('Walks to school with a neighbour');
  });
  it('sends a submission clicked just before the host switched to the next learner, for the learner it was clicked for', async () => {
    const { hub, h1, h2, el } = await firstOfTwo({ sections: COMPLETE });
    await submitAsHostMovesOn(hub, el, h2.id);
    await until(() => hub.handovers.get(h1.id)!.status === 'submitted');
    expect(hub.handovers.get(h1.id)!.sections.strengths!.interests).to.equal('Maps and trains');
    expect(hub.handovers.get(h2.id)!.status, 'not the child on screen').to.equal('draft');
    await ready(el);
    expect(text(el), 'no banner of the first child on the second').not.to.contain('submitted on');
  });
  it('forgets a submission the hub would not take once the host has moved on, and says so on coming back', async () => {
    const { hub, h1, h2, el } = await firstOfTwo({ sections: COMPLETE });
    // Neither a refusal (4xx but 408, 409, 425, 429) nor "try again later": the hub will not carry it out.
    hub.submitProblem = { status: 409, code: 'invalid_state', detail: 'The handover cannot be submitted now.' };
    expect(await submitAsHostMovesOn(hub, el, h2.id)).to.equal(undefined);
    expect(hub.count('POST', /\/submit$/)).to.equal(1);
    await el.saveNow();
    const kept = await get<LocalRecord>(`u-teacher|handover|${h1.id}`, createStore('c2c-handover-form', 'drafts'));
    expect(kept!.pending.submit, 'forgotten on the device, so nothing sends it later').to.equal(undefined);
    expect(kept!.state.sections.strengths!.interests, 'every word kept').to.equal('Maps and trains');
    expect(kept!.state.sections.strengths!.strengths).to.equal('Kind.');
    await ready(el);
    expect(text(el), 'nothing about the first child on the second').not.to.contain('not been submitted');

    // Back to the first child: told it was not submitted, and nothing goes until the teacher submits again.
    hub.submitProblem = undefined;
    await moveTo(el, h1.id);
    await ready(el);
    await until(() => text(el).includes('This handover has not been submitted.'));
    expect(text(el)).to.contain('The handover cannot be submitted now.');
    expect(inputOf(el, 'sections.strengths.interests').value).to.equal('Maps and trains');
    expect(await el.sync()).to.equal(true);
    expect(hub.count('POST', /\/submit$/), 'not sent again unasked').to.equal(1);
    expect(hub.handovers.get(h1.id)!.status).to.equal('draft');
    expect((await el.submit())?.status).to.equal('submitted');
    expect(hub.handovers.get(h1.id)!.sections.strengths!.interests).to.equal('Maps and trains');
    await el.updateComplete;
    expect(text(el)).not.to.contain('not been submitted');
  });
  it('opens, and takes typing, when the host moves it elsewhere in the page while it loads', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const host = await fixture<HTMLDivElement>(html`<div><section></section></div>`);
    const el = document.createElement('c2c-handover-form');
    el.client = hubClient(hub);
    el.handoverId = h.id;
    host.append(el);
    // A portal moves the form into a dialog as it opens (the same element, disconnected and connected again).
    await tick(0);
    host.querySelector('section')!.append(el);
    await ready(el);
    expect(inputOf(el, 'sections.strengths.strengths').value).to.equal('Kind.');
    await type(el, 'sections.medical.medical', 'Inhaler');
    expect(await el.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.sections.medical?.medical).to.equal('Inhaler');
  });
  it('creates one draft when the host re-sets a property on a new learner’s form while typing goes on', async () => {
    const hub = new FakeHub();
    const learner = hub.firstLearner;
    const el = await newHandoverFor(hub);
    await ready(el);
    const release = holdWrites(hub);
    await type(el, 'sections.strengths.strengths', 'Kind');
    // A host framework hands the form an equal copy of its template on a re-render: the same draft opens again.
    el.template = structuredClone(STANDARD_TEMPLATES['y6-to-y7']);
    await tick(50);
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    await el.saveNow();
    const syncing = el.sync();
    release();
    expect(await syncing).to.equal(true);
    await until(() => [...hub.handovers.values()].some((h) => h.sections.strengths?.strengths === 'Kind and funny'));
    expect([...hub.handovers.values()].filter((h) => h.learnerId === learner.id)).to.have.length(1);
    expect(!!root(el).querySelector('.notice.hub-error'), 'no refusal of a reused key').to.equal(false);
  });
  it('retries creating a draft whose answer was lost with the same request, though the teacher typed on meanwhile', async () => {
    const hub = new FakeHub();
    const el = await newHandoverFor(hub);
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind');
    // The hub creates the draft, and the connection drops before its answer arrives.
    hub.loseResponses = 1;
    expect(await el.sync()).to.equal(false);
    expect(hub.handovers.size).to.equal(1);
    // The teacher carries on; the retry must be the same request (the hub refuses a key reused for another one),
    // and what was typed since goes after it.
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    await type(el, 'sections.medical.medical', 'Inhaler');
    expect(await el.sync()).to.equal(true);
    await until(() => [...hub.handovers.values()][0]!.sections.medical?.medical === 'Inhaler');
    const [h] = [...hub.handovers.values()];
    expect(hub.handovers.size).to.equal(1);
    expect(h!.sections.strengths!.strengths).to.equal('Kind and funny');
    expect(el.currentHandoverId).to.equal(h!.id);
    expect(!!root(el).querySelector('.notice.hub-error'), 'no hub error').to.equal(false);
    const creates = hub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/handovers');
    expect(creates[0]!.body).to.deep.equal(creates[1]!.body);
  });
  it('sends a new create after the hub refused the first, with what the teacher has corrected since', async () => {
    const hub = new FakeHub();
    // The hub refuses the draft as first sent (its validation does not take an answer as it stands).
    hub.refuseCreate = (body) => body.sections?.strengths?.strengths === 'Kind';
    const el = await newHandoverFor(hub);
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind');
    expect(await el.sync()).to.equal(false);
    expect(hub.handovers.size).to.equal(0);
    await until(() => !!root(el).querySelector('.notice.hub-error'));
    // The teacher corrects the answer: the next try is a new request (a new key), so the hub does not answer it
    // with the refusal it keeps for the first one.
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    expect(await el.sync()).to.equal(true);
    await until(() => hub.handovers.size === 1);
    expect([...hub.handovers.values()][0]!.sections.strengths!.strengths).to.equal('Kind and funny');
    const creates = hub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/handovers');
    expect(creates).to.have.length(2);
    expect(creates[1]!.idempotencyKey).to.be.a('string').and.not.equal(creates[0]!.idempotencyKey);
    expect(!!root(el).querySelector('.notice.hub-error'), 'the refusal notice is gone').to.equal(false);
  });
  it('does not take its own save whose answer was lost for someone else’s change', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind' } } });
    const el = await openOnHub(hub, h.id);
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    // The hub saves it, and the connection drops before its answer arrives; the teacher goes on in the same answer.
    hub.loseResponses = 1;
    expect(await el.sync()).to.equal(false);
    expect(hub.handovers.get(h.id)!.version).to.equal(2);
    await type(el, 'sections.strengths.strengths', 'Kind and funny, and clever with numbers');
    await el.sync();
    await el.updateComplete;
    // No one else changed anything: no "Someone else changed this handover", no choice between two of one's own.
    // (a boolean: chai would try to print the element itself)
    expect(!!root(el).querySelector('.conflict'), 'no conflict panel').to.equal(false);
    await until(
      () => hub.handovers.get(h.id)!.sections.strengths!.strengths === 'Kind and funny, and clever with numbers',
    );
  });
  it('shows the receiving school answers to questions the template no longer has, without asking it to copy them', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, {
      sections: { strengths: { strengths: 'Kind', 'hobbies-old': 'Chess club on Tuesdays' } },
    });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    const orphans = root(el).querySelector('[part~="orphans"]')!.textContent!.replace(/\s+/g, ' ');
    expect(orphans).to.contain('Chess club on Tuesdays');
    expect(orphans, 'nothing to copy in a read-only view').not.to.contain('copy');
  });
});

describe('changes that do not come from typing', () => {
  /** This device's copy of the hub's handover `id`. */
  async function keptFor(id: string): Promise<LocalRecord | undefined> {
    const drafts = createStore('c2c-handover-form', 'drafts');
    for (const key of await keys(drafts)) {
      const r = await get<LocalRecord>(key, drafts);
      if (r?.handoverId === id && !r.movedTo) return r;
    }
    return undefined;
  }

  it('counts a host form’s reset as a change: newer than what it undoes, and sent to the hub without another edit', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const host = await fixture<HTMLFormElement>(
      html`<form><c2c-handover-form .client=${hubClient(hub)} handover-id=${h.id}></c2c-handover-form></form>`,
    );
    const el = host.querySelector('c2c-handover-form')!;
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind and funny.');
    expect(await el.sync()).to.equal(true);
    await tick(5);
    const resetAt = Date.now();
    host.reset();
    await until(() => hub.handovers.get(h.id)!.sections.strengths?.strengths === 'Kind.');
    await el.saveNow();
    expect(Date.parse((await keptFor(h.id))!.changedAt)).to.be.at.least(resetAt);
  });

  it('counts the versions chosen in the conflict panel as a change, newer than the typing it settles', async () => {
    const { h, b } = await bothChangeStrengths('Keep with Priya');
    expect(await b.sync()).to.equal(false);
    await until(() => root(b).querySelector('.conflict'));
    await tick(5);
    const chosenAt = Date.now();
    root(b).querySelector<HTMLButtonElement>('.conflict-save')!.click();
    await until(() => !root(b).querySelector('.conflict'));
    await b.saveNow();
    expect(Date.parse((await keptFor(h.id))!.changedAt)).to.be.at.least(chosenAt);
  });
});

describe('inside a disabled <fieldset>', () => {
  it('takes no input and saves nothing while the host disables it, as native inputs do', async () => {
    const host = await fixture<HTMLFieldSetElement>(
      html`<fieldset disabled>
        <c2c-handover-form learner-id="l-disabled" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>
        <c2c-handover-field kind="yesno" name="own" label="Own"></c2c-handover-field>
      </fieldset>`,
    );
    const el = host.querySelector('c2c-handover-form')!;
    await ready(el);
    const own = host.querySelector('c2c-handover-field')!;
    await own.updateComplete;
    // `disabled` reflects the attribute only; :disabled also counts a disabled <fieldset> around the input.
    expect(own.shadowRoot!.querySelector('input')!.matches(':disabled'), 'a field of the host’s own').to.equal(true);
    const path = 'sections.strengths.strengths';
    await field(el, path).updateComplete;
    expect(inputOf(el, path).disabled).to.equal(true);
    // As a native fieldset disables the submit buttons and file inputs inside it.
    const controls = () => [
      ...root(el).querySelectorAll<HTMLButtonElement | HTMLInputElement>('[part="actions"] button, input[type="file"]'),
    ];
    expect(controls().length, 'submit, save draft and the CTF file input').to.equal(3);
    expect(
      controls().every((c) => c.disabled),
      'every button and the file input disabled',
    ).to.equal(true);
    const changes: Event[] = [];
    el.addEventListener('c2c-handover-change', (e) => changes.push(e));
    await type(el, path, 'Typed by a script while disabled');
    await el.saveNow();
    expect(changes, 'nothing taken or saved').to.have.length(0);
    host.disabled = false;
    await until(() => !inputOf(el, path).disabled);
    expect(
      controls().some((c) => c.disabled),
      'all enabled again',
    ).to.equal(false);
    await type(el, path, 'Kind.');
    expect(changes).to.have.length(1);
  });
});

describe('announcements', () => {
  it('reads out the characters left once typing pauses, not at every keystroke, as GOV.UK’s character count does', async () => {
    const f = await fixture<C2cHandoverField>(
      html`<c2c-handover-field kind="longtext" name="about" label="About" .maxLength=${20}></c2c-handover-field>`,
    );
    const status = f.shadowRoot!.querySelector('[aria-live="polite"]');
    expect(status, 'a live region from the start').to.not.equal(null);
    expect(
      f.shadowRoot!.querySelector('.count')!.getAttribute('aria-hidden'),
      'the visible count is not read twice',
    ).to.equal('true');
    const box = f.shadowRoot!.querySelector('textarea')!;
    for (const words of ['H', 'He', 'Hel', 'Hello']) {
      box.value = words;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await tick(100);
      expect(status!.textContent!.trim(), 'nothing said while typing goes on').to.equal('');
    }
    await until(() => status!.textContent!.includes('You have 15 characters remaining'), 3000);
    expect(f.shadowRoot!.querySelector('[aria-live="polite"]')).to.equal(status);
  });

  it('reads out the count for a value that changed without typing (a form reset, a restored draft), not on first render', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <c2c-handover-field
          kind="longtext"
          name="about"
          label="About"
          .maxLength=${20}
          .value=${'Hello'}
        ></c2c-handover-field>
      </form>`,
    );
    const f = form.querySelector<C2cHandoverField>('c2c-handover-field')!;
    await f.updateComplete;
    const status = f.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await tick(1500);
    expect(status.textContent!.trim(), 'nothing said when the page loads').to.equal('');
    f.value = 'Hello there'; // as a restored draft or a merged conflict sets it
    await until(() => status.textContent!.includes('You have 9 characters remaining'), 3000);
    form.reset();
    await until(() => status.textContent!.includes('You have 15 characters remaining'), 3000);
    expect(f.shadowRoot!.querySelector('textarea')!.value).to.equal('Hello');
  });

  it('says “1 character”, not “1 characters”, in English and in Welsh', async () => {
    const path = 'sections.pupil-voice.all-about-me'; // up to 5,000 characters
    const count = (el: C2cHandoverForm) => field(el, path).shadowRoot!.querySelector('.count')!.textContent!.trim();
    const el = await openTeacherForm('l-one-char');
    await type(el, path, 'a'.repeat(4999));
    await field(el, path).updateComplete;
    expect(count(el)).to.equal('You have 1 character remaining');
    await type(el, path, 'a'.repeat(5001));
    await field(el, path).updateComplete;
    expect(count(el)).to.equal('You have 1 character too many');
    await type(el, path, 'a'.repeat(4998));
    await field(el, path).updateComplete;
    expect(count(el)).to.equal('You have 2 characters remaining');
    const wrap = await fixture<HTMLElement>(html`<div lang="cy"></div>`);
    const cy = wrap.appendChild(teacherForm('l-one-char-cy'));
    await ready(cy);
    await type(cy, path, 'a'.repeat(4999));
    await until(() => count(cy) === 'Mae gennych 1 nod ar ôl');
  });

  it('says “1 character” in a field used on its own, outside the form, too', async () => {
    const f = await fixture<C2cHandoverField>(
      html`<c2c-handover-field kind="longtext" name="about" label="About" .maxLength=${5}></c2c-handover-field>`,
    );
    const count = () => f.shadowRoot!.querySelector('.count')!.textContent!.trim();
    for (const [value, said] of [
      ['abcd', 'You have 1 character remaining'],
      ['abcdef', 'You have 1 character too many'],
      ['abc', 'You have 2 characters remaining'],
    ]) {
      f.value = value;
      await f.updateComplete;
      expect(count()).to.equal(said);
    }
  });

  it('says the draft is open in another tab from a live region that was on the page before the words', async () => {
    const open = () =>
      fixture<C2cHandoverForm>(
        html`<c2c-handover-form learner-id="l-live" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
      );
    await ready(await open());
    const second = await open();
    // For each time the words were added: was the node they went into already inside a live region?
    const intoRegion: boolean[] = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n.textContent?.includes('open in another tab'))
            intoRegion.push(r.target instanceof Element && !!r.target.closest('[role="status"], [aria-live]'));
    }).observe(root(second), { childList: true, subtree: true });
    await until(() => text(second).includes('open in another tab'));
    expect(intoRegion).to.have.length.above(0);
    expect(intoRegion.every(Boolean), 'screen readers announce words added to a region they already watch').to.equal(
      true,
    );
  });
});

describe('the save status', () => {
  /** A draft kept on this device for `learnerId`, last saved here and to the hub at the times given. */
  async function keptAt(learnerId: string, savedLocallyAt: string, savedToHubAt?: string) {
    const key = `role:teacher|learner|${learnerId}|y6-to-y7`;
    await writeRecord({
      key,
      status: 'draft',
      learnerId,
      transition: 'y6-to-y7',
      templateId: 'std-y6-to-y7',
      state: { ...emptyState('sec-b'), sections: { strengths: { strengths: 'Kind.' } } },
      changedAt: savedLocallyAt,
      savedLocallyAt,
      ...(savedToHubAt ? { savedToHubAt } : {}),
      createKey: `k-${learnerId}`,
      pending: { save: false },
    });
  }
  const status = (el: C2cHandoverForm) => root(el).querySelector('.save-status')!.textContent!.trim();

  it('writes UK time whatever the device’s zone is, as every other date in the form', async () => {
    // 09:41 UTC in July is 10:41 in British Summer Time; in January the UK keeps UTC. The test machines run in UTC,
    // so a status in the device's own zone says 09:41 in July.
    await keptAt('l-uk-summer', '2026-07-01T09:41:00.000Z', '2026-07-01T09:40:00.000Z');
    const summer = await openTeacherForm('l-uk-summer');
    await until(() => status(summer).includes('10:41'));
    expect(status(summer)).to.equal(
      'Saved on this device at 10:41 on 1 July 2026. Saved to the hub at 10:40 on 1 July 2026.',
    );
    await keptAt('l-uk-winter', '2026-01-15T09:41:00.000Z');
    const winter = await openTeacherForm('l-uk-winter');
    await until(() => status(winter).includes('09:41'));
    expect(status(winter)).to.equal('Saved on this device at 09:41 on 15 January 2026.');
  });

  it('gives the date of a save on an earlier day, so a draft reopened later does not read as saved today', async () => {
    const earlier = '2026-03-02T16:05:00.000Z';
    const today = new Date().toISOString();
    await keptAt('l-saved-before', today, earlier);
    const el = await openTeacherForm('l-saved-before');
    await until(() => status(el).includes('hub'));
    expect(status(el)).to.match(/^Saved on this device at \d\d:\d\d\. Saved to the hub at 16:05 on 2 March 2026\.$/);
    await closeTab(el);
    const wrap = await fixture<HTMLElement>(html`<div lang="cy"></div>`);
    const cy = wrap.appendChild(teacherForm('l-saved-before'));
    await ready(cy);
    await until(() => status(cy).includes('hyb'));
    expect(status(cy)).to.match(/ Wedi’i gadw yn yr hyb am 16:05 ar 2 Mawrth 2026\.$/);
  });

  it('is written as sentences in English and in Welsh, and a host’s own wording still applies', async () => {
    await keptAt('l-sentences', '2026-07-01T09:42:00.000Z', '2026-07-01T09:41:00.000Z');
    const el = await openTeacherForm('l-sentences');
    await until(() => status(el).includes('10:42'));
    expect(status(el)).to.equal(
      'Saved on this device at 10:42 on 1 July 2026. Saved to the hub at 10:41 on 1 July 2026.',
    );
    // Wording written for the status as it was (a list, without full stops) still makes sentences.
    el.messages = { en: { savedDevice: ({ time }) => `Kept here at ${time}`, savedHub: 'On the hub!' } };
    await el.updateComplete;
    expect(status(el)).to.equal('Kept here at 10:42 on 1 July 2026. On the hub!');
    await closeTab(el);
    const wrap = await fixture<HTMLElement>(html`<div lang="cy"></div>`);
    const cy = wrap.appendChild(teacherForm('l-sentences'));
    await ready(cy);
    await until(() => status(cy).includes('10:42'));
    expect(status(cy)).to.equal(
      'Wedi’i gadw ar y ddyfais hon am 10:42 ar 1 Gorffennaf 2026. Wedi’i gadw yn yr hyb am 10:41 ar 1 Gorffennaf 2026.',
    );
    const fresh = wrap.appendChild(teacherForm('l-sentences-new'));
    await ready(fresh);
    expect(status(fresh)).to.equal('Heb ei gadw eto.');
  });
});

describe('<c2c-handover-form> for each person, on screen and on paper', () => {
  /** The handover `id` open for `token`'s user with the host's own `user-role` (and `mode`), ready. */
  async function openAs(
    hub: FakeHub,
    token: string,
    id: string,
    userRole: C2cHandoverForm['userRole'] = '',
    mode: C2cHandoverForm['mode'] = 'edit',
    lang = 'en',
  ) {
    const wrap = await fixture<HTMLElement>(
      html`<div lang=${lang}>
        <c2c-handover-form
          .client=${hubClient(hub, token)}
          handover-id=${id}
          user-role=${userRole}
          mode=${mode}
        ></c2c-handover-form>
      </div>`,
    );
    const el = wrap.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    await ready(el);
    return el;
  }
  const sgFields = (el: C2cHandoverForm) => root(el).querySelectorAll('c2c-handover-field[name^="sg."]').length;
  /** A message from the receiving school (`sec-b`) or the sending one (`pri-a`). */
  const message = (organisationId: string, body: string) => ({
    id: `m-${body.length}-${organisationId}`,
    authorName: organisationId === 'sec-b' ? 'Ms Okafor (Year 7 lead)' : 'Mr Hale (Year 6)',
    organisationId,
    at: new Date().toISOString(),
    body,
  });
  /** Whether `selector`'s element would be on the page as it prints (not hidden by itself or any ancestor). */
  const printed = (el: Element, selector: string) => root(el).querySelector(selector)!.checkVisibility();

  it('takes the role the hub reports over a host’s user-role that says otherwise', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { safeguardingTransferRequired: true });
    // The host says DSL; the hub says this is a teacher. A safeguarding record typed here would be refused by the hub,
    // and every other answer of the same save with it.
    const teacher = await openAs(hub, 'tok-teacher', h.id, 'dsl');
    expect(sgFields(teacher), 'no safeguarding record to fill in').to.equal(0);
    expect(text(teacher)).to.contain('Only the designated safeguarding lead can see its details.');
    await type(teacher, 'sections.strengths.strengths', 'Kind.');
    expect(await teacher.sync()).to.equal(true);
    expect(hub.handovers.get(h.id)!.sections.strengths!.strengths).to.equal('Kind.');
    await closeTab(teacher);
    // The other way round: the DSL is not kept from the record because the host said teacher.
    const dsl = await openAs(hub, 'tok-dsl', h.id, 'teacher');
    expect(sgFields(dsl)).to.be.greaterThan(0);
    await closeTab(dsl);
    // A parent signed in is shown a parent's sections, whatever the host said.
    const parent = await openAs(hub, 'tok-parent', h.id, 'teacher');
    expect([...root(parent).querySelectorAll('h3')].map((t) => t.textContent!.trim())).to.deep.equal([
      'All about me',
      'Family and relationships',
    ]);
    await expect(parent).to.be.accessible();
  });

  it('says the receiving school has written only while it waits for a reply, in English and Welsh', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { messages: [message('sec-b', 'Does she take the bus?')] });
    const writtenEn = 'The receiving school has written to you about this handover.';
    const writtenCy = 'Mae’r ysgol sy’n derbyn wedi ysgrifennu atoch';
    const el = await openAs(hub, 'tok-teacher', h.id);
    expect(text(el)).to.contain(writtenEn);
    typeInto(el, 'question', 'Yes: the 7.40 from the church.');
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => text(el).includes('Your reply was sent.'));
    expect(text(el), 'answered: nothing waits for the sender').not.to.contain(writtenEn);
    await closeTab(el);
    const cy = await openAs(hub, 'tok-teacher', h.id, '', 'edit', 'cy');
    expect(text(cy)).not.to.contain(writtenCy);
    // The receiving school writes again: the notice is back, until this reply.
    hub.handovers.get(h.id)!.messages.push(message('sec-b', 'And who collects her?'));
    await closeTab(cy);
    const again = await openAs(hub, 'tok-teacher', h.id, '', 'edit', 'cy');
    expect(text(again)).to.contain(writtenCy);
    typeInto(again, 'question', 'Her nan.');
    root(again).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => text(again).includes('Anfonwyd eich ateb.'));
    expect(text(again)).not.to.contain(writtenCy);
  });

  it('offers a parent on a submitted handover to save their changes, not a draft, and says who will see them', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: { family: { family: 'Nan' } } });
    const el = await openAs(hub, 'tok-parent', h.id, '', 'parent');
    await expect(el).to.be.accessible();
    expect(buttonIn(el, 'Save draft'), 'the school sent it: it is no draft').to.equal(undefined);
    expect(text(el)).to.contain('The school has sent this handover to your child’s next school.');
    expect(text(el)).to.contain('Both schools will see what you save.');
    await type(el, 'sections.family.family', 'Nan, on Fridays.');
    buttonIn(el, 'Save your changes')!.click();
    await until(() => hub.handovers.get(h.id)!.sections.family!.family === 'Nan, on Fridays.');
    await closeTab(el);
    const cy = await openAs(hub, 'tok-parent', h.id, '', 'parent', 'cy');
    expect(buttonIn(cy, 'Cadw eich newidiadau')).to.exist;
    expect(buttonIn(cy, 'Cadw fel drafft')).to.equal(undefined);
    expect(text(cy)).to.contain('Bydd y ddwy ysgol yn gweld yr hyn rydych chi’n ei gadw.');
    await closeTab(cy);
    // While the school is still writing it, it is a draft to them and to the parent.
    const draft = hub.seed([...hub.learners.values()][1]!, 'y6-to-y7');
    const onDraft = await openAs(hub, 'tok-parent', draft.id, '', 'parent');
    expect(buttonIn(onDraft, 'Save draft')).to.exist;
    expect(text(onDraft)).not.to.contain('next school');
  });

  it('offers the sending school on a submitted handover to save changes the receiving school sees, and no CTF import', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: COMPLETE });
    const el = await openAs(hub, 'tok-teacher', h.id);
    await expect(el).to.be.accessible();
    // The hub still takes the sending school's corrections, and the receiving school reads them at once: no draft.
    expect(buttonIn(el, 'Save draft'), 'it is no draft').to.equal(undefined);
    expect(text(el)).to.contain('the receiving school sees them once you save them.');
    // The hub lays a file's learner details over those the receiving school already has.
    expect(root(el).querySelector('[part="ctf"]'), 'no CTF import').to.equal(null);
    await type(el, 'sections.strengths.strengths', 'Kind, and patient with younger children.');
    buttonIn(el, 'Save changes')!.click();
    await until(() => hub.handovers.get(h.id)!.sections.strengths!.strengths?.toString().includes('patient'));
    await closeTab(el);
    const cy = await openAs(hub, 'tok-teacher', h.id, '', 'edit', 'cy');
    expect(buttonIn(cy, 'Cadw newidiadau')).to.exist;
    expect(buttonIn(cy, 'Cadw fel drafft')).to.equal(undefined);
    expect(text(cy)).to.contain('mae’r ysgol sy’n derbyn yn eu gweld unwaith y byddwch chi’n eu cadw');
    await closeTab(cy);
    // A draft submitted here: the import and "Save draft" go with the draft.
    const draft = hub.seed([...hub.learners.values()][1]!, 'y6-to-y7', { sections: COMPLETE });
    const sending = await openAs(hub, 'tok-teacher', draft.id);
    expect(root(sending).querySelector('[part="ctf"]'), 'a draft can be filled in from a CTF').to.exist;
    expect(buttonIn(sending, 'Save draft')).to.exist;
    expect(await sending.submit()).to.exist;
    await until(() => buttonIn(sending, 'Save changes'));
    expect(root(sending).querySelector('[part="ctf"]')).to.equal(null);
    expect(buttonIn(sending, 'Save draft')).to.equal(undefined);
    await expect(sending).to.be.accessible();
  });

  it('prints the handover without what this device or this moment says beside it', async () => {
    const { hub, h, make } = await unsentOnDevice('Typed while offline');
    Object.assign(hub.handovers.get(h.id)!, {
      status: 'submitted',
      messages: [message('sec-b', 'Does she take the bus?')],
    });
    hub.offline = false;
    hub.refuseWrites = true;
    const el = await fixture<C2cHandoverForm>(make());
    await ready(el);
    buttonIn(el, 'Save changes')!.click();
    await until(() => text(el).includes('The hub cannot be reached just now.'));
    /** Each notice beside the handover now, and whether it would be on paper. */
    const onPaper = async () => {
      const notices = [...root(el).querySelectorAll('.base > .notice, .live p')];
      expect(notices.every((n) => n.checkVisibility())).to.equal(true);
      await emulateMedia({ media: 'print' });
      try {
        expect(printed(el, '.header h2'), 'the handover is printed').to.equal(true);
        expect(printed(el, 'c2c-handover-field[name="sections.strengths.strengths"]')).to.equal(true);
        expect(printed(el, '.save-status')).to.equal(false);
        return notices.filter((n) => n.checkVisibility()).map((n) => n.textContent!.replace(/\s+/g, ' ').trim());
      } finally {
        await emulateMedia({ media: 'screen' });
      }
    };
    // On screen: changes on this device the hub has not seen, the hub out of reach, the receiving school's note.
    expect(text(el)).to.contain('This device has changes from');
    expect(text(el)).to.contain('The receiving school has written to you');
    expect(await onPaper()).to.deep.equal([]);
    // What "Save changes" just said, in the status region.
    hub.refuseWrites = false;
    buttonIn(el, 'Save changes')!.click();
    await until(() => root(el).querySelector('.live')!.textContent!.includes('Saved to the hub'));
    expect(await onPaper()).to.deep.equal([]);
  });

  /** What `el` shows of `selector`'s element, in words. */
  const wordsOf = (el: Element, selector: string) =>
    root(el).querySelector(selector)!.textContent!.replace(/\s+/g, ' ');
  /** Runs `check` while the page is emulated as printed, then back on screen. */
  async function onPaper(check: () => void | Promise<void>): Promise<void> {
    await emulateMedia({ media: 'print' });
    try {
      await check();
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  }

  it('prints the sending school its conversation with the receiving school, and no empty box before there is one', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, {
      sections: COMPLETE,
      messages: [message('sec-b', 'Does she take the bus?'), message('pri-a', 'Yes: the 7.40 from the church.')],
    });
    const el = await openAs(hub, 'tok-teacher', h.id);
    await onPaper(() => {
      expect(printed(el, '#questions-title'), 'the conversation’s heading').to.equal(true);
      expect(printed(el, '.messages li .meta'), 'who wrote, and when').to.equal(true);
      expect(printed(el, '.messages li .body'), 'what they wrote').to.equal(true);
      expect(wordsOf(el, '.messages')).to.contain('Ms Okafor (Year 7 lead)');
      expect(wordsOf(el, '.messages')).to.contain('Does she take the bus?');
      expect(wordsOf(el, '.messages')).to.contain('Yes: the 7.40 from the church.');
      // Not the box for writing more.
      for (const box of ['#question-hint', 'label[for="question"]', '#question', '.send-question'])
        expect(printed(el, box), box).to.equal(false);
    });
    await closeTab(el);
    // No conversation yet: the reply box on screen, nothing on paper (not an empty section with its rule).
    const quiet = hub.seed([...hub.learners.values()][1]!, 'y6-to-y7', {
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      sections: COMPLETE,
    });
    const none = await openAs(hub, 'tok-teacher', quiet.id);
    expect(printed(none, '[part="messages"]'), 'on screen, with its reply box').to.equal(true);
    await onPaper(() => {
      expect(printed(none, '[part="messages"]')).to.equal(false);
      expect(printed(none, '.header h2'), 'the handover itself').to.equal(true);
    });
  });

  it('prints the receiving school no empty review box before there is an acknowledgement or a message', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: COMPLETE });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    expect(printed(el, '[part="review"]'), 'on screen, with its buttons').to.equal(true);
    await onPaper(() => {
      expect(printed(el, '[part="review"]')).to.equal(false);
    });
    // Acknowledged without a word: who acknowledged it and when is printed, and nothing about messages.
    buttonIn(el, 'Acknowledge receipt')!.click();
    await until(() => root(el).activeElement?.id === 'acknowledged');
    await onPaper(() => {
      expect(printed(el, '#acknowledged')).to.equal(true);
      expect(root(el).querySelector('.messages'), 'no conversation to print').to.equal(null);
      expect(printed(el, '#questions-title'), 'not the heading of the question box').to.equal(false);
    });
  });

  it('fits 320 CSS pixels (a 1280 px screen at 400% zoom) with long links in answers and messages, for both schools', async () => {
    const link = 'https://www.example-council.gov.uk/education/transition/year-6-to-year-7/support-plans/plan-2026.pdf';
    const before = { width: window.innerWidth, height: window.innerHeight };
    await setViewport({ width: 320, height: 640 });
    try {
      const hub = new FakeHub();
      const h = submitted(hub, {
        // An answer to a question the template has since removed is shown as written, too.
        sections: { ...COMPLETE, strengths: { strengths: `Her plan: ${link}` }, retired: { question: link } },
        messages: [message('sec-b', `Is this the latest? ${link}`)],
      });
      for (const [who, open] of [
        ['the receiving school', () => reviewAs(hub, 'tok-receiver', h.id)],
        ['the sending school', () => openAs(hub, 'tok-teacher', h.id)],
      ] as const) {
        const el = await open();
        await until(() => root(el).querySelector('.messages'));
        expect(text(el), who).to.contain(link);
        // Nothing wider than the screen, so nothing to scroll sideways to read (WCAG 1.4.10 Reflow).
        expect(document.documentElement.scrollWidth, who).to.be.at.most(320);
        await closeTab(el);
      }
    } finally {
      await setViewport(before);
    }
  });

  it('shows the start of the error summary and the conflict panel when they take focus at 400% zoom', async () => {
    const before = { width: window.innerWidth, height: window.innerHeight };
    // A 1280 x 1024 screen at 400%: both panels are taller than the window, and focus alone would scroll to their middle.
    await setViewport({ width: 320, height: 256 });
    try {
      const hub = new FakeHub();
      const h = hub.seed(hub.firstLearner, 'y6-to-y7');
      const el = await openAs(hub, 'tok-teacher', h.id, '', 'edit', 'cy');
      // Pressed where it is, at the foot of the form, far below the summary: focus alone scrolled the summary, taller
      // than the window, to its middle (seen once in CI, with the button off screen when it was clicked).
      const send = root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;
      send.scrollIntoView({ block: 'end' });
      send.click();
      await until(() => root(el).activeElement?.classList.contains('error-summary'));
      const summary = root(el).querySelector('.error-summary')!.getBoundingClientRect();
      expect(summary.height, 'taller than the window').to.be.greaterThan(256);
      // Its heading, "There is a problem", is where the eye and a magnifier land.
      expect(Math.round(summary.top), 'the summary starts on screen').to.be.within(0, 256);
      await closeTab(el);
      const { b } = await bothChangeStrengths('Friends from A');
      await b.sync();
      await until(() => root(b).activeElement?.classList.contains('conflict'));
      const panel = root(b).querySelector('.conflict')!.getBoundingClientRect();
      expect(panel.height, 'taller than the window').to.be.greaterThan(256);
      expect(Math.round(panel.top), 'the panel starts on screen').to.be.within(0, 256);
    } finally {
      await setViewport(before);
    }
  });

  it('prints the receiving school the handover with its acknowledgement and messages, and nothing said about saving', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { messages: [message('pri-a', 'She walks with her brother.')] });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Acknowledge receipt'))!.click();
    await until(() => root(el).activeElement?.id === 'acknowledged');
    typeInto(el, 'question', 'Does she take the bus?');
    root(el).querySelector<HTMLButtonElement>('.send-question')!.click();
    await until(() => root(el).querySelector('.live')!.textContent!.includes('Your question was sent.'));
    await emulateMedia({ media: 'print' });
    try {
      expect(printed(el, '#acknowledged'), 'who acknowledged it, and when').to.equal(true);
      expect(printed(el, '.messages'), 'the conversation (the docs: review prints it)').to.equal(true);
      expect(printed(el, '.live p'), 'what a button just did').to.equal(false);
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });
});
