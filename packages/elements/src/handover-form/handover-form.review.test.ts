import { expect, fixture, html } from '@open-wc/testing';
import { createStore, delMany, keys } from 'idb-keyval';
import type { Handover } from '@c2c/schema';
import './define.js';
import type { C2cHandoverForm } from './handover-form.js';
import type { C2cHandoverField } from './parts/field.js';
import type { HandoverFormClient } from './parts/client.js';
import { FakeHub } from './test-utils/fake-hub.js';
import { tick, until } from './test-utils/waiting.js';
import { SIDE_FILE } from './test-utils/device-drafts.js';

/*
 * The receiving school's review block: what an acknowledgement stands for. Handover ids carry SIDE_FILE, as wtr runs
 * this file beside handover-form.test.ts in pages that share the device's storage (see device-drafts.ts).
 */

let seq = 0;
const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => root(el).textContent!.replace(/\s+/g, ' ');
const fieldText = (el: C2cHandoverForm, path: string) =>
  root(el)
    .querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!
    .shadowRoot!.textContent!.replace(/\s+/g, ' ');
const ackButton = (el: Element) =>
  [...root(el).querySelectorAll('button')].find((b) => /Acknowledge receipt|Cadarnhau ei dderbyn/.test(b.textContent!));

function submitted(hub: FakeHub, patch: Partial<Handover> = {}): Handover {
  return hub.seed(hub.firstLearner, 'y6-to-y7', {
    id: `hnd-${SIDE_FILE}-review-${++seq}`,
    status: 'submitted',
    submittedAt: new Date().toISOString(),
    ...patch,
  });
}

/** Opens handover `id` as the holder of `token` in `mode`, and waits until it has loaded. */
async function openAs(
  hub: FakeHub,
  token: string,
  id: string,
  mode: 'edit' | 'parent' | 'review' = 'edit',
  lang = 'en',
): Promise<C2cHandoverForm> {
  const el = await fixture<C2cHandoverForm>(
    html`<c2c-handover-form
      lang=${lang}
      mode=${mode}
      .client=${hub.client(token) as unknown as HandoverFormClient}
      handover-id=${id}
    ></c2c-handover-form>`,
  );
  await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
  await el.updateComplete;
  return el;
}

const reviewAs = (hub: FakeHub, token: string, id: string, lang = 'en') => openAs(hub, token, id, 'review', lang);

/** Types into one of the review block's boxes, as a person does. */
function typeInto(el: C2cHandoverForm, id: string, value: string): void {
  const box = root(el).querySelector<HTMLTextAreaElement>(`#${id}`)!;
  box.value = value;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** The sending school saves a correction straight to the hub, as its own form would. */
async function senderChanges(hub: FakeHub, h: Handover, strengths: string): Promise<void> {
  const client = hub.client('tok-teacher');
  const now = await client.handovers.get(h.id);
  await client.handovers.update(h.id, now.version, { sections: { strengths: { strengths } } });
}

afterEach(async () => {
  const drafts = createStore('c2c-handover-form', 'drafts');
  await delMany(
    (await keys(drafts)).filter((k) => String(k).includes(`${SIDE_FILE}-review`)),
    drafts,
  );
  for (const key of Object.keys(localStorage)) if (key.includes(`${SIDE_FILE}-review`)) localStorage.removeItem(key);
});

describe('<c2c-handover-form> review: acknowledging the copy read', () => {
  it('acknowledges the version on screen, and says so to the hub', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: { strengths: { strengths: 'Geography' } } });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    const read = h.version;
    ackButton(el)!.click();
    await until(() => hub.handovers.get(h.id)!.status === 'acknowledged');
    const sent = hub.requests.find((r) => r.method === 'POST' && r.path.endsWith('/acknowledge'))!;
    expect(sent.ifMatch).to.equal(`"${read}"`);
  });

  it('does not acknowledge a copy the sending school changed while it was read: shows the new one, keeps the note', async () => {
    const hub = new FakeHub();
    const h = submitted(hub, { sections: { strengths: { strengths: 'Geography' } } });
    const el = await reviewAs(hub, 'tok-receiver', h.id);
    expect(fieldText(el, 'sections.strengths.strengths')).to.contain('Geography');
    typeInto(el, 'ack-message', 'Thank you, all read.');
    // The sending school corrects an answer while the receiving school is reading.
    await senderChanges(hub, h, 'Geography and history');
    ackButton(el)!.click();
    await until(() => text(el).includes('changed this handover while you were reading it'));
    await el.updateComplete;
    expect(hub.handovers.get(h.id)!.status, 'not acknowledged').to.equal('submitted');
    // The copy on screen is the one the hub has now, and the note is still in its box.
    expect(fieldText(el, 'sections.strengths.strengths')).to.contain('Geography and history');
    expect(root(el).querySelector<HTMLTextAreaElement>('#ack-message')!.value).to.equal('Thank you, all read.');
    // Focus is on what happened, beside the button, where a keyboard user is.
    expect(root(el).activeElement?.textContent).to.contain('Read it again');
    await expect(el).to.be.accessible();
    // Read again, the newer copy is acknowledged, with the note.
    ackButton(el)!.click();
    await until(() => hub.handovers.get(h.id)!.status === 'acknowledged');
    expect(hub.handovers.get(h.id)!.messages.at(-1)!.body).to.equal('Thank you, all read.');
    await until(() => text(el).includes('Receipt acknowledged by'));
  });

  it('says it in Welsh on a Welsh page', async () => {
    const hub = new FakeHub();
    const h = submitted(hub);
    const el = await reviewAs(hub, 'tok-receiver', h.id, 'cy');
    await senderChanges(hub, h, 'Daearyddiaeth');
    ackButton(el)!.click();
    await until(() => text(el).includes('newidiodd yr ysgol sy’n anfon y trosglwyddiad hwn'));
    expect(hub.handovers.get(h.id)!.status).to.equal('submitted');
  });
});

describe('<c2c-handover-form> a handover the school sent to itself', () => {
  // An all-through primary's Year 2 teacher hands over to its Year 3 teacher: the hub lets that school's staff
  // acknowledge it once submitted (docs/hub.md), and the form must offer it, or nobody could.
  const toItself = (hub: FakeHub, patch: Partial<Handover> = {}) =>
    hub.seed(hub.firstLearner, 'infant-to-junior', {
      id: `hnd-${SIDE_FILE}-review-${++seq}`,
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      receivingOrganisationId: 'pri-a',
      ...patch,
    });

  it('offers its staff the acknowledgement, and takes it, beside the sender’s editor', async () => {
    const hub = new FakeHub();
    const h = toItself(hub);
    const el = await openAs(hub, 'tok-teacher2', h.id);
    await until(() => ackButton(el));
    // Still the sender's view: the answers stay editable until it is acknowledged.
    const fields = [...root(el).querySelectorAll<C2cHandoverField>('form c2c-handover-field')];
    expect(
      fields.some((f) => !f.readonly),
      'an editable field',
    ).to.equal(true);
    await expect(el).to.be.accessible();
    ackButton(el)!.click();
    await until(() => hub.handovers.get(h.id)!.status === 'acknowledged');
    await until(() => text(el).includes('Receipt acknowledged by'));
    expect(ackButton(el), 'no second acknowledgement').to.equal(undefined);
  });

  it('offers no acknowledgement to the school that sent it to another', async () => {
    const hub = new FakeHub();
    const el = await openAs(hub, 'tok-teacher', submitted(hub).id);
    await until(() => root(el).querySelector('[part="messages"]'));
    expect(ackButton(el)).to.equal(undefined);
  });
});

describe('<c2c-handover-form> review: messages between the schools', () => {
  for (const [lang, words] of [
    ['en', 'Test teacher, 14:05 on 3 March 2026'],
    ['cy', 'Test teacher, 14:05 ar 3 Mawrth 2026'],
  ] as const)
    it(`says when each message was sent, to the minute, in UK time (${lang})`, async () => {
      const hub = new FakeHub();
      const message = (at: string, body: string) => ({
        id: `m${at.slice(5, 7)}`,
        authorName: 'Test teacher',
        organisationId: 'pri-a',
        at,
        body,
      });
      const h = submitted(hub, {
        messages: [
          message('2026-03-03T14:05:00Z', 'She takes the 8:10 bus.'),
          // Summer time: 09:30 in the UK.
          message('2026-06-01T08:30:00Z', 'Her mum meets her.'),
        ],
      });
      const el = await reviewAs(hub, 'tok-receiver', h.id, lang);
      const meta = [...root(el).querySelectorAll('.messages .meta')].map((p) => p.textContent!.trim());
      expect(meta[0]).to.equal(words);
      expect(meta[1]).to.match(/^Test teacher, 09:30 (on|ar) 1 (June|Mehefin) 2026$/);
    });
});

/** Removes a form as closing its tab would, and waits until it has let go of its draft (see handover-form.test.ts). */
async function closeTab(el: Element): Promise<void> {
  el.remove();
  const held = async () =>
    (await navigator.locks.query()).held?.some((lock) => lock.name?.startsWith('c2c-handover-form|')) ?? false;
  const end = Date.now() + 5000;
  while (await held()) {
    if (Date.now() > end) throw new Error('The closed form kept its draft locked');
    await tick(10);
  }
}

/** Types into a field the way the browser reports typing, and waits until this device has it. */
async function typeAndKeep(el: C2cHandoverForm, path: string, value: string): Promise<void> {
  const f = root(el).querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!;
  await f.updateComplete;
  const kept = new Promise((r) =>
    el.addEventListener('c2c-handover-saved', (e) => e.detail.where === 'device' && r(e)),
  );
  const input = f.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea')!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await kept;
}

const status = (el: Element) => root(el).querySelector('[part="save-status"]')!.textContent!.replace(/\s+/g, ' ');

describe('<c2c-handover-form> corrections to a submitted handover', () => {
  for (const [who, token, mode, path, button] of [
    ['the sending school', 'tok-teacher', 'edit', 'sections.strengths.strengths', 'Save changes'],
    ['a parent', 'tok-parent', 'parent', 'sections.pupil-voice.all-about-me', 'Save your changes'],
  ] as const)
    it(`keeps ${who}'s changes on the device, not the hub, until they are saved, across a reload`, async () => {
      const hub = new FakeHub();
      const [section, question] = path.split('.').slice(1) as [string, string];
      const h = submitted(hub, { sections: { [section]: { [question]: 'Maps' } } });
      let el = await openAs(hub, token, h.id, mode);
      await typeAndKeep(el, path, 'Maps and half a sen');
      expect(status(el)).to.contain('Changes not sent yet');
      // The tab closes mid-sentence: nothing goes to the hub, where the receiving school would read it.
      await closeTab(el);
      el = await openAs(hub, token, h.id, mode);
      const field = root(el).querySelector<C2cHandoverField>(`c2c-handover-field[name="${path}"]`)!;
      expect(field.value, 'still on this device').to.equal('Maps and half a sen');
      expect(status(el)).to.contain('Changes not sent yet');
      expect(hub.count('PATCH', /\/v1\/handovers\//), 'nothing sent to the hub').to.equal(0);
      expect(hub.handovers.get(h.id)!.sections[section]![question]).to.equal('Maps');
      // Finished and saved, it goes.
      await typeAndKeep(el, path, 'Maps and history.');
      [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === button)!.click();
      await until(() => hub.handovers.get(h.id)!.sections[section]![question] === 'Maps and history.');
      await until(() => !status(el).includes('Changes not sent yet'));
      expect(hub.count('PATCH', /\/v1\/handovers\//)).to.equal(1);
    });

  it('says so in Welsh', async () => {
    const hub = new FakeHub();
    const h = submitted(hub);
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        lang="cy"
        .client=${hub.client('tok-teacher') as unknown as HandoverFormClient}
        handover-id=${h.id}
      ></c2c-handover-form>`,
    );
    await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
    await typeAndKeep(el, 'sections.strengths.strengths', 'Mapiau');
    await until(() => status(el).includes('Newidiadau heb eu hanfon eto'));
  });
});

describe('<c2c-handover-form> a receiving school that cannot receive the handover', () => {
  /**
   * A new Year 6 to Year 7 handover addressed to `receiver`, for a learner of this file's own (so the draft on the
   * device is this file's alone: see device-drafts.ts), with an answer typed and sent: the hub refuses to start it.
   * Checks what every refusal of the receiver must do, and returns the form for what is particular to one.
   */
  async function refusedFor(receiver: string, name: string, lang: string, words: string): Promise<C2cHandoverForm> {
    const hub = new FakeHub();
    const learnerId = `lrn-${SIDE_FILE}-${name}-${lang}`;
    hub.learners.set(learnerId, { ...hub.firstLearner, id: learnerId });
    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form
        lang=${lang}
        .client=${hub.client('tok-teacher') as unknown as HandoverFormClient}
        learner-id=${learnerId}
        transition="y6-to-y7"
        receiving-organisation-id=${receiver}
      ></c2c-handover-form>`,
    );
    await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
    await typeAndKeep(el, 'sections.strengths.strengths', 'Kind, and a strong reader.');
    await el.sync();
    await until(() => text(el).includes(words));
    expect(hub.count('POST', /^\/v1\/handovers$/)).to.be.greaterThan(0);
    expect(text(el), 'not the answers: there is no receiver field to fix').not.to.match(
      /did not accept some of the answers|Ni dderbyniodd yr hyb rai o’r atebion/,
    );
    // Nothing typed is lost: on screen, and on the device.
    const f = root(el).querySelector<C2cHandoverField>('c2c-handover-field[name="sections.strengths.strengths"]')!;
    expect(f.value).to.equal('Kind, and a strong reader.');
    expect(el.value!.sections.strengths!.strengths).to.equal('Kind, and a strong reader.');
    await expect(el).to.be.accessible();
    return el;
  }

  for (const [lang, words] of [
    [
      'en',
      'The receiving school or setting chosen cannot take this kind of handover. Choose another where you chose it',
    ],
    [
      'cy',
      'Ni all yr ysgol neu’r lleoliad a ddewiswyd i dderbyn y trosglwyddiad hwn dderbyn y math hwn o drosglwyddiad',
    ],
  ] as const)
    it(`says the host's choice of school has to change, keeping every word (${lang})`, async () => {
      // Addressed to a nursery.
      await refusedFor('nur-c', 'receiver', lang, words);
    });

  for (const [lang, words] of [
    [
      'en',
      'The receiving school or setting chosen is not known to the hub. Choose one from the hub’s list where you chose it',
    ],
    ['cy', 'Nid yw’r hyb yn gwybod am yr ysgol neu’r lleoliad a ddewiswyd i dderbyn y trosglwyddiad hwn'],
  ] as const)
    it(`says in its own words when the hub does not know the school chosen, keeping every word (${lang})`, async () => {
      // An id the hub has no organisation for (a typo in the host's list, or a school since removed).
      const el = await refusedFor('org-unknown', 'unknown-receiver', lang, words);
      expect(text(el), 'not the hub’s English').not.to.contain('not known to this hub');
    });

  it('says it when a draft started before the rule is submitted, and keeps it a draft', async () => {
    const hub = new FakeHub();
    const h = hub.seed(hub.firstLearner, 'y6-to-y7', {
      id: `hnd-${SIDE_FILE}-review-${++seq}`,
      // A primary school: it does not teach Key Stage 3.
      receivingOrganisationId: 'pri-d',
      sections: { 'pupil-voice': { 'all-about-me': 'I like maps.' }, strengths: { strengths: 'Kind.' } },
    });
    const el = await openAs(hub, 'tok-teacher', h.id);
    expect(await el.submit()).to.equal(undefined);
    await until(() => text(el).includes('This handover has not been submitted.'));
    expect(text(el)).to.contain('The receiving school or setting chosen cannot take this kind of handover.');
    expect(hub.handovers.get(h.id)!.status).to.equal('draft');
    expect(el.value!.sections.strengths!.strengths).to.equal('Kind.');
  });
});
