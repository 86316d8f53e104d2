import { expect, fixture, html } from '@open-wc/testing';
import { createStore, delMany, keys } from 'idb-keyval';
import type { Handover } from '@c2c/schema';
import './define.js';
import type { C2cHandoverForm } from './handover-form.js';
import type { C2cHandoverField } from './parts/field.js';
import type { HandoverFormClient } from './parts/client.js';
import { FakeHub } from './test-utils/fake-hub.js';
import { until } from './test-utils/waiting.js';
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

async function reviewAs(hub: FakeHub, token: string, id: string, lang = 'en'): Promise<C2cHandoverForm> {
  const el = await fixture<C2cHandoverForm>(
    html`<c2c-handover-form
      lang=${lang}
      mode="review"
      .client=${hub.client(token) as unknown as HandoverFormClient}
      handover-id=${id}
    ></c2c-handover-form>`,
  );
  await until(() => root(el).querySelector('form') && !root(el).querySelector('[aria-busy="true"]'));
  await el.updateComplete;
  return el;
}

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
