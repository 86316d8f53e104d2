import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { TRANSITIONS, type Transition } from '@c2c/schema';
import '../packages/elements/src/handover-form/define.js';
import type { C2cHandoverForm } from '../packages/elements/src/handover-form/handover-form.js';
import type { HandoverFormClient } from '../packages/elements/src/handover-form/parts/client.js';
import { FakeHub } from '../packages/elements/src/handover-form/test-utils/fake-hub.js';

/**
 * Stories run against an in-browser stand-in for the hub (the same one the browser tests use), with synthetic
 * learners only. Drafts typed here are kept in this browser's IndexedDB, as they would be on a school's machine.
 */
const hub = new FakeHub(6);
const [ava, ben, cai, dev, eli] = [...hub.learners.values()];
const client = (token = 'tok-teacher') => hub.client(token) as unknown as HandoverFormClient;

const withCp = hub.seed(ben!, 'y6-to-y7', {
  safeguardingTransferRequired: true,
  safeguarding: {
    cpFileExists: true,
    dslContacts: [{ name: 'Dana Shah', email: 'dsl@millbrook.example.org', side: 'sending' }],
    transfer: { method: 'specialist-system', sentAt: '2026-06-30T12:00:00Z', sentBy: 'Dana Shah' },
  },
  sections: {
    'pupil-voice': { 'all-about-me': 'I am good at football and I like my friends. I get worried when it is loud.' },
    strengths: {
      strengths: 'Kind to younger pupils; confident reader.',
      interests: 'Football, Lego, baking with Nan.',
    },
    'how-i-learn': { strategies: 'Short instructions, one at a time. A quiet space to finish work.', rag: 'amber' },
    family: { family: 'Lives with Mum and Nan. Nan collects on Fridays.', 'young-carer': false },
  },
});
const submitted = hub.seed(cai!, 'y6-to-y7', {
  status: 'submitted',
  submittedAt: '2026-07-03T09:30:00Z',
  sections: {
    'pupil-voice': { 'all-about-me': 'I like maps and trains. I want to learn Spanish at big school.' },
    strengths: { strengths: 'Excellent memory for facts; helpful in class.' },
    'how-i-learn': { rag: 'green' },
    attendance: { 'attendance-percent': 97 },
  },
  messages: [
    {
      id: 'm1',
      authorName: 'Mr Evans (Year 6)',
      organisationId: 'pri-a',
      at: '2026-07-03T09:31:00Z',
      body: 'Happy to talk about Cai’s move any time.',
    },
    {
      id: 'm2',
      authorName: 'Ms Okafor (Year 7 lead)',
      organisationId: 'sec-b',
      at: '2026-07-04T11:05:00Z',
      body: 'Thank you. Does Cai bring his own lunch, or will he need a dinner card from the first day?',
    },
  ],
});

const acknowledged = hub.seed(dev!, 'y6-to-y7', {
  status: 'acknowledged',
  version: 3,
  submittedAt: '2026-07-02T14:00:00Z',
  acknowledgedAt: '2026-07-08T10:15:00Z',
  acknowledgedBy: 'Ms Okafor (Year 7 lead)',
  sections: {
    'pupil-voice': { 'all-about-me': 'I like drawing dragons and I want to join the art club.' },
    strengths: { strengths: 'Creative; patient with younger children.' },
    family: { family: 'Lives with Dad and two sisters.' },
  },
});

const fileOnItsWay = hub.seed(eli!, 'y6-to-y7', {
  status: 'submitted',
  submittedAt: '2026-07-01T15:00:00Z',
  safeguardingTransferRequired: true,
  safeguarding: {
    cpFileExists: true,
    dslContacts: [{ name: 'Dana Shah', email: 'dsl@millbrook.example.org', side: 'sending' }],
    transfer: { method: 'specialist-system', sentAt: '2026-07-01T15:05:00Z', sentBy: 'Dana Shah' },
  },
  sections: { 'pupil-voice': { 'all-about-me': 'I like swimming and my cat Pepper.' } },
});

const meta: Meta = {
  title: 'Components/Handover form',
  component: 'c2c-handover-form',
  parameters: { layout: 'padded' },
};
export default meta;
type Story = StoryObj;

const transitionStory = (transition: Transition): Story => ({
  name: `Template: ${transition}`,
  render: () =>
    html`<c2c-handover-form
      user-role="teacher"
      learner-id=${`story-${transition}`}
      transition=${transition}
    ></c2c-handover-form>`,
});

export const Year6ToYear7 = transitionStory('y6-to-y7');
export const EarlyYearsToReception = transitionStory('ey-to-reception');
export const InfantToJunior = transitionStory('infant-to-junior');
export const Year11ToPost16 = transitionStory('y11-to-post16');
export const InYear = transitionStory('in-year');

/** A new draft for a learner on the hub: details prefilled from the hub, saved as a draft at the first change. */
export const NewDraftWithHub: Story = {
  render: () =>
    html`<c2c-handover-form
      .client=${client()}
      learner-id=${ava!.id}
      transition="y6-to-y7"
      receiving-organisation-id="sec-b"
    ></c2c-handover-form>`,
};

/** The DSL sees and edits the safeguarding record (never the file's content). */
export const RoleDsl: Story = {
  name: 'Role: designated safeguarding lead',
  render: () => html`<c2c-handover-form .client=${client('tok-dsl')} handover-id=${withCp.id}></c2c-handover-form>`,
};

/** A teacher sees only that a DSL-to-DSL transfer is needed. */
export const RoleTeacher: Story = {
  name: 'Role: teacher',
  render: () => html`<c2c-handover-form .client=${client('tok-teacher')} handover-id=${withCp.id}></c2c-handover-form>`,
};

/** A parent or carer adds to "All about me" and "Family and relationships" only. */
export const ModeParent: Story = {
  name: 'Mode: parent or carer',
  render: () =>
    html`<c2c-handover-form
      mode="parent"
      .client=${client('tok-parent')}
      handover-id=${withCp.id}
    ></c2c-handover-form>`,
};

/** The receiving school: read-only, print-friendly, acknowledge receipt and ask questions. */
export const ModeReview: Story = {
  name: 'Mode: review (receiving school)',
  render: () =>
    html`<c2c-handover-form
      mode="review"
      .client=${client('tok-receiver')}
      handover-id=${submitted.id}
    ></c2c-handover-form>`,
};

/** The sending school's view of a submitted handover: still editable, with the receiving school's question and a reply box. */
export const SenderMessages: Story = {
  name: 'Submitted: a question from the receiving school',
  render: () =>
    html`<c2c-handover-form .client=${client('tok-teacher')} handover-id=${submitted.id}></c2c-handover-form>`,
};

/** The receiving school's DSL confirms that the child-protection file has arrived; the hub records who and when. */
export const ReviewReceivingDsl: Story = {
  name: 'Mode: review (receiving DSL, file to confirm)',
  render: () =>
    html`<c2c-handover-form
      mode="review"
      .client=${client('tok-receiver-dsl')}
      handover-id=${fileOnItsWay.id}
    ></c2c-handover-form>`,
};

/** Once the receiving school has acknowledged receipt, the sender's copy is read-only: the hub takes no more changes. */
export const AcknowledgedSender: Story = {
  name: 'Acknowledged: read-only for the sender',
  render: () =>
    html`<c2c-handover-form .client=${client('tok-teacher')} handover-id=${acknowledged.id}></c2c-handover-form>`,
};

/** A parent opening an acknowledged handover is told it is closed and to contact the school. */
export const AcknowledgedParent: Story = {
  name: 'Acknowledged: closed for a parent',
  render: () =>
    html`<c2c-handover-form
      mode="parent"
      .client=${client('tok-parent')}
      handover-id=${acknowledged.id}
    ></c2c-handover-form>`,
};

/** Submitting with required answers missing: the error summary takes focus and links to each field. */
export const ErrorSummary: Story = {
  name: 'Error: required answers missing',
  render: () =>
    html`<c2c-handover-form user-role="teacher" learner-id="story-errors" transition="y6-to-y7"></c2c-handover-form>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('form'); i++) await new Promise((r) => setTimeout(r, 20));
    await el.submit();
  },
};

/** The hub cannot be reached: changes stay on this device and are sent when it answers again. */
export const ErrorOffline: Story = {
  name: 'Error: hub cannot be reached',
  render: () => {
    const offline = new FakeHub(1);
    offline.offline = true;
    return html`<c2c-handover-form
      .client=${offline.client() as unknown as HandoverFormClient}
      user-role="teacher"
      learner-id=${offline.firstLearner.id}
      transition="y6-to-y7"
    ></c2c-handover-form>`;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('form'); i++) await new Promise((r) => setTimeout(r, 20));
    await el.sync();
  },
};

/**
 * The page's own Content-Security-Policy does not name the hub (its `connect-src` was not updated): the form says the
 * work stays on this device and trying again will not help, and tells the page through `c2c-hub-problem`.
 */
export const ErrorBlockedByPage: Story = {
  name: 'Error: the page blocks the hub',
  render: () => {
    const blocked = new FakeHub(1);
    blocked.blockedByPage = true;
    return html`<c2c-handover-form
      .client=${blocked.client() as unknown as HandoverFormClient}
      user-role="teacher"
      learner-id=${blocked.firstLearner.id}
      transition="y6-to-y7"
    ></c2c-handover-form>`;
  },
};

/**
 * The hub would not take the submission: the form says it has not been submitted and why, keeps every answer, and
 * says so whenever the handover is opened again until the teacher submits again.
 */
export const ErrorNotSubmitted: Story = {
  name: 'Error: not submitted',
  render: () => {
    const refusing = new FakeHub(1);
    refusing.refuseSubmit = true;
    const h = refusing.seed(refusing.firstLearner, 'y6-to-y7', {
      sections: { 'pupil-voice': { 'all-about-me': 'I like maps.' }, strengths: { strengths: 'Kind.' } },
    });
    return html`<c2c-handover-form
      .client=${refusing.client() as unknown as HandoverFormClient}
      handover-id=${h.id}
    ></c2c-handover-form>`;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('form'); i++) await new Promise((r) => setTimeout(r, 20));
    await el.submit();
  },
};

/**
 * The host addressed a Year 6 to Year 7 handover to a primary school, which does not teach Key Stage 3: the hub refuses
 * to send it, and the form says the choice of school has to change where it was made, keeping every answer.
 */
export const ErrorReceiverNotAllowed: Story = {
  name: 'Error: the receiving school cannot receive it',
  render: () => {
    const local = new FakeHub(1);
    const h = local.seed(local.firstLearner, 'y6-to-y7', {
      receivingOrganisationId: 'pri-d',
      sections: { 'pupil-voice': { 'all-about-me': 'I like maps.' }, strengths: { strengths: 'Kind.' } },
    });
    return html`<c2c-handover-form
      .client=${local.client() as unknown as HandoverFormClient}
      handover-id=${h.id}
    ></c2c-handover-form>`;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('form'); i++) await new Promise((r) => setTimeout(r, 20));
    await el.submit();
  },
};

/** Someone else saved the same answer first: both versions side by side, one choice per answer. */
export const Conflict: Story = {
  render: () => {
    const local = new FakeHub(1);
    const h = local.seed(local.firstLearner, 'y6-to-y7', {
      sections: { strengths: { strengths: 'Loves science experiments.' } },
    });
    return html`<div data-handover=${h.id} data-hub="conflict">
      <c2c-handover-form
        .client=${local.client() as unknown as HandoverFormClient}
        handover-id=${h.id}
      ></c2c-handover-form>
    </div>`;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form')!;
    const path = 'c2c-handover-field[name="sections.strengths.strengths"]';
    // The section is in the second frame of the form (the first shows its top).
    for (let i = 0; i < 100 && !el.shadowRoot?.querySelector(path); i++) await new Promise((r) => setTimeout(r, 20));
    const f = el.shadowRoot!.querySelector(path)!;
    const input = f.shadowRoot!.querySelector('textarea')!;
    // Another person saves first, through the hub's own client.
    const other = el.client!;
    const id = el.currentHandoverId!;
    const theirs = await other.handovers.get(id);
    await other.handovers.update(id, theirs.version, {
      sections: { ...theirs.sections, strengths: { strengths: 'Loves science; leads the eco club.' } },
    });
    input.value = 'Loves science experiments and helping others.';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.sync();
  },
};

/**
 * The same draft opened twice in one browser (as two tabs would): the first edits it, the second shows it
 * read-only with a notice, and opens it for changes, with everything written in the first, once that one closes.
 */
export const OpenInAnotherTab: Story = {
  name: 'Open in another tab',
  render: () =>
    html`<c2c-handover-form user-role="teacher" learner-id="story-two-tabs" transition="y6-to-y7"></c2c-handover-form>
      <c2c-handover-form
        data-second
        user-role="teacher"
        learner-id="story-two-tabs"
        transition="y6-to-y7"
      ></c2c-handover-form>`,
  play: async ({ canvasElement }) => {
    // The first form is to stand in for the other tab; the story shows the second, as that tab would.
    const first = canvasElement.querySelector<C2cHandoverForm>('c2c-handover-form:not([data-second])')!;
    first.hidden = true;
  },
};

/** Welsh, from the page's `lang`: every label, hint, message and the template's own questions. */
export const Welsh: Story = {
  name: 'Welsh (Cymraeg)',
  render: () =>
    html`<div lang="cy">
      <c2c-handover-form user-role="dsl" learner-id="story-cy" transition="y6-to-y7"></c2c-handover-form>
    </div>`,
};

/** Welsh review mode for a receiving school in Wales. */
export const WelshReview: Story = {
  name: 'Welsh review mode',
  render: () =>
    html`<div lang="cy">
      <c2c-handover-form
        mode="review"
        .client=${client('tok-receiver')}
        handover-id=${submitted.id}
      ></c2c-handover-form>
    </div>`,
};

export const AllTransitions: Story = {
  render: () =>
    html`${TRANSITIONS.map(
      (t) =>
        html`<c2c-handover-form user-role="teacher" learner-id=${`story-all-${t}`} transition=${t}></c2c-handover-form>
          <hr />`,
    )}`,
};
