import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  HandoverUpdateSchema,
  LearnerCoreSchema,
  SafeguardingSchema,
  STANDARD_TEMPLATES,
  TRANSITIONS,
  type Answer,
  type Handover,
  type HandoverTemplate,
  type HandoverUpdate,
  type LearnerCore,
  type Role,
  type Transition,
} from '@c2c/schema';
import { LocalizeController, type Lang, type Messages } from '../shared/localize.js';
import { emit } from '../shared/events.js';
import { styles } from './handover-form.styles.js';
import { strings, type HandoverFormMessageKey } from './strings.js';
import { C2cHandoverField, isEmpty, type FieldOption, type FieldWords } from './parts/field.js';
import {
  AutosaveController,
  deleteRecord,
  readRecord,
  recordKey,
  storagePatience,
  writeRecord,
} from './parts/autosave.js';
import {
  asConflict,
  describeError,
  handoversOf,
  isRefused,
  isTransient,
  type HandoverFormClient,
} from './parts/client.js';
import {
  emptyState,
  fieldPaths,
  getAt,
  newKey,
  same,
  setAt,
  stateFromHandover,
  type DraftState,
  type LocalRecord,
} from './parts/model.js';
import {
  checkField,
  isValid,
  learnerSpecs,
  pick,
  questionSpec,
  safeguardingSpecs,
  type FieldSpec,
} from './parts/questions.js';
import {
  RECEIPT_PATHS,
  adoptReceiverReceipt,
  readSafeguarding,
  receiptConfirmedByReceiver,
  safeguardingGaps,
  writeSafeguarding,
} from './parts/safeguarding.js';
import { renderErrorSummary, type SummaryItem } from './parts/error-summary.js';
import type { ConflictView } from './parts/conflict.js';
import type { CtfOutcome } from './parts/ctf-import.js';
type CtfPart = typeof import('./parts/ctf-import.js');
import type { ReviewController } from './parts/review.js';
import { TabLock } from './parts/tab-lock.js';
import { ukClock, ukToday } from '../shared/uk-time.js';

/** How the form is shown: `edit` for the sending school, `review` for the receiving school, `parent` for a parent or carer. */
export type HandoverFormMode = 'edit' | 'review' | 'parent';

/** Detail of `c2c-handover-saved`. */
export interface HandoverSavedDetail {
  where: 'device' | 'hub';
  /** ISO timestamp of the save. */
  at: string;
  handoverId?: string;
  version?: number;
}

declare global {
  interface HTMLElementEventMap {
    'c2c-handover-change': CustomEvent<{ path: string; value: unknown }>;
    'c2c-handover-saved': CustomEvent<HandoverSavedDetail>;
    'c2c-handover-submitted': CustomEvent<{ handover: Handover }>;
    'c2c-handover-conflict': CustomEvent<{ fields: string[]; currentVersion: number }>;
    'c2c-handover-acknowledged': CustomEvent<{ handover: Handover }>;
    'c2c-hub-problem': CustomEvent<HandoverHubProblemDetail>;
  }
}

/**
 * Detail of `c2c-hub-problem`: something only the page's owner can put right stops the form reaching the hub. The
 * teacher is told their work stays on this device; this tells the site, which may not log anything about a child.
 */
export interface HandoverHubProblemDetail {
  /**
   * `blocked_by_page_policy`: the page's own Content-Security-Policy does not let the form connect to the hub (its
   * origin is missing from `connect-src`, or `default-src` where there is none). Add it where the site sets its policy.
   */
  code: 'blocked_by_page_policy';
  /** The SDK's English explanation, naming the hub's origin; nothing about the handover or the child. */
  message: string;
}

/** Sections a parent or carer may add to when the template does not say (the hub's rule). */
const PARENT_SECTIONS = ['pupil-voice', 'family'];
const UPN_DEBOUNCE_MS = 300;
const NO_OPTIONS: FieldOption[] = [];
const HUB_DEBOUNCE_MS = 1500;
/**
 * Learner details in a form's first frame: under the heading and the CTF area, a laptop's first screen shows the
 * names, date of birth and UPN (the ULN is next), not the choices below them, whose radio and select templates Lit
 * would otherwise prepare before that frame. The rest follow in the next task, as the sections do.
 */
const FIRST_SCREEN_DETAILS = 6;
/** Hub problem codes a person can act on, with the words for them (used where the hub's English will not do). */
const HUB_ERROR_KEYS: Record<string, HandoverFormMessageKey> = {
  invalid_state: 'hubErrorInvalidState',
  forbidden: 'hubErrorForbidden',
  not_found: 'hubErrorNotFound',
  validation_failed: 'hubErrorValidation',
  receiver: 'hubErrorReceiver',
  unknown_receiver: 'hubErrorUnknownReceiver',
  unauthenticated: 'hubErrorSignIn',
  token_expired: 'hubErrorSignIn',
  rate_limited: 'hubErrorRateLimited',
  blocked_by_page_policy: 'hubBlocked',
};
/** The SDK's code for a request the page's own Content-Security-Policy refused: no retry gets through. */
const BLOCKED = 'blocked_by_page_policy';
let blockedWords: Promise<unknown> | undefined;
/** After the hub could not be reached while the browser is online: try again after 2 s, doubling to 1 minute. */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 60_000;

/** What a hub save needs to know about the person sending it, taken when the save is asked for. */
interface PushContext {
  isParent: boolean;
  isDsl: boolean;
  /** Only the sending DSL's record of the child-protection transfer may go (the handover is acknowledged). */
  sgAfterAck: boolean;
  /** The sections a parent may add to. */
  sections: string[];
}

/** Misuse of the element, with a message that says what to do. */
export class HandoverFormConfigError extends Error {
  readonly code = 'handover_form_config';
  constructor(message: string) {
    super(`<c2c-handover-form>: ${message} See docs/components/handover-form.md.`);
    this.name = 'HandoverFormConfigError';
  }
}

/** The retention sweep (parts/retention.ts), fetched when first used. */
const forgetDeviceCopies = (olderThanDays: number): Promise<number> =>
  import('./parts/retention.js').then((m) => m.forgetSyncedRecords(olderThanDays));

/** Runs `task` once the page is idle (after the next frame where there is no requestIdleCallback). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5000 });
  else requestAnimationFrame(() => setTimeout(task, 0));
}

let reviewChunk: Promise<typeof import('./parts/review.js')> | undefined;
/** The review block's chunk, fetched once per page; a failed fetch is tried again next time it is needed. */
function reviewParts(): Promise<typeof import('./parts/review.js')> {
  return (reviewChunk ??= import('./parts/review.js').catch((err: unknown) => {
    reviewChunk = undefined;
    throw err;
  }));
}

type ConflictPart = typeof import('./parts/conflict.js');
/** The conflict panel's chunk once fetched: the panel renders from it without waiting. */
let conflictPart: ConflictPart | undefined;
/** Fetches the conflict chunk once per page; a failed fetch is tried again at the next conflict. */
async function conflictParts(): Promise<ConflictPart> {
  return (conflictPart ??= await import('./parts/conflict.js'));
}

/** The retention periods this page has already applied to device copies (once per page and period is enough). */
const retentionChecked = new Set<number>();

/**
 * A transition handover for one child, written by the sending setting and read by the receiving one. Sections
 * and questions come from the transition's template, so a trust's own questions appear without code. Every
 * change is kept on the device within a second and sent to the hub as a draft; offline saves and submissions
 * wait in an outbox; a second editor's changes are merged field by field and never overwritten silently.
 *
 * The element is form-associated: inside a host's own `<form>` its answers appear in `FormData` under their
 * paths (`learner.upn`, `sections.pupil-voice.all-about-me`, ...), and a disabled `<fieldset>` around it disables
 * its answers, as it does native inputs.
 *
 * @summary Transition handover form that never loses a word.
 * @slot header - Replaces the default heading (template title and learner's name).
 * @slot footer - Extra content under the form's buttons (a host's help link, say).
 * @event c2c-handover-change - An answer changed. `detail: { path, value }`.
 * @event c2c-handover-saved - The draft was saved. `detail: { where: 'device' | 'hub', at, handoverId?, version? }`.
 * @event c2c-handover-submitted - The hub accepted the submission. `detail: { handover }`.
 * @event c2c-handover-conflict - Someone else saved changes to the same answers; the form asks which to keep. `detail: { fields, currentVersion }`.
 * @event c2c-handover-acknowledged - The receiving school acknowledged receipt. `detail: { handover }`.
 * @event c2c-hub-problem - The page's own Content-Security-Policy does not let the form reach the hub (`connect-src` lacks its origin), so work stays on this device: for the site's owner to fix. Sent once per handover opened. `detail: { code: 'blocked_by_page_policy', message }`.
 * @csspart base - The whole form.
 * @csspart header - The heading and save status.
 * @csspart save-status - "Saved on this device at 14:03. Saved to the hub at 14:03." (UK time).
 * @csspart error-summary - The list of problems shown on submit.
 * @csspart conflict - The panel that compares your version with theirs.
 * @csspart section - Each section of the form.
 * @csspart section-title - Each section's heading.
 * @csspart ctf - The Common Transfer File import area.
 * @csspart safeguarding - The safeguarding section (DSL) or its notice (everyone else).
 * @csspart actions - The row of buttons.
 * @csspart submit-button - The submit button.
 * @csspart review - The acknowledge and questions area in review mode.
 * @csspart messages - The sending school's messages with the receiving school, below a submitted handover.
 * @csspart orphans - Answers kept from questions the template has since renamed or removed, shown to copy from.
 * @cssprop --c2c-color-text - Text colour.
 * @cssprop --c2c-color-error - Error colour (messages, error summary border).
 * @cssprop --c2c-color-focus - Focus ring colour.
 * @cssprop --c2c-color-success - Primary button colour.
 * @cssprop --c2c-color-border - Section borders.
 * @cssprop --c2c-handover-section-gap - Space between sections.
 * @cssprop --c2c-handover-max-width - Widest the form grows.
 */
export class C2cHandoverForm extends LitElement {
  static formAssociated = true;
  static override styles = styles;

  /** The `@c2c/sdk` client (or anything with the same handover methods). Without it the form works on this device only. */
  @property({ attribute: false }) client: HandoverFormClient | undefined = undefined;
  /** Open an existing handover from the hub. */
  @property({ attribute: 'handover-id' }) handoverId = '';
  /** Start a handover for this learner (with `transition`): a draft is created on the hub at the first save. */
  @property({ attribute: 'learner-id' }) learnerId = '';
  @property() transition: Transition | '' = '';
  @property({ attribute: 'receiving-organisation-id' }) receivingOrganisationId = '';
  /** A template to use instead of the standard one for the transition (a trust's own questions). */
  @property({ attribute: false }) template: HandoverTemplate | undefined = undefined;
  /**
   * The person's role, for use without a hub, or while the hub cannot say who is signed in. With a client, the role
   * `client.me()` reports is used instead whenever the hub answers (or answered earlier in this tab), so the form
   * never offers what the hub would refuse. (Not `role`: that attribute is the element's ARIA role, and
   * `role="dsl"` would be an invalid one.)
   */
  @property({ attribute: 'user-role', reflect: true }) userRole: Role | '' = '';
  /**
   * The signed-in person's hub user id, as the host knows it from its own sign-in. Used only when the hub cannot be
   * reached to say who is signed in (`client.me()`), so that a tab opened offline finds that person's drafts on
   * this device; whenever the hub answers, its answer is used instead. The form itself keeps who signed in for the
   * tab only, so on a shared computer one person's drafts never open for the next by themselves: which drafts an
   * offline tab opens follows the host's sign-in, and a host that ends it on sign-out leaves them closed.
   */
  @property({ attribute: 'user-id' }) userId = '';
  @property({ reflect: true }) mode: HandoverFormMode = 'edit';
  /** The field name in a host `<form>`; answers are sent as `<name>.<path>` when set, else as `<path>`. */
  @property({ reflect: true }) name = '';
  /**
   * Days this device keeps its copy of a handover once the hub has it (default 30). Children's data should not
   * stay on a shared computer longer than needed; copies with changes the hub has not got are kept until they are
   * sent or discarded, whatever their age. Checked once per page, after the form first renders.
   */
  @property({ attribute: 'device-retention-days', type: Number }) deviceRetentionDays = 30;
  /** Override any message, per language: `{ en: { submit: 'Send to next school' } }`. */
  @property({ attribute: false }) messages:
    Partial<Record<Lang, Partial<Messages<HandoverFormMessageKey>>>> | undefined = undefined;

  @state() private phase: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private loadError = '';
  @state() private tpl: HandoverTemplate | undefined;
  @state() private errors: Record<string, string> = {};
  @state() private summary: SummaryItem[] = [];
  @state() private savedDeviceAt: Date | undefined;
  @state() private savedHubAt: Date | undefined;
  @state() private notice:
    { kind: 'offline' | 'submit-queued' | 'hub-error' | 'info' | 'error'; text: string } | undefined;
  @state() private localNewerAt: string | undefined;
  /** "Discard this device's changes" was pressed once: the form asks before throwing words away. */
  @state() private confirmingDiscard = false;
  @state() private conflict: ConflictView | undefined;
  @state() private busy: '' | 'submit' = '';
  /** The acknowledgement, messages and receipt block, once its chunk has arrived (submitted handovers only). */
  @state() private review: ReviewController | undefined;
  @state() private ctf: (CtfOutcome & { busy?: boolean }) | undefined;
  /** The CTF chunk, once a file has been chosen: it reads files and words what it found. */
  private ctfPart: CtfPart | undefined;
  @state() private handover: Handover | undefined;
  @state() private effectiveRole: Role = 'teacher';
  @state() private actionMessage = '';
  /** What "Save draft" last said in the status region, taken away at the next change. */
  private saveSaid = '';
  /** The status region's words when they say an action failed, so they look like an error, not a success. */
  private failedSaid = '';
  /** The submitted banner when it takes focus from the submit button it replaces (outside the status region). */
  @state() private submittedFocus = '';
  /** The form is on screen and this device's draft is still being read (on-device learners only). */
  @state() private restoring = false;
  /** This device's storage has not answered a read for {@link storagePatience}: the form says it is waiting. */
  @state() private storageSlow = false;
  /**
   * True from a learner's form being shown until the frame after: only the top of the form (the first of the
   * learner's details, or a parent's first section) is in that first frame, so it is on screen sooner; the rest
   * follows in the next task. Creating and laying out all the fields at once is most of a cold open's time.
   */
  @state() private firstScreen = true;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  /** The same draft is open in another tab, which edits it; this one waits, read-only. */
  @state() private elsewhere = false;
  /** A disabled `<fieldset>` or form around the element: its answers take no input, as native inputs would not. */
  @state() private hostDisabled = false;
  /** The page's own policy refuses the hub (see {@link pageBlocks}): nothing will reach it from this page. */
  @state() private blocked = false;

  private readonly l = new LocalizeController<HandoverFormMessageKey>(this, strings, () => this.messages);
  private readonly internals: ElementInternals;
  private record: LocalRecord | undefined;
  private initialState: DraftState | undefined;
  private readonly autosave = new AutosaveController(
    this,
    () => this.record,
    (record, at) => this.onDeviceSaved(record, at),
  );
  private loadSeq = 0;
  private readonly tabLock = new TabLock();
  private abort: AbortController | undefined;
  private hubTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 0;
  private upnTimer: ReturnType<typeof setTimeout> | undefined;
  private hubChain: Promise<boolean> = Promise.resolve(true);
  /** The record a hub save is under way for. */
  private pushing: LocalRecord | undefined;
  /**
   * A submitted handover whose changes someone asked to send (Save changes, `sync()`). The receiving school reads a
   * submitted handover as the hub has it, so its changes wait on this device until asked for, never half-typed.
   */
  private sendAsked: LocalRecord | undefined;
  /** The client the record on screen was opened with (the host may set another, for another person). */
  private recordClient: HandoverFormClient | undefined;
  private submitInFlight: Promise<Handover | undefined> | undefined;
  private triedSubmit = false;
  private focusSummary = false;
  private specIndex = new Map<string, FieldSpec>();
  private specLang: Lang | undefined;
  private organisationId: string | undefined;
  /** Fields changed while the draft was being read: they keep what was typed when the draft fills the rest. */
  private typedBeforeRestore: Set<string> | undefined;
  /** How many changes the person has made to this record, and the count at each field's latest change. */
  private edits = 0;
  private readonly lastEdit = new Map<string, number>();
  /** Settles once the draft (if any) is in the record; submitting waits for it. */
  private restoration: Promise<unknown> = Promise.resolve();
  private wordsFor: { lang: Lang; messages: C2cHandoverForm['messages']; words: FieldWords } | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
    // The answers are <c2c-handover-field> elements. Registered when a form is first made, not on import (the class
    // has no side effects), so a host that defines the form under its own tag without define.ts still gets working
    // fields, as Shoelace registers a component's dependencies.
    if (!customElements.get('c2c-handover-field')) customElements.define('c2c-handover-field', C2cHandoverField);
  }

  private t = (key: HandoverFormMessageKey, values?: Record<string, string | number>) => this.l.t(key, values);

  /**
   * Removes this device's copies of handovers the hub already has (all of them, or those saved here more than
   * `olderThanDays` ago), for example when someone signs out of a shared computer. Copies with unsent changes
   * stay. Resolves to how many were removed.
   */
  static forgetDeviceCopies(options: { olderThanDays?: number } = {}): Promise<number> {
    return forgetDeviceCopies(options.olderThanDays ?? 0);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Taken off the page while loading (the load's requests were aborted then) and put back, as a host that moves
    // the form into a dialog does: nothing else would start it again, and the form would say "Loading" for good.
    if (this.phase === 'loading' && this.abort?.signal.aborted) void this.load();
    else if (this.record) this.guard(this.record, this.loadSeq);
    window.addEventListener('online', this.onOnline);
    const days =
      Number.isFinite(this.deviceRetentionDays) && this.deviceRetentionDays >= 0 ? this.deviceRetentionDays : 30;
    if (!retentionChecked.has(days)) {
      retentionChecked.add(days);
      // When the page is idle after the form is painted: the sweep's first localStorage read is a synchronous
      // round trip to the browser and it reads every record in IndexedDB, neither of which the form's first
      // paint should wait behind.
      whenIdle(() => void forgetDeviceCopies(days).catch(() => 0));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The next tab waiting for this draft reads it from IndexedDB, so it gets it once the last change is there.
    void this.autosave.flush().finally(() => {
      if (!this.isConnected) this.tabLock.release();
    });
    if (this.record && (this.hubTimer !== undefined || this.retryTimer !== undefined)) this.sendOnLeaving(this.record);
    window.removeEventListener('online', this.onOnline);
    this.abort?.abort();
    clearTimeout(this.hubTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.upnTimer);
    this.hubTimer = this.upnTimer = undefined;
  }

  /** A page in Welsh loads the Welsh messages first (once per page), so it never shows English before Welsh. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l.whenLoaded(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mode') || changed.has('userRole') || this.specLang !== this.l.lang) {
      this.specIndex.clear();
      this.specLang = this.l.lang;
    }
    if (
      (['client', 'handoverId', 'learnerId', 'transition', 'userRole', 'userId', 'template'] as const).some((k) =>
        changed.has(k),
      )
    ) {
      // Runs synchronously as far as it can, so a form that needs nothing from the hub is in this very update.
      void this.load();
    }
    // A draft submitted here, or a mode switched by the host, needs the review block from now on (a chunk that
    // failed to arrive, offline say, is asked for again at the next update).
    if (this.phase === 'ready' && !this.review && this.needsReview) void this.loadReview().catch(() => undefined);
    // The same for the notice of this device's newer changes (its chunk had not arrived as the handover opened).
    if (this.phase === 'ready' && this.localNewerAt && !conflictPart)
      void conflictParts().then(
        () => this.requestUpdate(),
        () => undefined,
      );
  }

  protected override updated(): void {
    if (this.phase === 'ready' && this.firstScreen && this.restTimer === undefined) {
      // A task posted from a frame callback runs after that frame is painted. The timer on its own is for a
      // tab in the background, which gets no frames but must still have the whole form.
      const rest = () => {
        clearTimeout(this.restTimer);
        this.restTimer = undefined;
        this.firstScreen = false;
      };
      this.restTimer = setTimeout(rest, 100);
      requestAnimationFrame(() => setTimeout(rest));
    }
    if (this.focusSummary) {
      this.focusSummary = false;
      this.focusAt(this.renderRoot.querySelector<HTMLElement>('.error-summary'));
    }
  }

  // ---------------------------------------------------------------- public API

  /** The answers as they stand now (a copy). */
  get value(): DraftState | undefined {
    return this.record ? structuredClone(this.record.state) : undefined;
  }

  /** The handover's id on the hub, once it has one. */
  get currentHandoverId(): string | undefined {
    return this.record?.handoverId;
  }

  /** Writes any waiting change to this device now; resolves when it is stored. */
  saveNow(): Promise<void> {
    return this.autosave.flush();
  }

  /** Sends waiting changes (and a queued submission) to the hub now. Resolves to false when they had to wait. */
  async sync(): Promise<boolean> {
    await this.autosave.flush();
    this.sendAsked = this.record;
    return this.flushOutbox();
  }

  /**
   * Checks every answer and submits the handover. A second call while one is in flight returns the same
   * promise, and the idempotency key is kept on the device, so the hub never receives two submissions.
   */
  submit(): Promise<Handover | undefined> {
    return (this.submitInFlight ??= this.doSubmit().finally(() => (this.submitInFlight = undefined)));
  }

  /**
   * Asks before the device's changes are thrown away (a slip of the mouse must not lose them), and puts focus on
   * the question, or back on the button when the person keeps them.
   */
  private async askDiscard(ask: boolean): Promise<void> {
    this.confirmingDiscard = ask;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(ask ? '#discard-q' : '.discard')?.focus();
  }

  /**
   * Throws away this device's changes to the handover on screen and shows the hub's copy instead: the answers, and
   * any submission waiting to be sent with them, are replaced on screen and on this device, so a reload does not
   * bring them back; a conflict panel open about them closes. It does not ask first: the form's own button does,
   * and a host calling this is expected to have asked. Resolves without changing anything when there is no hub
   * copy to go back to (no `client`, or a new draft the hub has not created yet). Rejects, changing nothing and
   * saying so in the form, when the hub's copy cannot be fetched.
   */
  async discardLocalChanges(): Promise<void> {
    const r = this.record;
    if (!r || !this.client || !r.handoverId) return;
    let server: Handover;
    try {
      server = await handoversOf(this.client).get(r.handoverId);
    } catch (err) {
      // Without the hub's copy nothing is discarded: the person pressing the button is told so, not left guessing.
      this.notice = { kind: 'hub-error', text: this.t('actionFailed', { message: this.hubWords(err) }) };
      throw err;
    }
    const base = stateFromHandover(server);
    Object.assign(r, {
      version: server.version,
      status: server.status,
      state: structuredClone(base),
      base,
      // Now, not the hub's date: the discard must be newer than the changes it throws away, or a copy of them in
      // IndexedDB or a stash (the discard's own write timed out, or the page went with them unwritten) would win
      // on the next read and bring them back.
      changedAt: new Date().toISOString(),
    });
    r.pending = { save: false };
    this.handover = server;
    this.localNewerAt = undefined;
    // A conflict panel still open would offer "your version" of words just thrown away, and bring them back.
    this.conflict = undefined;
    this.confirmingDiscard = false;
    this.actionMessage = this.t('discarded');
    this.errors = {};
    await this.autosave.save(r);
    this.syncHostForm();
    this.requestUpdate();
  }

  // ---------------------------------------------------------------- loading

  private async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    // Anything typed under the previous learner is written before the next one opens.
    if (!this.autosave.idle) {
      await this.autosave.flush();
      if (seq !== this.loadSeq) return;
    }
    if (this.record && !this.opensAgain(this.record)) this.sendOnLeaving(this.record);
    this.resetView();
    this.recordClient = this.client;
    this.organisationId = undefined;
    const transition = this.transition;
    if (!this.handoverId && !(this.learnerId && transition)) {
      this.tabLock.release();
      this.elsewhere = false;
      this.phase = 'idle';
      return;
    }
    if (transition && !(TRANSITIONS as readonly string[]).includes(transition)) {
      this.fail(
        new HandoverFormConfigError(`transition="${transition}" is not one of ${TRANSITIONS.join(', ')}.`).message,
      );
      return;
    }
    this.phase = 'loading';
    try {
      const client = this.client;
      let userKey = this.userRole ? `role:${this.userRole}` : 'local';
      let role: Role = this.userRole || 'teacher';
      if (client) {
        let me: { id: string; role: Role; organisationId?: string } | undefined;
        try {
          const p = await client.me({ signal: abort.signal });
          me = { id: p.user.id, role: p.user.role, organisationId: p.user.organisationId };
          rememberPrincipal(me);
        } catch (err) {
          if (!isTransient(err)) throw err;
          await this.pageBlocks(err);
          // Offline: the host's word for who is signed in, else who signed in in this tab (a reload).
          const remembered = rememberedPrincipal();
          me =
            this.userId && this.userId !== remembered?.id
              ? { id: this.userId, role: this.userRole || 'teacher' }
              : remembered;
        }
        if (me) {
          userKey = me.id;
          // The hub's word for the role wins over the host's: a host that says `dsl` for a teacher would otherwise
          // offer a safeguarding record the hub refuses, and with it every other answer in the same save.
          role = me.role;
          this.organisationId = me.organisationId;
        }
      }
      if (seq !== this.loadSeq) return;
      this.effectiveRole = role;

      let record: LocalRecord | undefined;
      if (this.handoverId) {
        record = await this.open(recordKey(userKey, { handoverId: this.handoverId }), this.handoverId, abort.signal);
      } else {
        const key = recordKey(userKey, { learnerId: this.learnerId, transition });
        if (!client) return await this.openOnDevice(seq, key, transition as Transition);
        const local = await this.readLocal(key);
        if (local?.handoverId) record = await this.open(local.key, local.handoverId, abort.signal, local);
        else if (local) record = local;
        else {
          record = this.newRecord(key, transition as Transition);
          const learners = (
            client as
              | { learners?: { get(id: string, o?: { signal?: AbortSignal }): Promise<LearnerCore & { id: string }> } }
              | undefined
          )?.learners;
          if (learners) {
            try {
              const learner = await learners.get(this.learnerId, { signal: abort.signal });
              record.state.learner = pickLearnerCore(learner);
            } catch (err) {
              if (!isTransient(err)) throw err;
            }
          }
        }
      }
      if (seq !== this.loadSeq) return;
      if (!record) throw new Error(this.t('loadFailed', { message: '' }));
      this.record = record;
      this.initialState = structuredClone(record.state);
      if (record.savedLocallyAt) this.savedDeviceAt = new Date(record.savedLocallyAt);
      if (record.savedToHubAt) this.savedHubAt = new Date(record.savedToHubAt);
      // A submitted handover opens with its review block in place, not a moment after the rest of the form.
      [this.tpl] = await Promise.all([
        this.resolveTemplate(record, abort.signal),
        this.needsReview ? this.loadReview() : undefined,
      ]);
      // The notice about this device's newer changes, and the discard it offers, come with the conflict chunk.
      if (this.localNewerAt) await conflictParts().catch(() => undefined);
      if (seq !== this.loadSeq) return;
      const mine = this.guard(record, seq);
      // Said at once, not at the first save: the teacher should know before typing that it stays on this device.
      if (this.blocked) this.notice = { kind: 'offline', text: this.waiting('save') };
      this.phase = 'ready';
      this.syncHostForm();
      // Sent by the tab that edits the draft only: a read-only tab's copy may be behind what that tab has typed.
      if (record.pending.save || record.pending.submit) void mine.then((m) => m && this.flushOutbox());
    } catch (err) {
      if (seq !== this.loadSeq || abort.signal.aborted) return;
      this.fail(this.hubWords(err));
    }
  }

  /** Reads this device's copy, and says so on screen when the browser's storage is slow to answer. */
  private readLocal(key: string): Promise<LocalRecord | undefined> {
    const reading = readRecord(key);
    const timer = setTimeout(() => (this.storageSlow = true), storagePatience.ms);
    const done = () => {
      clearTimeout(timer);
      this.storageSlow = false;
    };
    reading.then(done, done);
    return reading;
  }

  private newRecord(key: string, transition: Transition): LocalRecord {
    return {
      key,
      status: 'draft',
      learnerId: this.learnerId,
      transition,
      templateId: this.template?.id ?? `std-${transition}`,
      state: emptyState(this.receivingOrganisationId || null),
      changedAt: new Date().toISOString(),
      createKey: newKey(),
      pending: { save: false },
    };
  }

  /**
   * A learner on this device only (no hub). Nothing the form shows depends on the draft's arrival, so the form
   * is shown at once with a new record, and the draft kept on this device (if any) fills that record in place
   * as soon as IndexedDB answers (the first open of the database on a page takes tens of milliseconds, far more
   * on a slow disk). Until then the form is inert, so no one types into an answer the draft is about to fill;
   * a change made anyway (a script, say) wins over the draft for its field, and no save can reach IndexedDB
   * before the draft has been read, so neither the draft nor the change is lost.
   */
  private async openOnDevice(seq: number, key: string, transition: Transition): Promise<void> {
    const reading = this.readLocal(key);
    const record = this.newRecord(key, transition);
    const typed = (this.typedBeforeRestore = new Set<string>());
    const restored = reading.then((draft) => {
      if (this.typedBeforeRestore === typed) this.typedBeforeRestore = undefined;
      if (!draft) return undefined;
      const opened = structuredClone(draft.state);
      const mine = record.state;
      Object.assign(record, draft);
      for (const path of typed) writeField(record.state, path, readField(mine, path));
      if (typed.size) {
        record.changedAt = new Date().toISOString();
        record.pending.save = true;
      }
      return opened;
    });
    this.autosave.hold(record, restored);
    this.restoration = restored.catch(() => undefined);
    this.record = record;
    this.initialState = structuredClone(record.state);
    this.tpl = this.template ?? STANDARD_TEMPLATES[transition];
    this.guard(record, seq);
    this.restoring = true;
    this.phase = 'ready';
    this.syncHostForm();
    let opened: DraftState | undefined;
    try {
      opened = await restored;
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.restoring = false;
      this.fail(this.hubWords(err));
      return;
    }
    if (seq !== this.loadSeq) return;
    this.restoring = false;
    if (!opened) return;
    this.initialState = opened;
    if (record.savedLocallyAt) this.savedDeviceAt = new Date(record.savedLocallyAt);
    if (record.savedToHubAt) this.savedHubAt = new Date(record.savedToHubAt);
    this.syncHostForm();
    this.requestUpdate();
  }

  /** Opens a handover the hub knows, reconciling it with any copy on this device. */
  private async open(
    key: string,
    id: string,
    signal: AbortSignal,
    known?: LocalRecord,
  ): Promise<LocalRecord | undefined> {
    const local = known ?? (await this.readLocal(key));
    let server: Handover | undefined;
    if (this.client) {
      try {
        server = await handoversOf(this.client).get(id, { signal });
      } catch (err) {
        if (!isTransient(err) || !local) throw err;
      }
    }
    if (!server) return local;
    this.handover = server;
    if (local) adoptReceiverReceipt(local.state, server);
    const unsent = !!local && (local.pending.save || !!local.pending.heldBack);
    if (local && unsent && !same(local.state, stateFromHandover(server))) {
      // This device has work the hub has not seen (a crash, a closed tab, offline, or answers held back until
      // they are complete): keep it, say so, and let the next save merge it with anything that changed on the
      // hub meanwhile.
      this.localNewerAt = local.changedAt;
      return { ...local, status: server.status };
    }
    const base = stateFromHandover(server);
    return {
      key: local?.key ?? key,
      handoverId: server.id,
      version: server.version,
      status: server.status,
      learnerId: server.learnerId,
      transition: server.transition,
      templateId: server.templateId,
      state: structuredClone(base),
      base,
      changedAt: server.updatedAt,
      ...(local?.savedLocallyAt ? { savedLocallyAt: local.savedLocallyAt } : {}),
      savedToHubAt: server.updatedAt,
      createKey: local?.createKey ?? newKey(),
      pending: {
        save: false,
        ...(local?.pending.submit && server.status === 'draft' ? { submit: local.pending.submit } : {}),
      },
      ...(local?.submitNotSent && server.status === 'draft' ? { submitNotSent: local.submitNotSent } : {}),
    };
  }

  private async resolveTemplate(record: LocalRecord, signal: AbortSignal): Promise<HandoverTemplate> {
    if (this.template) return this.template;
    const standard = STANDARD_TEMPLATES[record.transition];
    if (record.templateId === standard.id || !this.client) return standard;
    try {
      return await this.client.templates.get(record.templateId, { signal });
    } catch (err) {
      if (isTransient(err)) return standard;
      throw err;
    }
  }

  private resetView(): void {
    this.firstScreen = true;
    clearTimeout(this.restTimer);
    this.restTimer = undefined;
    this.record = undefined;
    this.handover = undefined;
    this.tpl = undefined;
    this.errors = {};
    this.summary = [];
    this.notice = undefined;
    this.localNewerAt = undefined;
    this.conflict = undefined;
    this.ctf = undefined;
    this.savedDeviceAt = this.savedHubAt = undefined;
    this.triedSubmit = this.blocked = false;
    this.actionMessage = this.submittedFocus = '';
    this.restoring = false;
    this.typedBeforeRestore = undefined;
    this.lastEdit.clear();
    this.restoration = Promise.resolve();
    this.specIndex.clear();
    clearTimeout(this.hubTimer);
    clearTimeout(this.retryTimer);
    this.hubTimer = undefined;
  }

  private fail(message: string): void {
    this.phase = 'error';
    this.loadError = message;
  }

  // ---------------------------------------------------------------- editing

  private get isParent(): boolean {
    return this.mode === 'parent' || this.effectiveRole === 'parent';
  }
  /** Review for `mode="review"`, and always for staff of the receiving school: only the sender edits. */
  private get isReview(): boolean {
    return !this.isParent && (this.mode === 'review' || this.isReceiver);
  }
  /**
   * The receiving school's side, which asks the questions and confirms the file arrived. Taken from the hub's word
   * for who is signed in when there is one, not from `mode`: a host shows its own school's acknowledged handover
   * read-only with `mode="review"`, and its staff must still be offered a reply, not a question to themselves.
   */
  private get isReceiver(): boolean {
    const h = this.handover;
    if (this.isParent) return false;
    return h && this.organisationId ? h.sendingOrganisationId !== this.organisationId : this.mode === 'review';
  }
  /**
   * A handover the school sent to itself (an all-through primary's Year 2 teacher to its Year 3 teacher): once it is
   * submitted, its staff also take the receiving school's part, as the hub lets them, while the view stays the
   * sender's.
   */
  private get receivesToo(): boolean {
    const h = this.handover;
    return (
      !this.isParent &&
      !this.isReceiver &&
      !!h &&
      h.status !== 'draft' &&
      h.receivingOrganisationId === this.organisationId
    );
  }
  /** Acknowledged by the receiving school: the hub takes no more changes to it from anyone. */
  private get closed(): boolean {
    return (this.handover?.status ?? this.record?.status) === 'acknowledged';
  }
  /** The sending DSL may still record the child-protection transfer once acknowledged: the file often goes later. */
  private get sgAfterAck(): boolean {
    return this.closed && this.isDsl && !this.isReview;
  }
  /** Nothing on screen can be changed: the receiving school's review, or a handover already acknowledged. */
  private get readOnly(): boolean {
    return this.isReview || this.closed;
  }
  private get isDsl(): boolean {
    return this.effectiveRole === 'dsl';
  }
  /**
   * A handover past its draft shows the review block (or, to its sender, the messages with the receiver); a parent
   * adding to it needs the chunk's words for that (its save button and introduction), and nothing else of it.
   */
  private get needsReview(): boolean {
    return this.readOnly || (this.handover?.status ?? 'draft') !== 'draft';
  }
  /**
   * Sent, and not yet acknowledged: the hub still takes changes from the sending school and from a parent, and the
   * receiving school reads each one as soon as it is saved, so "Save draft" would say the opposite. The words come
   * with the review chunk; until it is here, the draft's.
   */
  private get afterSubmit(): boolean {
    return !!this.review && this.handover?.status === 'submitted';
  }

  /**
   * Makes this the one tab editing the draft, or else shows it read-only until the tab that is editing it lets
   * go, and then opens it again from this device with everything that tab wrote. Not awaited: the form is on
   * screen at once and the answer comes back within a frame or two, before anyone could type.
   */
  private guard(record: LocalRecord, seq: number): Promise<boolean> {
    const name = `${record.key.split('|')[0]}|${record.learnerId}|${record.transition}`;
    const reopen = () => {
      if (seq === this.loadSeq) void this.load();
    };
    return this.tabLock.take(name, reopen).then((mine) => {
      if (seq === this.loadSeq) this.elsewhere = !mine;
      return mine;
    });
  }

  private async loadReview(): Promise<void> {
    const { ReviewController } = await reviewParts();
    this.review ??= new ReviewController({
      el: this,
      t: this.t,
      date: (iso) => this.l.date(iso),
      handover: () => this.handover,
      client: () => this.client,
      record: () => this.record,
      isReview: () => this.isReceiver,
      receives: () => this.isReceiver || this.receivesToo,
      hubWords: (err) => this.hubWords(err),
      setHandover: (h) => (this.handover = h),
      announce: (message, failed) => {
        this.actionMessage = message;
        this.failedSaid = failed ? message : '';
      },
    });
  }

  private visibleSections(): HandoverTemplate['sections'] {
    const tpl = this.tpl;
    if (!tpl) return [];
    if (!this.isParent) return tpl.sections;
    return tpl.sections.filter(
      (s) => s.contributors.includes('parent') || (s.contributors.length === 0 && PARENT_SECTIONS.includes(s.id)),
    );
  }

  /** Every field the person can edit, by path (rebuilt when the language, mode or template changes). */
  private specs(): Map<string, FieldSpec> {
    if (this.specIndex.size) return this.specIndex;
    const index = this.specIndex;
    // In page order, which the error summary follows: learner details, the template's sections, safeguarding.
    if (!this.isParent) for (const spec of learnerSpecs(this.t)) index.set(spec.path, spec);
    for (const s of this.visibleSections())
      for (const q of s.questions) {
        const spec = questionSpec(s.id, q, this.l.lang);
        index.set(spec.path, spec);
      }
    if (this.isDsl && !this.isParent) {
      const sg = safeguardingSpecs(this.t);
      for (const spec of [...sg.flags, ...sg.sending, ...sg.receiving, ...sg.transfer]) index.set(spec.path, spec);
    }
    return index;
  }

  /** The draft's value at a field path: an answer, a learner detail or a safeguarding field, all Answer-shaped. */
  private read(path: string): Answer | undefined {
    const state = this.record?.state;
    return state ? readField(state, path) : undefined;
  }

  private onFieldInput = (e: Event) => {
    const field = e.target as HTMLElement & { name: string; value: unknown };
    const path = field.name;
    const record = this.record;
    if (!record || !path || this.hostDisabled || (this.readOnly && !(this.sgAfterAck && path.startsWith('sg.'))))
      return;
    let value = field.value;
    if (e.type === 'change' && typeof value === 'string' && /^learner\.(upn|uln)$/.test(path)) {
      // Identifiers are stored as the MIS prints them: no spaces, capital letters.
      const tidy = value.replace(/\s+/g, '').toUpperCase();
      if (tidy !== value) field.value = value = tidy;
    }
    // Leaving a field fires `change` even when its input events already wrote the value: that is no new work
    // to keep or send (it would make a draft the hub has look unsent), but it still checks the answer.
    const changed = !same(readField(record.state, path), value);
    if (changed) {
      writeField(record.state, path, value);
      this.typedBeforeRestore?.add(path);
      this.lastEdit.set(path, ++this.edits);
      this.changed(record);
    }
    this.revalidate(path, value, e.type === 'input');
    if (changed) emit(this, 'c2c-handover-change', { path, value });
  };

  private revalidate(path: string, value: unknown, typing: boolean): void {
    const spec = this.specs().get(path);
    if (!spec) return;
    if (spec.variant === 'upn' && typing) {
      // Checked as the person types, but only once they pause, so a half-typed UPN is not an error.
      clearTimeout(this.upnTimer);
      this.upnTimer = setTimeout(() => {
        this.upnTimer = undefined;
        this.setError(path, checkField(spec, this.read(path), this.t, { requiredNow: this.triedSubmit }));
      }, UPN_DEBOUNCE_MS);
      return;
    }
    // While typing, only clear errors (never add one mid-word); a committed change may show a new one.
    const message = checkField(spec, value, this.t, { requiredNow: this.triedSubmit });
    if (typing && message && !this.errors[path]) return;
    this.setError(path, message);
  }

  private setError(path: string, message: string): void {
    if ((this.errors[path] ?? '') === message) return;
    const next = { ...this.errors };
    if (message) next[path] = message;
    else delete next[path];
    this.errors = next;
    // An error comes or goes after the change that caused it was mirrored (when the field is left, or after the
    // pause a UPN is checked after): the host form must hear of it now, not at the next change.
    this.syncValidity();
    if (this.summary.length)
      this.summary = this.summary
        .filter((i) => i.path !== path || message)
        .map((i) => (i.path === path ? { ...i, message } : i));
  }

  /** Mirrors the answers into a host `<form>` (FormData) and reports validity there, as a native control does. */
  private syncHostForm(): void {
    const record = this.record;
    if (!record) return;
    const data = new FormData();
    const prefix = this.name ? `${this.name}.` : '';
    for (const path of this.specs().keys()) {
      const v = this.read(path);
      if (isEmpty(v)) continue;
      if (Array.isArray(v)) for (const item of v) data.append(prefix + path, String(item));
      else data.append(prefix + path, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
    }
    this.internals.setFormValue(data, JSON.stringify(record.state));
    this.syncValidity();
  }

  /** A host `<form>` is blocked by exactly the errors on screen, no more and none late. */
  private syncValidity(): void {
    const first = Object.values(this.errors)[0];
    if (first) this.internals.setValidity({ customError: true }, first);
    else this.internals.setValidity({});
  }

  formDisabledCallback(disabled: boolean): void {
    this.hostDisabled = disabled;
  }

  /** The host form was reset: back to the answers as they were when the handover opened. */
  formResetCallback(): void {
    if (!this.record || !this.initialState) return;
    this.record.state = structuredClone(this.initialState);
    this.errors = {};
    this.changed(this.record);
    this.requestUpdate();
  }

  /**
   * `record` changed here: kept on the device and queued for the hub. The change time must move on, or an older
   * copy (a stash, the hub's) would win over this change at the next reload.
   */
  private changed(record: LocalRecord): void {
    record.changedAt = new Date().toISOString();
    record.pending.save = true;
    // What "Save draft" said is out of date at the next change; the header's status carries on.
    if (this.saveSaid && this.actionMessage === this.saveSaid) this.actionMessage = '';
    this.saveSaid = '';
    this.autosave.schedule(record);
    this.scheduleHub();
    this.syncHostForm();
  }

  /** The browser restored the page (back/forward, crash recovery): put the answers back. */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    // While the draft is still being read there is nothing of ours to restore yet (as while loading).
    if (typeof state !== 'string' || !this.record || this.restoring) return;
    try {
      this.record.state = JSON.parse(state) as DraftState;
      this.requestUpdate();
    } catch {
      /* not ours: ignore */
    }
  }

  // ---------------------------------------------------------------- saving

  private onDeviceSaved(record: LocalRecord, at?: Date): void {
    if (record !== this.record) return;
    const failed = this.notice?.kind === 'error';
    if (!at) {
      this.notice = { kind: 'error', text: this.t('deviceSaveFailed') };
      return;
    }
    if (failed) this.notice = undefined;
    this.savedDeviceAt = at;
    emit(this, 'c2c-handover-saved', { where: 'device', at: at.toISOString(), ...ids(record) });
  }

  private scheduleHub(): void {
    if (!this.client || this.conflict) return;
    clearTimeout(this.hubTimer);
    clearTimeout(this.retryTimer);
    this.hubTimer = setTimeout(() => {
      this.hubTimer = undefined;
      void this.flushOutbox();
    }, HUB_DEBOUNCE_MS);
  }

  /**
   * The hub could not be reached: while the browser is offline its `online` event brings the outbox back; while
   * it is online (the hub or the network beyond the school is down) nothing would, so try again, backing off. Not
   * when the page's own policy refuses the hub: every try would be refused the same way.
   */
  private retryLater(): void {
    if (this.blocked || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    clearTimeout(this.retryTimer);
    this.retryDelay = Math.min(this.retryDelay ? this.retryDelay * 2 : RETRY_FIRST_MS, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flushOutbox();
    }, this.retryDelay);
  }

  /** What waits, and why: the browser is offline, or it is online and the hub did not answer. */
  private waiting(what: 'save' | 'submit'): string {
    if (this.blocked) return this.t('hubBlockedKept');
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    if (what === 'save') return this.t(offline ? 'offlineQueued' : 'hubUnreachableQueued');
    return this.t(offline ? 'submitQueued' : 'hubUnreachableSubmit');
  }

  /**
   * True when `err` is the SDK's word that the page's own Content-Security-Policy refused the request (its
   * `connect-src` does not name the hub): no retry can get through until the site changes its policy, so the form
   * stops trying and says so, and tells the page's owner (`c2c-hub-problem`). The words come in a chunk of their
   * own, in before this resolves; where it cannot be fetched the form carries on as if the hub were down.
   */
  private async pageBlocks(err: unknown): Promise<boolean> {
    const { code, message } = describeError(err);
    if (code !== BLOCKED) return false;
    try {
      await (blockedWords ??= import('./strings-blocked.js').then((m) => Object.assign(strings.en, m.blockedEn)));
    } catch {
      blockedWords = undefined;
      return false;
    }
    if (!this.blocked) emit(this, 'c2c-hub-problem', { code, message });
    return (this.blocked = true);
  }

  private reachedHub(): void {
    this.retryDelay = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private onOnline = () => {
    if (this.record && (this.record.pending.save || this.record.pending.submit)) void this.flushOutbox();
  };

  /** Sends the outbox (a waiting save, then a waiting submission). One run at a time, in order. */
  private flushOutbox(): Promise<boolean> {
    return this.enqueue(async () => {
      const ok = await this.pushToHub();
      if (ok && this.record?.pending.submit) return (await this.pushSubmit()) !== undefined;
      return ok;
    });
  }

  /**
   * Runs `task` after every hub call already queued. A run that throws fails for its own caller only: were the
   * queue left rejected, every later save and submission would be skipped without a word, for as long as the
   * element lives, while the teacher kept typing into a form that looked as if it saved.
   */
  private enqueue(task: () => Promise<boolean>): Promise<boolean> {
    const run = this.hubChain.then(task);
    this.hubChain = run.catch(() => false);
    return run;
  }

  /**
   * Sends `record`'s waiting changes: the one on screen, or one the form has just left (another learner opened,
   * or the form taken off the page), with the client and the person's rights it was opened with.
   */
  private async pushToHub(
    record = this.record,
    ctx = this.pushContext(),
    client = this.record === record ? this.client : undefined,
  ): Promise<boolean> {
    if (!record || !client) return false;
    const onScreen = record === this.record;
    if (onScreen && (this.conflict || this.elsewhere)) return false;
    if (!record.pending.save && record.handoverId) return true;
    if (record.status === 'submitted' && record !== this.sendAsked) return false;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      // A queued submission is the bigger news: keep saying that it will go, not only the changes.
      if (onScreen && this.notice?.kind !== 'submit-queued')
        this.notice = { kind: 'offline', text: this.t('offlineQueued') };
      return false;
    }
    this.pushing = record;
    try {
      return await this.sendRecord(record, ctx, client);
    } finally {
      if (this.pushing === record) this.pushing = undefined;
    }
  }

  /** Who is sending, as the patch depends on it: taken when the send is asked for, as the form may move on. */
  private pushContext(): PushContext {
    return {
      isParent: this.isParent,
      isDsl: this.isDsl,
      sgAfterAck: this.sgAfterAck,
      sections: this.visibleSections().map((s) => s.id),
    };
  }

  /**
   * The form moves on from `record` (another learner opened on this element, or the element taken off the
   * page, as a portal's route change does): changes still waiting for the pause before a hub save go now, or
   * they would reach the hub only if this device opened that handover again, which for a batch of 30 learners
   * may be never.
   */
  private sendOnLeaving(record: LocalRecord): void {
    const client = this.recordClient;
    // A save of it already on its way carries its changes (and what is typed after it left follows it: see
    // sendRecord); one meeting a conflict waits for the person's choice.
    if (!client || !record.pending.save || this.conflict || this.pushing === record) return;
    const ctx = this.pushContext();
    void this.enqueue(() => this.pushToHub(record, ctx, client)).catch(() => false);
  }

  /**
   * The load about to run opens `record` again (a host re-setting a property, the tab lock handing the draft
   * back): it reads the waiting changes from the device and sends them itself, and a send from here as well
   * could reach the hub as a second create under the same idempotency key with a different body.
   */
  private opensAgain(record: LocalRecord): boolean {
    return this.handoverId
      ? this.handoverId === record.handoverId
      : this.learnerId === record.learnerId && this.transition === record.transition;
  }

  private async sendRecord(record: LocalRecord, ctx: PushContext, client: HandoverFormClient): Promise<boolean> {
    const sent = structuredClone(record.state);
    const { patch, held } = this.patchFor(sent, record.base, ctx);
    const updating = !!record.handoverId;
    try {
      let saved: Handover;
      if (!record.handoverId) {
        if (!record.createBody) {
          record.createBody = {
            transition: record.transition,
            learnerId: record.learnerId,
            receivingOrganisationId: sent.receivingOrganisationId,
            ...(record.templateId ? { templateId: record.templateId } : {}),
            sections: sent.sections,
            ...(ctx.isDsl ? { safeguardingTransferRequired: sent.safeguardingTransferRequired } : {}),
            ...(ctx.isDsl && validSafeguarding(sent) ? { safeguarding: sent.safeguarding } : {}),
          };
          // On the device before it is sent, so a retry after a reload sends the same request too.
          await this.autosave.save(record);
        }
        saved = await handoversOf(client).create(structuredClone(record.createBody), {
          idempotencyKey: record.createKey,
        });
        delete record.createBody;
        await this.moveToHandoverKey(record, saved.id);
        // The hub fills in the learner from its own records: those fill the gaps here, and anything typed
        // here wins and goes to the hub in an update straight away. The answers are all this form's own, so
        // an empty one stays empty: one deleted while the draft was being created is deleted, not refilled.
        const serverState = stateFromHandover(saved);
        const overlaid = overlay(serverState, sent);
        record.state = { ...overlay(serverState, record.state), sections: record.state.sections };
        if (!same(overlaid, serverState))
          saved = await handoversOf(client).update(
            saved.id,
            saved.version,
            this.patchFor(overlaid, record.base, ctx).patch,
          );
        this.requestUpdate();
      } else {
        saved = await handoversOf(client).update(record.handoverId, record.version ?? 1, patch);
      }
      this.afterHubSave(record, saved, sent, held);
      // Typed while this save was out, for a handover the form has since moved on from: nothing on screen will
      // send it now, and the handover may never be opened here again (a batch of 30 learners), so it goes next.
      if (record !== this.record && record.pending.save && this.record?.key !== record.key)
        void this.enqueue(() => this.pushToHub(record, ctx, client)).catch(() => false);
      return true;
    } catch (err) {
      // An update that got no answer may still have landed: kept, so the conflict its retry then meets is known
      // for this device's own words rather than taken for someone else's change.
      if (updating && isTransient(err) && (record.unanswered?.length ?? 0) < UNANSWERED_MAX)
        (record.unanswered ??= []).push(sent);
      // A create the hub refused was not carried out, and the hub answers its key with that refusal for as long as
      // it keeps the key: the next try is a new request, from what is on screen then (the person's fix).
      if (isRefused(err)) {
        if (!updating) {
          delete record.createBody;
          record.createKey = newKey();
        }
        // A submission waiting behind a refused save must not go by itself once a later save is taken.
        this.dropSubmit(record, err); // and stores the new key
      }
      // Its changes wait on the device (and any choice about them) until that handover is opened again.
      if (record !== this.record) return false;
      const conflict = asConflict(err);
      if (conflict && record.handoverId) {
        await this.onConflict(record, conflict.currentVersion, conflict.current);
        return false;
      }
      if (isTransient(err)) {
        await this.pageBlocks(err);
        if (this.notice?.kind !== 'submit-queued') this.notice = { kind: 'offline', text: this.waiting('save') };
        this.retryLater();
        return false;
      }
      if (
        updating &&
        (err as { code?: string }).code === 'invalid_state' &&
        (await this.closedMeanwhile(record, client))
      )
        return false;
      this.notice = { kind: 'hub-error', text: this.t('hubSaveFailed', { message: this.hubWords(err) }) };
      return false;
    }
  }

  /**
   * The receiving school acknowledged the handover while this form was open, so the hub refused the save: the form
   * shows it closed, as a reload would (read-only, and a parent told to contact the school), instead of taking more
   * typing the hub will never take and passing on the hub's "send a message", which a parent cannot. The words it
   * refused stay on screen and on this device, and the notice says they were not saved.
   */
  private async closedMeanwhile(record: LocalRecord, client: HandoverFormClient): Promise<boolean> {
    const server = await handoversOf(client)
      .get(record.handoverId!)
      .catch(() => undefined);
    // Its words come with the review block, which an acknowledged handover shows anyway; without them, the form
    // says what the hub said, as for any refused save.
    if (
      server?.status !== 'acknowledged' ||
      record !== this.record ||
      !(await this.loadReview().then(
        () => 1,
        () => 0,
      ))
    )
      return false;
    this.handover = server;
    record.status = server.status;
    this.notice = { kind: 'hub-error', text: this.t('closedBeforeSaved') };
    return true;
  }

  private afterHubSave(record: LocalRecord, saved: Handover, sent: DraftState, held: boolean): void {
    record.handoverId = saved.id;
    record.version = saved.version;
    record.status = saved.status;
    record.base = stateFromHandover(saved);
    delete record.unanswered;
    // What is on screen stays as it is: answers the hub does not take yet (a half-typed UPN, a DSL contact
    // without an email) wait here, and typing that arrived while the request was out goes next.
    const typedSince = !same(sent, record.state);
    record.pending.save = typedSince;
    if (record === this.sendAsked) this.sendAsked = undefined;
    // Kept apart from `save`: nothing needs sending until they are completed, but a reopened form must show
    // them from this device rather than the hub's copy without them.
    if (held) record.pending.heldBack = true;
    else delete record.pending.heldBack;
    const at = new Date();
    record.savedToHubAt = at.toISOString();
    void this.autosave.save(record);
    emit(this, 'c2c-handover-saved', {
      where: 'hub',
      at: record.savedToHubAt,
      handoverId: saved.id,
      version: saved.version,
    });
    // The element moved on to another handover while this one was out: nothing on screen is about it any more.
    if (record !== this.record) return;
    this.reachedHub();
    this.handover = saved;
    adoptReceiverReceipt(record.state, saved);
    this.savedHubAt = at;
    this.localNewerAt = undefined;
    if (this.notice?.kind === 'offline' || this.notice?.kind === 'hub-error') this.notice = undefined;
    if (typedSince) this.scheduleHub();
  }

  /** The draft now has an id: keep it under the handover's key, and leave a pointer under the learner's. */
  private async moveToHandoverKey(record: LocalRecord, id: string): Promise<void> {
    const user = record.key.split('|')[0]!;
    const key = recordKey(user, { handoverId: id });
    if (record.key === key) return;
    const oldKey = record.key;
    record.key = key;
    record.handoverId = id;
    await writeRecord(structuredClone(record)).catch(() => undefined);
    await writeRecord({ ...structuredClone(record), key: oldKey, movedTo: key, state: emptyState(null) }).catch(
      () => undefined,
    );
  }

  /**
   * The change to send for `state`, and whether answers were held back from it: the hub would refuse them as
   * they stand, so they wait on this device until they are complete.
   */
  private patchFor(
    state: DraftState,
    base: DraftState | undefined,
    ctx: PushContext,
  ): { patch: HandoverUpdate; held: boolean } {
    const patch: HandoverUpdate = {};
    // The hub merges answers into what it has, so an answer deleted here is sent as null, or it would stay there.
    const sections = structuredClone(state.sections);
    for (const [id, answers] of Object.entries(base?.sections ?? {}))
      for (const [q, v] of Object.entries(answers))
        if (!isEmpty(v) && isEmpty(sections[id]?.[q])) (sections[id] ??= {})[q] = null;
    if (ctx.sgAfterAck) {
      // Only the transfer record goes now; any other change made before the acknowledgement stays on this device.
      patch.safeguardingTransferRequired = state.safeguardingTransferRequired;
      if (validSafeguarding(state)) patch.safeguarding = state.safeguarding!;
      return {
        patch,
        held:
          !!state.safeguarding !== !!patch.safeguarding ||
          !same(state.sections, base?.sections) ||
          !same(state.learner, base?.learner),
      };
    }
    if (ctx.isParent) {
      patch.sections = {};
      for (const id of ctx.sections) if (sections[id]) patch.sections[id] = sections[id]!;
      return { patch, held: false };
    }
    patch.sections = sections;
    patch.receivingOrganisationId = state.receivingOrganisationId;
    let held = false;
    // Only details that pass the schema go to the hub; a half-typed UPN waits on this device.
    const learner: Partial<LearnerCore> = {};
    for (const [k, v] of Object.entries(state.learner)) {
      const schema = LearnerCoreSchema.shape[k as keyof LearnerCore];
      if (!schema || isEmpty(v)) continue;
      if (isValid(schema, v)) (learner as Record<string, unknown>)[k] = v;
      else held = true;
    }
    if (Object.keys(learner).length) patch.learner = learner;
    if (ctx.isDsl) {
      patch.safeguardingTransferRequired = state.safeguardingTransferRequired;
      if (validSafeguarding(state)) patch.safeguarding = state.safeguarding!;
      else if (state.safeguarding) held = true;
    }
    return isValid(HandoverUpdateSchema, patch) ? { patch, held } : { patch: { sections: patch.sections }, held: true };
  }

  private async onConflict(record: LocalRecord, currentVersion: number, current?: Handover): Promise<void> {
    let server = current;
    if (!server) {
      try {
        server = await handoversOf(this.client!).get(record.handoverId!);
      } catch (err) {
        // No copy to compare with (the connection dropped after the 409, or the hub sent one the SDK refused):
        // nothing is merged or overwritten, the changes stay waiting here, and the next try meets the conflict
        // again and fetches the copy then.
        if (record !== this.record) return;
        const submitting = !!record.pending.submit;
        if (isTransient(err)) {
          this.notice = {
            kind: submitting ? 'submit-queued' : 'offline',
            text: this.waiting(submitting ? 'submit' : 'save'),
          };
          this.retryLater();
        } else this.notice = { kind: 'hub-error', text: this.t('hubSaveFailed', { message: this.hubWords(err) }) };
        return;
      }
      if (record !== this.record) return;
    }
    let parts: ConflictPart;
    try {
      parts = await conflictParts();
    } catch {
      // The chunk could not be fetched (the connection dropped after the 409): as above, the changes wait here
      // and the next try meets the conflict again.
      if (record !== this.record) return;
      this.notice = {
        kind: record.pending.submit ? 'submit-queued' : 'offline',
        text: this.waiting(record.pending.submit ? 'submit' : 'save'),
      };
      this.retryLater();
      return;
    }
    if (record !== this.record) return;
    // A receipt the receiving DSL confirmed meanwhile is not a change to choose against: the hub keeps it whatever
    // is sent, so both this device's copies take it and only what the sending DSL typed is left to merge.
    if (record.base) adoptReceiverReceipt(record.base, server);
    adoptReceiverReceipt(record.state, server);
    const conflict = parts.meetConflict(record, server);
    if (!conflict) {
      // Merged without a clash: save again at once.
      this.requestUpdate();
      void this.autosave.save(record);
      this.scheduleHubNow();
      return;
    }
    parts.adoptConflictStyles(this.renderRoot as ShadowRoot);
    this.conflict = conflict;
    emit(this, 'c2c-handover-conflict', { fields: conflict.fields.map((c) => c.path), currentVersion });
    await this.updateComplete;
    this.focusAt(this.renderRoot.querySelector<HTMLElement>('.conflict'));
  }

  private scheduleHubNow(): void {
    queueMicrotask(() => void this.flushOutbox());
  }

  private async resolveConflict(): Promise<void> {
    const c = this.conflict;
    const record = this.record;
    // The panel is only on screen once its chunk is here (onConflict waited for it).
    if (!c || !record || !conflictPart) return;
    const again = conflictPart.settleConflict(record, c);
    if (again) {
      this.conflict = again;
      return;
    }
    // The choice is a change of its own, newer than the typing it settles (see changed()).
    record.changedAt = new Date().toISOString();
    record.pending.save = true;
    this.conflict = undefined;
    this.specIndex.clear();
    // The panel and its button go: carry on from the first answer that was chosen, now in the form.
    const first = c.fields[0]?.path;
    void this.updateComplete.then(() => first && this.focusField(first));
    await this.autosave.save(record);
    await this.flushOutbox();
    this.syncHostForm();
  }

  // ---------------------------------------------------------------- submitting

  private validateAll(): SummaryItem[] {
    const items: SummaryItem[] = [];
    const errors: Record<string, string> = {};
    for (const [path, spec] of this.specs()) {
      const message = checkField(spec, this.read(path), this.t, { requiredNow: true });
      if (message) {
        errors[path] = message;
        items.push({ path, message });
      }
    }
    if (this.isDsl && !this.isParent && this.record)
      for (const { path, key } of safeguardingGaps(this.record.state))
        if (!errors[path]) {
          errors[path] = this.t(key);
          items.push({ path, message: errors[path] });
        }
    const order = [...this.specs().keys()];
    items.sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
    this.errors = errors;
    return items;
  }

  private async doSubmit(): Promise<Handover | undefined> {
    if (this.restoring) await this.restoration;
    const record = this.record;
    if (!record || this.readOnly || this.isParent) return undefined;
    this.triedSubmit = true;
    // Every message beside its field, in the same update as the summary that links to them.
    this.firstScreen = false;
    const problems = this.validateAll();
    this.summary = problems;
    if (problems.length) {
      this.focusSummary = true;
      this.syncHostForm();
      return undefined;
    }
    this.busy = 'submit';
    // The submission is for the handover on screen now: a host may open the next learner on this element before
    // its turn in the queue comes, and it must still go, for this one, as this person.
    const ctx = this.pushContext();
    const client = this.client;
    try {
      record.pending.submit ??= { idempotencyKey: newKey(), queuedAt: new Date().toISOString() };
      delete record.submitNotSent;
      await this.autosave.save(record);
      if (!client) return undefined;
      let result: Handover | undefined;
      await this.enqueue(async () => {
        if (!(await this.pushToHub(record, ctx, client))) {
          if (record === this.record && !this.conflict && this.notice?.kind === 'offline')
            this.notice = { kind: 'submit-queued', text: this.waiting('submit') };
          return false;
        }
        // A save already waiting in the outbox may have carried this submission out before this turn came.
        result = record.pending.submit
          ? await this.pushSubmit(record, client)
          : record.status === 'draft' || record !== this.record
            ? undefined
            : this.handover;
        return result !== undefined;
      });
      return result;
    } finally {
      this.busy = '';
    }
  }

  private async pushSubmit(
    record = this.record,
    client = record === this.record ? this.client : undefined,
  ): Promise<Handover | undefined> {
    const pending = record?.pending.submit;
    if (!record || !client || !pending || !record.handoverId) return undefined;
    try {
      const submitted = await handoversOf(client).submit(record.handoverId, {
        idempotencyKey: pending.idempotencyKey,
        version: record.version,
      });
      record.status = submitted.status;
      record.version = submitted.version;
      record.base = stateFromHandover(submitted);
      delete record.pending.submit;
      delete record.submitNotSent;
      // The hub holds the handover now; the device keeps only the pointer, not the child's details, unless
      // typing arrived while the submission was out: then this device holds the only copy of it.
      const unsent = record.pending.save || record.pending.heldBack;
      await this.autosave.save(unsent ? record : { ...record, state: emptyState(null), base: undefined });
      emit(this, 'c2c-handover-submitted', { handover: submitted });
      if (record === this.record) {
        // The submit button goes with the draft. When it had focus, focus carries on from the banner saying what it
        // did, as after an acknowledgement, rather than falling to the top of the page; the banner is then outside
        // the status region, so it is read once.
        const button = this.renderRoot.querySelector('button[type="submit"]');
        const hadFocus = !!button && this.shadowRoot?.activeElement === button;
        this.reachedHub();
        this.handover = submitted;
        this.notice = undefined;
        const banner = this.t('submittedBanner', { date: this.l.date(submitted.submittedAt ?? submitted.updatedAt) });
        if (hadFocus) {
          this.submittedFocus = banner;
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#submitted')?.focus());
        } else this.actionMessage = banner;
      }
      return submitted;
    } catch (err) {
      const conflict = asConflict(err);
      // Neither "not now" nor someone else's change to merge first: the hub will not carry this submission out.
      // It is forgotten whether or not the teacher is still on this learner (the host may have opened the next one
      // while it was out): kept, the next opening of this handover would send it unasked.
      if (!conflict && !isTransient(err)) this.dropSubmit(record, err);
      if (record !== this.record) return undefined;
      if (conflict) {
        await this.onConflict(record, conflict.currentVersion, conflict.current);
        return undefined;
      }
      if (isTransient(err)) {
        await this.pageBlocks(err);
        this.notice = { kind: 'submit-queued', text: this.waiting('submit') };
        this.retryLater();
      } else if (this.notice?.kind === 'submit-queued' || this.notice?.kind === 'offline') {
        // It no longer waits: the "not submitted" notice says what happened instead.
        this.notice = undefined;
      }
      return undefined;
    }
  }

  /**
   * Forgets a submission the hub will not carry out, on the device too: kept there, a reload would send it again
   * unasked. The answers stay, and the record keeps why, so the form says it was not submitted until the teacher
   * submits again (once the answers are fixed), whenever this handover is next on screen. Stores the record either
   * way (a refused create's new key goes with it).
   */
  private dropSubmit(record: LocalRecord, err: unknown): void {
    if (record.pending.submit) {
      delete record.pending.submit;
      const { code, message } = describeError(err);
      record.submitNotSent = { at: new Date().toISOString(), code, message };
      if (record === this.record) this.requestUpdate();
    }
    void this.autosave.save(record);
  }

  // ---------------------------------------------------------------- CTF import

  private async onCtfFile(file: File | undefined): Promise<void> {
    const record = this.record;
    if (!file || !record) return;
    const since = this.edits;
    this.ctf = { busy: true, filled: [], unread: [], more: 0 };
    // The importer, the CTF reader and the words for what they found come as one chunk, fetched the first time a
    // file is chosen.
    const outcome: CtfOutcome = await import('./parts/ctf-import.js').then(
      (m) => ((this.ctfPart = m), m.importCtf(file, record.state.learner.upn)),
      (err: unknown) => ({
        filled: [],
        unread: [],
        more: 0,
        error: { code: 'ctf_failed', message: err instanceof Error ? err.message : String(err) },
      }),
    );
    // The host moved the form on to another learner while the file was read: it was chosen for the one before,
    // and its details must never fill in someone else's child.
    if (record !== this.record) return;
    // A detail typed while the file was read is newer than the file: it stays, and is not said to be filled.
    const typed = (k: string) => (this.lastEdit.get(`learner.${k}`) ?? 0) > since;
    if (outcome.learner) {
      const learner = Object.fromEntries(Object.entries(outcome.learner).filter(([k]) => !typed(k)));
      this.ctf = { ...outcome, filled: outcome.filled.filter((p) => !typed(p.slice('learner.'.length))) };
      this.applyLearner(learner);
    } else this.ctf = outcome;
  }

  private applyLearner(learner: Partial<LearnerCore>): void {
    const record = this.record;
    if (!record) return;
    record.state.learner = { ...record.state.learner, ...learner };
    for (const k of Object.keys(learner)) this.typedBeforeRestore?.add(`learner.${k}`);
    this.changed(record);
    for (const k of Object.keys(learner))
      this.revalidate(`learner.${k}`, (learner as Record<string, unknown>)[k], false);
    emit(this, 'c2c-handover-change', { path: 'learner', value: learner });
    this.requestUpdate();
  }

  private pickCtfPupil(index: number): void {
    const pupils = this.ctf?.pupils;
    const chosen = pupils?.[index];
    if (!chosen || !this.ctf) return;
    this.ctf = {
      ...this.ctf,
      pupils: undefined,
      learner: chosen.learner,
      filled: chosen.filled,
      unread: chosen.unread,
      more: chosen.more,
    };
    this.applyLearner(chosen.learner);
  }

  // ---------------------------------------------------------------- rendering

  private fieldEl(path: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`c2c-handover-field[name="${CSS.escape(path)}"]`);
  }

  /**
   * What went wrong, in the page's language. The hub writes its details in English, so a Welsh page says it in
   * Welsh from the problem's code instead (the detail is specific, the code is enough to act on).
   */
  private hubWords(err: unknown): string {
    const { code, message } = describeError(err);
    // The SDK's words for a page that blocks the hub are for the site's owner: a teacher is told plainly instead.
    if (this.l.lang === 'en' && message && code !== BLOCKED) return message;
    const key = HUB_ERROR_KEYS[code];
    return key ? this.t(key) : this.t('hubErrorOther', { code });
  }

  /**
   * Focuses `el` with its start on screen. Focus alone scrolls a box taller than the window (the conflict panel on
   * a phone, or at 400% zoom) to its middle, leaving its heading and what it asks above the screen.
   */
  private focusAt(el: HTMLElement | null): void {
    el?.scrollIntoView({ block: 'start' });
    el?.focus({ preventScroll: true });
  }

  private focusField = (path: string) => this.focusAt(this.fieldEl(path));

  /** The same object while the language and messages stay the same, so the fields see no change and skip a render. */
  private get words(): FieldWords {
    const cached = this.wordsFor;
    if (cached?.lang === this.l.lang && cached.messages === this.messages) return cached.words;
    const words: FieldWords = {
      yes: this.t('yes'),
      no: this.t('no'),
      none: this.t('notAnswered'),
      error: this.t('errorPrefix'),
      day: this.t('dateDay'),
      month: this.t('dateMonth'),
      year: this.t('dateYear'),
      dateHint: this.t('dateHint'),
      date: (iso) => this.l.date(iso),
      // GOV.UK's count says "1 character". In both the form's languages only 1 takes the singular (Welsh keeps
      // "nod" after every number), and the plural messages keep their keys so a host's own wording still applies.
      remaining: (n) => (n === 1 ? this.t('charsRemainingOne') : this.t('charsRemaining', { count: this.l.number(n) })),
      over: (n) => (n === 1 ? this.t('charsOverOne') : this.t('charsOver', { count: this.l.number(n) })),
    };
    this.wordsFor = { lang: this.l.lang, messages: this.messages, words };
    return words;
  }

  private renderField(spec: FieldSpec, words: FieldWords, readonly: boolean): TemplateResult {
    // Properties, not attributes: 33 fields x 7 attributes each went through attributeChangedCallback and cost a
    // few milliseconds of the first render. `name` is reflected by the field itself (forms and lookups use it).
    return html`<c2c-handover-field
      .name=${spec.path}
      .kind=${spec.kind}
      .label=${spec.label}
      .hint=${spec.hint ?? ''}
      .variant=${spec.variant ?? ''}
      .maxLength=${spec.maxLength ?? 0}
      .options=${spec.options ?? NO_OPTIONS}
      .words=${words}
      .value=${this.read(spec.path)}
      .error=${this.errors[spec.path] ?? ''}
      .required=${spec.required}
      .readonly=${readonly}
      ?disabled=${this.hostDisabled}
    ></c2c-handover-field>`;
  }

  override render(): TemplateResult {
    if (this.phase === 'idle') return html`<div part="base" class="base"><p>${this.t('noTarget')}</p></div>`;
    if (this.phase === 'loading')
      return html`<div part="base" class="base" aria-busy="true">
        <p role="status">${this.t(this.storageSlow ? 'storageSlow' : 'loading')}</p>
      </div>`;
    if (this.phase === 'error')
      return html`<div part="base" class="base">
        <div class="notice error" role="alert"><p>${this.t('loadFailed', { message: this.loadError })}</p></div>
        ${
          this.blocked
            ? nothing
            : html`<button type="button" class="secondary" @click=${() => void this.load()}>${this.t('retry')}</button>`
        }
      </div>`;
    const record = this.record!;
    const tpl = this.tpl!;
    const lang = this.l.lang;
    const readonly = this.readOnly;
    const words = this.words;
    const specs = this.specs();
    const learner = record.state.learner;
    const name = [learner.preferredForename || learner.legalForename, learner.legalSurname].filter(Boolean).join(' ');
    const status = this.handover?.status ?? record.status;
    // Until this device's draft is read the form is on screen but takes no input (inert), so nobody starts
    // typing into an answer the draft is about to fill.
    const sections = this.visibleSections();
    // What fills the first screen: the top of the learner's details, or for a parent (who has none) the first section.
    const head = this.isParent ? 1 : 0;
    const partial = this.firstScreen && (sections.length > head || !this.isParent);
    // Outside the inert form, which assistive technology does not read; a live region there from the start, so
    // the words are announced when they come.
    return html`<div role="status">
        ${this.restoring && this.storageSlow ? html`<p class="notice info">${this.t('storageSlow')}</p>` : nothing}
      </div>
      <div
        part="base"
        class="base ${readonly ? 'review' : ''}"
        aria-busy=${this.restoring || partial ? 'true' : nothing}
        ?inert=${this.restoring}
      >
        <div part="header" class="header">
          <slot name="header"><h2 class="title">${this.t('heading', { title: pick(tpl.title, lang), name })}</h2></slot>
          <p class="meta">
            <strong class="tag tag-${status}"
              >${this.t(status === 'draft' ? 'statusDraft' : status === 'submitted' ? 'statusSubmitted' : 'statusAcknowledged')}</strong
            >
            ${readonly && !this.sgAfterAck ? nothing : this.renderSaveStatus()}
          </p>
        </div>
        <div class="live" role="status" aria-live="polite">
          ${
            this.actionMessage
              ? // A failure is shown under the button that sent it (the review block's); here it is for screen readers.
                html`<p class="notice ${this.actionMessage === this.failedSaid ? 'error visually-hidden' : 'success'}">
                  ${this.actionMessage}
                </p>`
              : nothing
          }
        </div>
        ${this.submittedFocus ? html`<p class="notice success" id="submitted" tabindex="-1">${this.submittedFocus}</p>` : nothing}
        ${this.notice ? html`<div class="notice ${this.notice.kind}" role="alert"><p>${this.notice.text}</p></div>` : nothing}
        ${
          record.submitNotSent && status === 'draft' && !readonly && !this.isParent
            ? html`<div class="notice hub-error not-submitted" role="alert">
                <p>${this.t('submitNotSent', { message: this.hubWords(record.submitNotSent) })}</p>
              </div>`
            : nothing
        }
        ${
          this.localNewerAt && !readonly && conflictPart
            ? conflictPart.renderLocalNewer({
                t: this.t,
                when: this.l.date(this.localNewerAt, {
                  hour: '2-digit',
                  minute: '2-digit',
                  day: 'numeric',
                  month: 'long',
                }),
                confirming: this.confirmingDiscard,
                disabled: this.hostDisabled,
                ask: (ask) => void this.askDiscard(ask),
                discard: () =>
                  void this.discardLocalChanges().then(
                    () => this.renderRoot.querySelector<HTMLElement>('c2c-handover-field')?.focus(),
                    () => 0,
                  ),
              })
            : nothing
        }
        ${this.conflict && conflictPart ? conflictPart.renderConflict(this.conflict, { t: this.t, label: (p) => this.labelFor(p), show: (p, v) => this.display(p, v), choose: (p, c) => this.choose(p, c), save: () => void this.resolveConflict() }) : nothing}
        ${this.summary.length ? renderErrorSummary(this.summary, this.t('errorSummaryTitle'), this.focusField) : nothing}
        ${
          this.isParent && !this.closed
            ? html`<p class="lede">${this.t(this.afterSubmit ? 'parentIntroSubmitted' : 'parentIntro')}</p>`
            : this.afterSubmit && !readonly
              ? html`<p class="lede">${this.t('senderIntroSubmitted')}</p>`
              : nothing
        }
        ${
          // Only while the receiving school waits for a reply: the last word is theirs. Once the sender has
          // answered, "has written to you" would send them looking for a message they have already answered.
          !this.isParent &&
          !this.isReceiver &&
          this.handover &&
          (this.handover.messages.at(-1)?.organisationId ?? this.handover.sendingOrganisationId) !==
            this.handover.sendingOrganisationId
            ? html`<p class="notice info">${this.t('receiverWrote')}</p>`
            : nothing
        }
        ${
          this.isParent && this.closed
            ? html`<div class="notice info" part="closed-notice"><p>${this.t('closedParent')}</p></div>`
            : nothing
        }
        <div role="status">
          ${
            // The region is there before the words: one added with its words already in it may go unannounced.
            this.elsewhere ? html`<div class="notice info"><p>${this.t('openElsewhere')}</p></div>` : nothing
          }
        </div>
        ${
          // Only into a draft: once submitted, the hub lays a file's details over those the receiving school has.
          readonly || this.isParent || this.elsewhere || status !== 'draft' ? nothing : this.renderCtf()
        }
        <form
          novalidate
          ?inert=${this.elsewhere}
          @input=${this.onFieldInput}
          @change=${this.onFieldInput}
          @submit=${this.onSubmit}
        >
          ${this.isParent ? nothing : this.renderLearner(specs, words, readonly, partial)}
          ${(partial ? sections.slice(0, head) : sections).map(
            (s) =>
              html`<section part="section" class="section">
                <h3 part="section-title" id=${`s-${s.id}`}>${pick(s.title, lang)}</h3>
                ${s.description ? html`<p class="hint">${pick(s.description, lang)}</p>` : nothing}
                ${s.questions.map((q) => this.renderField(specs.get(`sections.${s.id}.${q.id}`) ?? questionSpec(s.id, q, lang), words, readonly))}
              </section>`,
          )}
          ${partial ? nothing : this.renderOrphans(sections)}
          ${this.isParent || partial ? nothing : this.renderSafeguarding(words, readonly && !this.sgAfterAck)}
          ${readonly || this.elsewhere || partial ? nothing : this.renderActions(status)}
        </form>
        ${readonly && !this.isParent ? this.review?.renderReview() : nothing}
        ${
          !readonly && !this.isParent && this.handover && this.handover.status !== 'draft'
            ? this.receivesToo
              ? this.review?.renderReview()
              : this.review?.renderSenderMessages(this.handover)
            : nothing
        }
        <slot name="footer"></slot>
      </div>`;
  }

  private onSubmit = (e: Event) => {
    e.preventDefault();
    void this.submit();
  };

  /** The save status in words: where the draft is kept, since when, and what waits on this device. */
  private saveStatusText(): string {
    const parts: string[] = [];
    if (this.savedDeviceAt) parts.push(this.t('savedDevice', { time: this.savedWhen(this.savedDeviceAt) }));
    if (this.savedHubAt) parts.push(this.t('savedHub', { time: this.savedWhen(this.savedHubAt) }));
    // The hub takes the safeguarding record only whole, so "saved to the hub" alone would overstate it.
    if (this.client && this.record && safeguardingGaps(this.record.state).length)
      parts.push(this.t('safeguardingOnDevice'));
    // Nor while a learner detail the hub would refuse as it stands (a half-typed UPN) waits here.
    if (this.client && this.record && learnerHeldBack(this.record.state)) parts.push(this.t('detailsOnDevice'));
    if (this.review && this.record?.status === 'submitted' && this.record.pending.save) parts.push(this.t('notSent'));
    return (parts.length ? parts : [this.t('notSavedYet')]).map(sentence).join(' ');
  }

  /**
   * `14:03` for a save today (in the UK), with its date for one on an earlier day: a draft reopened next week,
   * last saved by a colleague or a parent, would otherwise read as saved today.
   */
  private savedWhen(at: Date): string {
    const day = ukToday(at);
    const time = ukClock(at);
    return day === ukToday() ? time : this.t('timeOnDay', { time, date: this.l.date(day) });
  }

  private renderSaveStatus(): TemplateResult {
    return html`<span part="save-status" class="save-status">${this.saveStatusText()}</span>`;
  }

  /**
   * "Save draft" says what it did in the status region. The save status in the header changes at every autosave,
   * so it is not a live region (it would talk over typing), and it is screens above the button: without this, a
   * screen-reader user pressing the button heard nothing. A failure says so itself (an alert notice).
   */
  private async saveDraft(): Promise<void> {
    this.actionMessage = '';
    const sent = await this.sync();
    await this.updateComplete;
    if (sent) this.actionMessage = this.saveSaid = this.saveStatusText();
  }

  private renderLearner(
    specs: Map<string, FieldSpec>,
    words: FieldWords,
    readonly: boolean,
    partial: boolean,
  ): TemplateResult {
    const all = learnerSpecs(this.t);
    const fields = (partial ? all.slice(0, FIRST_SCREEN_DETAILS) : all).map((s) => specs.get(s.path) ?? s);
    return html`<section part="section" class="section">
      <h3 part="section-title" id="s-learner">${this.t('learnerDetails')}</h3>
      <div class="learner-grid">${fields.map((s) => this.renderField(s, words, readonly))}</div>
    </section>`;
  }

  private renderCtf(): TemplateResult {
    const ctf = this.ctf;
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      (e.currentTarget as HTMLElement).classList.remove('dragging');
      void this.onCtfFile(e.dataTransfer?.files[0]);
    };
    return html`<div
      part="ctf"
      class="ctf"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).classList.add('dragging');
      }}
      @dragleave=${(e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('dragging')}
      @drop=${onDrop}
    >
      <p class="ctf-title"><strong>${this.t('ctfTitle')}</strong></p>
      <p class="hint" id="ctf-hint">${this.t('ctfHint')}</p>
      <label class="button secondary file-label">
        ${this.t('ctfChoose')}
        <input
          class="visually-hidden file"
          type="file"
          accept=".xml,.ctf,text/xml,application/xml"
          ?disabled=${this.hostDisabled}
          aria-describedby="ctf-hint"
          @input=${(e: Event) => e.stopPropagation()}
          @change=${(e: Event) => {
            e.stopPropagation();
            const input = e.target as HTMLInputElement;
            void this.onCtfFile(input.files?.[0]).finally(() => (input.value = ''));
          }}
        />
      </label>
      <div role="status" aria-live="polite" class="ctf-result">
        ${ctf?.busy ? html`<p>${this.t('ctfReading')}</p>` : nothing}
        ${
          ctf && !ctf.busy
            ? (this.ctfPart?.renderCtfOutcome(ctf, {
                t: (key, values) => this.t(key, values),
                list: (items) => this.l.list(items),
                labelFor: (path) => this.labelFor(path),
                pick: (i) => this.pickCtfPupil(i),
              }) ?? html`<p class="error-text">${this.t('ctfFailed', { message: ctf.error?.message ?? '' })}</p>`)
            : nothing
        }
      </div>
    </div>`;
  }

  /**
   * Answers in the draft to questions the template no longer has: a trust renamed or removed one, or a newer
   * release changed a standard template, after the draft was written. No field shows them, so without this they
   * would be kept and sent to the hub but seen by no one, the teacher included. Shown as written, to copy from.
   */
  private renderOrphans(sections: HandoverTemplate['sections']): TemplateResult | typeof nothing {
    const tpl = this.tpl;
    const state = this.record?.state;
    if (!tpl || !state) return nothing;
    const lang = this.l.lang;
    const items: Array<{ label: string; value: unknown }> = [];
    for (const [sectionId, answers] of Object.entries(state.sections)) {
      const section = tpl.sections.find((s) => s.id === sectionId);
      // A section of the template this person does not see (a parent's view) is not theirs to be shown.
      if (section ? !sections.includes(section) : this.isParent) continue;
      for (const [questionId, value] of Object.entries(answers)) {
        if (isEmpty(value) || section?.questions.some((q) => q.id === questionId)) continue;
        items.push({ label: `${section ? pick(section.title, lang) : sectionId}: ${questionId}`, value });
      }
    }
    if (!items.length) return nothing;
    return html`<section part="section orphans" class="section orphans">
      <h3 part="section-title" id="s-orphans">${this.t('orphanTitle')}</h3>
      <p class="hint">${this.t(this.readOnly ? 'orphanHintReadOnly' : 'orphanHint')}</p>
      <dl>
        ${items.map(
          (i) =>
            html`<dt>${i.label}</dt>
              <dd class="orphan-value">${this.display('', i.value)}</dd>`,
        )}
      </dl>
    </section>`;
  }

  private renderSafeguarding(words: FieldWords, readonly: boolean): TemplateResult | typeof nothing {
    const state = this.record!.state;
    if (!this.isDsl) {
      return state.safeguardingTransferRequired
        ? html`<section part="safeguarding" class="section safeguarding-notice">
            <h3 part="section-title" id="s-sg">${this.t('safeguardingTitle')}</h3>
            <p class="notice info">${this.t('sgNotice')}</p>
          </section>`
        : nothing;
    }
    const sg = safeguardingSpecs(this.t);
    const specs = this.specs();
    const f = (s: FieldSpec) => this.renderField(specs.get(s.path) ?? s, words, readonly);
    return html`<section part="safeguarding section" class="section safeguarding">
      <h3 part="section-title" id="s-sg">${this.t('safeguardingTitle')}</h3>
      <p class="hint">${this.t('safeguardingIntro')}</p>
      ${sg.flags.map(f)}
      <fieldset class="group">
        <legend>${this.t('dslSending')}</legend>
        ${sg.sending.map(f)}
      </fieldset>
      <fieldset class="group">
        <legend>${this.t('dslReceiving')}</legend>
        ${sg.receiving.map(f)}
      </fieldset>
      ${sg.transfer.map((s) =>
        // The receiving DSL confirmed receipt on the hub: it is theirs, and the hub keeps it as they recorded it.
        RECEIPT_PATHS.has(s.path) && receiptConfirmedByReceiver(this.handover)
          ? this.renderField(specs.get(s.path) ?? s, words, true)
          : f(s),
      )}
      ${this.review?.renderReceipt()}
    </section>`;
  }

  private renderActions(status: string): TemplateResult {
    const submitting = this.busy === 'submit';
    return html`<div part="actions" class="actions">
      ${
        status === 'draft' && !this.isParent
          ? html`<button
              type="submit"
              part="submit-button"
              aria-disabled=${submitting ? 'true' : 'false'}
              ?disabled=${this.hostDisabled}
            >
              ${submitting ? this.t('submitting') : this.t('submit')}
            </button>`
          : nothing
      }
      <button type="button" class="secondary" ?disabled=${this.hostDisabled} @click=${() => void this.saveDraft()}>
        ${this.t(this.afterSubmit ? (this.isParent ? 'parentSave' : 'senderSave') : 'saveDraft')}
      </button>
    </div>`;
  }

  // ---------------------------------------------------------------- conflict helpers

  private choose(path: string, choice: 'mine' | 'theirs'): void {
    if (!this.conflict) return;
    this.conflict = { ...this.conflict, choices: { ...this.conflict.choices, [path]: choice } };
  }

  private labelFor(path: string): string {
    const spec = this.specs().get(path) ?? learnerSpecs(this.t).find((s) => s.path === path);
    if (spec) return spec.label;
    if (path === 'safeguarding' || path === 'safeguardingTransferRequired') return this.t('safeguardingTitle');
    const [, section, question] = path.split('.');
    const s = this.tpl?.sections.find((x) => x.id === section);
    const q = s?.questions.find((x) => x.id === question);
    return q ? pick(q.label, this.l.lang) : path;
  }

  private display(path: string, value: unknown): string {
    if (isEmpty(value)) return this.t('emptyValue');
    if (typeof value === 'boolean') return value ? this.t('yes') : this.t('no');
    const options = this.specs().get(path)?.options;
    const label = (v: unknown) => options?.find((o) => o.value === v)?.label ?? String(v);
    if (Array.isArray(value)) return value.map(label).join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return label(value);
  }
}

/**
 * Who signed in, kept for this tab only (sessionStorage), so a reload while offline still finds the person's
 * own drafts. Only the user id and role: nothing about a child.
 */
const PRINCIPAL_KEY = 'c2c-handover-form:principal';
function rememberPrincipal(p: { id: string; role: Role }): void {
  try {
    sessionStorage.setItem(PRINCIPAL_KEY, JSON.stringify(p));
  } catch {
    /* storage blocked: offline reloads fall back to the role attribute */
  }
}
function rememberedPrincipal(): { id: string; role: Role } | undefined {
  try {
    const raw = sessionStorage.getItem(PRINCIPAL_KEY);
    return raw ? (JSON.parse(raw) as { id: string; role: Role }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A message as a sentence of the save status: the built-in ones end with a full stop, but a host's own wording
 * written when the status was a list ("Saved here at 14:03", without one) must not run into the next sentence.
 */
function sentence(message: string): string {
  const text = message.trim();
  return !text || /[.!?…]["'”’)]*$/.test(text) ? text : `${text}.`;
}

/** A field's value in a draft, by form path: an answer, a learner detail or a safeguarding field. */
function readField(state: DraftState, path: string): Answer | undefined {
  return (path.startsWith('sg.') ? readSafeguarding(state, path) : getAt(state, path)) as Answer | undefined;
}

function writeField(state: DraftState, path: string, value: unknown): void {
  if (path.startsWith('sg.')) writeSafeguarding(state, path, value);
  else setAt(state, path, value);
}

function ids(record: LocalRecord): { handoverId?: string; version?: number } {
  return {
    ...(record.handoverId ? { handoverId: record.handoverId } : {}),
    ...(record.version ? { version: record.version } : {}),
  };
}

function validSafeguarding(state: DraftState): boolean {
  return !!state.safeguarding && isValid(SafeguardingSchema, state.safeguarding);
}

/** A learner detail is as the hub would refuse it (a half-typed UPN), so saves leave it on this device. */
function learnerHeldBack(state: DraftState): boolean {
  return Object.entries(state.learner).some(([k, v]) => {
    const schema = LearnerCoreSchema.shape[k as keyof LearnerCore];
    return !!schema && !isEmpty(v) && !isValid(schema, v);
  });
}

/** Unanswered updates kept per record: once one has landed the next meets a conflict, so a few are plenty. */
const UNANSWERED_MAX = 5;

/** The hub's state with every non-empty answer from `mine` laid over it. */
function overlay(theirs: DraftState, mine: DraftState): DraftState {
  const out = structuredClone(theirs);
  for (const path of fieldPaths(mine)) {
    const v = getAt(mine, path);
    if (!isEmpty(v) && (path !== 'safeguardingTransferRequired' || v === true)) setAt(out, path, structuredClone(v));
  }
  return out;
}

const CORE_KEYS = Object.keys(LearnerCoreSchema.shape) as Array<keyof LearnerCore>;
function pickLearnerCore(learner: Partial<LearnerCore>): Partial<LearnerCore> {
  const out: Partial<LearnerCore> = {};
  for (const k of CORE_KEYS) if (learner[k] !== undefined) (out as Record<string, unknown>)[k] = learner[k];
  return out;
}

export { deleteRecord as forgetLocalDraft };
/** The element each answer is; the form registers it as `c2c-handover-field` if the page has not. */
export { C2cHandoverField };
