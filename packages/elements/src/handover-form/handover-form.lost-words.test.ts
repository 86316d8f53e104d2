/*
 * Paths on which a teacher's words could be lost, overwritten silently or given to the wrong learner: each test
 * makes one of them happen (a fault in the network, a learner switched by the host page, a file read while the
 * teacher types) and checks that every word ends up where it belongs.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clear, createStore } from 'idb-keyval';
import { writeRecord } from './parts/autosave.js';
import { emptyState, type LocalRecord } from './parts/model.js';
import './define.js';
import type { C2cHandoverForm } from './handover-form.js';
import type { C2cHandoverField } from './parts/field.js';
import type { HandoverFormClient } from './parts/client.js';
import { STANDARD_TEMPLATES } from '@c2c/schema';
import { FakeHub } from './test-utils/fake-hub.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => unknown, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${check.toString()}`);
    await tick(10);
  }
}
const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => root(el).textContent!.replace(/\s+/g, ' ');
const field = (el: C2cHandoverForm, path: string) =>
  root(el).querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!;
function inputOf(el: C2cHandoverForm, path: string) {
  return field(el, path).shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
}
async function ready(el: C2cHandoverForm) {
  await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
  await el.updateComplete;
}
/** Types into a field the way the browser reports typing: the inner control's value, then input and change. */
async function type(el: C2cHandoverForm, path: string, value: string) {
  const f = field(el, path);
  await f.updateComplete;
  const input = inputOf(el, path);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const hubClient = (hub: FakeHub, token?: string) => hub.client(token) as unknown as HandoverFormClient;

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
  }
  return { file: new SlowFile([CTF], 'pupil.xml', { type: 'text/xml' }), finish };
}
/** Drops a file on the form's CTF area, as dragging it from the desktop does. */
function dropFile(el: C2cHandoverForm, file: File): void {
  const drop = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(drop, 'dataTransfer', { value: { files: [file] } });
  root(el).querySelector('.ctf')!.dispatchEvent(drop);
}

beforeEach(async () => {
  await clear(createStore('c2c-handover-form', 'drafts'));
  for (const key of Object.keys(localStorage)) if (key.startsWith('c2c-handover-form|')) localStorage.removeItem(key);
});

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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form learner-id="lrn-a" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
    );
    await ready(el);
    await import('@c2c/schema/ctf'); // so the file's reading is all that is left to wait for
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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form learner-id="lrn-c" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
    );
    await ready(el);
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
    const hub = new FakeHub();
    const [first, second, third] = [...hub.learners.values()];
    const h1 = hub.seed(first!, 'y6-to-y7', { sections: { strengths: { strengths: 'First child' } } });
    const h2 = hub.seed(second!, 'y6-to-y7', { sections: { strengths: { strengths: 'Second child' } } });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${h1.id}></c2c-handover-form>`,
    );
    await ready(el);
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

  it('sends the last words typed to the hub when the form leaves the page (a route change in a portal)', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind.' } } });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(el);
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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        learner-id=${hub.firstLearner.id}
        transition="y6-to-y7"
      ></c2c-handover-form>`,
    );
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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form learner-id="lrn-long" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
    );
    await ready(el);
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
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      sections: { strengths: { strengths: 'Geography' } },
    });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        mode="review"
        .client=${hubClient(hub, 'tok-receiver')}
        handover-id=${h.id}
      ></c2c-handover-form>`,
    );
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
    expect(root(el).querySelector<HTMLTextAreaElement>('#ack-message')!.value).to.equal(long);
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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form learner-id="lrn-old" transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
    );
    await ready(el);
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
    const hub = new FakeHub();
    const [first, second] = [...hub.learners.values()];
    const complete = {
      'pupil-voice': { 'all-about-me': 'I like maps.' },
      strengths: { strengths: 'Kind.' },
    };
    const h1 = hub.seed(first!, 'y6-to-y7', { sections: complete });
    const h2 = hub.seed(second!, 'y6-to-y7', { sections: { strengths: { strengths: 'Second child' } } });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${h1.id}></c2c-handover-form>`,
    );
    await ready(el);
    // A save of the first child is on its way (a slow connection) when the teacher clicks Submit, and the MIS
    // moves on to the next child straight after.
    let release!: () => void;
    hub.writesWait = new Promise((r) => (release = r));
    await type(el, 'sections.strengths.interests', 'Maps and trains');
    void el.sync();
    await until(() => hub.waitingWrites > 0);
    const submitted = el.submit();
    await tick(50);
    el.handoverId = h2.id;
    await until(() => el.currentHandoverId === h2.id);
    hub.writesWait = undefined;
    release();
    await submitted;
    await until(() => hub.handovers.get(h1.id)!.status === 'submitted');
    expect(hub.handovers.get(h1.id)!.sections.strengths!.interests).to.equal('Maps and trains');
    expect(hub.handovers.get(h2.id)!.status, 'not the child on screen').to.equal('draft');
    await ready(el);
    expect(text(el), 'no banner of the first child on the second').not.to.contain('submitted on');
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
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        learner-id=${learner.id}
        transition="y6-to-y7"
      ></c2c-handover-form>`,
    );
    await ready(el);
    let release!: () => void;
    hub.writesWait = new Promise((r) => (release = r));
    await type(el, 'sections.strengths.strengths', 'Kind');
    // A host framework hands the form an equal copy of its template on a re-render: the same draft opens again.
    el.template = structuredClone(STANDARD_TEMPLATES['y6-to-y7']);
    await tick(50);
    await ready(el);
    await type(el, 'sections.strengths.strengths', 'Kind and funny');
    await el.saveNow();
    const syncing = el.sync();
    hub.writesWait = undefined;
    release();
    expect(await syncing).to.equal(true);
    await until(() => [...hub.handovers.values()].some((h) => h.sections.strengths?.strengths === 'Kind and funny'));
    expect([...hub.handovers.values()].filter((h) => h.learnerId === learner.id)).to.have.length(1);
    expect(!!root(el).querySelector('.notice.hub-error'), 'no refusal of a reused key').to.equal(false);
  });
  it('retries creating a draft whose answer was lost with the same request, though the teacher typed on meanwhile', async () => {
    const hub = new FakeHub();
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        .client=${hubClient(hub)}
        learner-id=${hub.firstLearner.id}
        transition="y6-to-y7"
      ></c2c-handover-form>`,
    );
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
  it('does not take its own save whose answer was lost for someone else’s change', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', { sections: { strengths: { strengths: 'Kind' } } });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form .client=${hubClient(hub)} handover-id=${h.id}></c2c-handover-form>`,
    );
    await ready(el);
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
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      sections: { strengths: { strengths: 'Kind', 'hobbies-old': 'Chess club on Tuesdays' } },
    });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        mode="review"
        .client=${hubClient(hub, 'tok-receiver')}
        handover-id=${h.id}
      ></c2c-handover-form>`,
    );
    await ready(el);
    const orphans = root(el).querySelector('[part~="orphans"]')!.textContent!.replace(/\s+/g, ' ');
    expect(orphans).to.contain('Chess club on Tuesdays');
    expect(orphans, 'nothing to copy in a read-only view').not.to.contain('copy');
  });
});
