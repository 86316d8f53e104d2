import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Handover, SafeguardingTransferMethod } from '@c2c/schema';
import { emit } from '../../shared/events.js';
import { ukClock } from '../../shared/uk-time.js';
import { strings, type HandoverFormMessageKey } from '../strings.js';
import { reviewEn } from '../strings-review.js';
import { asConflict, handoversOf, type HandoverFormClient } from './client.js';
import { stateFromHandover, type LocalRecord } from './model.js';
import { SAFEGUARDING_METHODS } from './questions.js';
import { adoptReviewStyles } from './review.styles.js';

/*
 * The part of the form only one side of a finished handover sees: the receiving school's acknowledgement, its
 * questions and the sending school's replies, and the receiving DSL's confirmation that the child-protection
 * file arrived. It is a chunk of its own, fetched while a submitted handover loads, so a teacher writing a
 * draft never downloads it.
 */

// This chunk's English joins the form's catalogue as it loads (see strings-review.ts).
Object.assign(strings.en, reviewEn);

/** What the review block reads from the form, and how it hands back what the hub answered. */
export interface ReviewHost {
  readonly el: HTMLElement & ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };
  t(key: HandoverFormMessageKey, values?: Record<string, string | number>): string;
  date(iso: string): string;
  handover(): Handover | undefined;
  client(): HandoverFormClient | undefined;
  record(): LocalRecord | undefined;
  /** True for the receiving school; false for the sending school reading the receiving school's questions. */
  isReview(): boolean;
  /**
   * True where the signed-in school takes the receiving school's part: acknowledging and confirming the file arrived.
   * The receiving school, and the staff of a school that sent the handover to itself (whose view stays the sender's).
   */
  receives(): boolean;
  hubWords(err: unknown): string;
  /** Shows the handover the hub returned after an action. */
  setHandover(h: Handover): void;
  /**
   * Says what an action did, in the form's status region; `failed` when it did not work, which the block also shows
   * beside the action's button, so the form shows it there for screen readers only.
   */
  announce(message: string, failed?: boolean): void;
}

type Box = 'question' | 'ack';

interface ReviewState {
  busy: '' | 'acknowledge' | 'message' | 'receipt';
  questionError: string;
  ackError: string;
  receiptError: string;
  /** The action whose request last failed, and the words, shown under its button. */
  failedAt: ReviewState['busy'];
  failedText: string;
}

/*
 * What someone types into the message boxes is theirs until it is sent, so it is kept on the device as they
 * type, the way the answers are. localStorage rather than IndexedDB: it is a few lines of text, and a
 * synchronous write is never lost to a tab closed mid-write. The key is the form's own record key (user and
 * handover ids), so another person signed in on a shared computer never sees it.
 */
const MESSAGE_DRAFT = 'c2c-handover-form|message|';
/**
 * The longest message or acknowledgement note the hub takes. Checked here rather than with `maxlength`, which
 * cuts a longer paste off without a word: the whole text stays in the box for the person to shorten.
 */
const MESSAGE_MAX = 2000;

function readDraft(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function writeDraft(key: string, text: string): void {
  try {
    if (text.trim()) localStorage.setItem(key, text);
    else localStorage.removeItem(key);
  } catch {
    // Storage blocked or full: the words are still in the box on screen, as before this existed.
  }
}

/** The acknowledgement, the messages between the two schools and the receiving DSL's receipt. */
export class ReviewController {
  private busy: ReviewState['busy'] = '';
  private questionError = '';
  private ackError = '';
  private receiptError = '';
  private failedAt: ReviewState['busy'] = '';
  private failedText = '';
  private readonly drafts = new Map<string, string>();
  private readonly typed = {
    question: (e: Event) => this.keep('question', (e.target as HTMLTextAreaElement).value),
    ack: (e: Event) => this.keep('ack', (e.target as HTMLTextAreaElement).value),
  };

  constructor(private readonly host: ReviewHost) {
    // Before the block's first render: the form renders it only once this controller exists.
    adoptReviewStyles(host.el.renderRoot as ShadowRoot);
  }

  private shownFor: string | undefined;

  /** The words for a render; an error shown beside a box belongs to the handover it was shown for. */
  private words(): ReviewHost['t'] {
    const id = this.host.handover()?.id;
    if (id !== this.shownFor) {
      this.shownFor = id;
      this.questionError = this.ackError = this.receiptError = this.failedAt = '';
    }
    return this.host.t;
  }

  private set(change: Partial<ReviewState>): void {
    Object.assign(this, change);
    this.host.el.requestUpdate();
  }

  private box<T extends HTMLElement>(selector: string): T | null {
    return this.host.el.renderRoot.querySelector<T>(selector);
  }

  private draftKey(box: Box): string {
    const record = this.host.record();
    return `${MESSAGE_DRAFT}${record?.key ?? this.host.handover()?.id}|${box}`;
  }

  private draft(box: Box): string {
    const key = this.draftKey(box);
    let text = this.drafts.get(key);
    if (text === undefined) this.drafts.set(key, (text = readDraft(key)));
    return text;
  }

  /** What the box holds now (a script may have filled it without an input event), kept as the draft. */
  private fromBox(selector: string, box: Box): string {
    const el = this.box<HTMLTextAreaElement>(selector);
    if (el) this.keep(box, el.value);
    return this.draft(box);
  }

  private keep(box: Box, text: string): void {
    const key = this.draftKey(box);
    this.drafts.set(key, text);
    writeDraft(key, text);
  }

  private async acknowledge(): Promise<void> {
    const h = this.host.handover();
    const client = this.host.client();
    if (!h || !client || this.busy) return;
    const message = withoutControls(this.fromBox('#ack-message', 'ack')).trim();
    if (message.length > MESSAGE_MAX) {
      // Beside the box, as the question box does: the form's status region is at its top, screens away.
      this.set({ ackError: this.host.t('tooLong', { label: this.host.t('acknowledgeMessage'), max: MESSAGE_MAX }) });
      this.box<HTMLElement>('#ack-message')?.focus();
      return;
    }
    this.set({ ackError: '', failedAt: '', busy: 'acknowledge' });
    try {
      // The note is part of the key: sent again unchanged after a lost answer, the hub answers as before; with
      // the note edited meanwhile it is a new request, which the hub refuses as already acknowledged (below).
      // The version on screen goes too: an acknowledgement stands for the copy that was read, not one the sending
      // school changed meanwhile, which the hub refuses with the copy it has now.
      const done = await handoversOf(client).acknowledge(h.id, message ? { message } : {}, {
        version: h.version,
        idempotencyKey: `ack-${h.id}-${h.version}-${textHash(message)}`,
      });
      await this.acknowledged(done, '');
    } catch (err) {
      const newer = asConflict(err)?.current;
      if (newer) return await this.changedWhileRead(newer);
      const done = (err as { code?: string }).code === 'invalid_state' && (await this.current(h.id));
      if (done && done.status !== 'submitted') {
        // Already acknowledged: by this person's earlier try whose answer was lost, or by a colleague. A note
        // the hub does not have goes to the message box rather than away with the acknowledgement box.
        const arrived = !message || done.messages.some((m) => m.body === message);
        await this.acknowledged(done, arrived ? '' : message);
      } else this.failed('acknowledge', err);
    } finally {
      this.set({ busy: '' });
    }
  }

  /**
   * The sending school changed the handover while it was being read, so it is not acknowledged: the newer copy is
   * shown in place of the old one, and the reader is told to read it again. The note stays in its box, and focus goes
   * to what happened, beside the button, rather than staying on a button that would look as if it had worked.
   */
  private async changedWhileRead(newer: Handover): Promise<void> {
    const record = this.host.record();
    if (record)
      Object.assign(record, {
        state: stateFromHandover(newer),
        base: stateFromHandover(newer),
        version: newer.version,
        status: newer.status,
      });
    this.host.setHandover(newer);
    const text = this.host.t('ackChangedWhileRead');
    this.set({ failedAt: 'acknowledge', failedText: text });
    this.host.announce(text, true);
    await this.host.el.updateComplete;
    this.box<HTMLElement>('.action-failed')?.focus();
  }

  /**
   * A request that did not work: said in the form's status region, for screen readers, and shown under the button
   * that sent it, where a sighted person using the keyboard is; the status region is at the top, screens away.
   */
  private failed(action: ReviewState['busy'], err: unknown): void {
    const text = this.host.t('actionFailed', { message: this.host.hubWords(err) });
    this.set({ failedAt: action, failedText: text });
    this.host.announce(text, true);
  }

  private failedBeside(action: ReviewState['busy']): TemplateResult | typeof nothing {
    return this.failedAt === action
      ? html`<p class="error action-failed" tabindex="-1">${this.failedText}</p>`
      : nothing;
  }

  /** The handover as the hub has it now, or undefined when it cannot be read. */
  private async current(id: string): Promise<Handover | undefined> {
    const client = this.host.client();
    return client
      ? handoversOf(client)
          .get(id)
          .catch(() => undefined)
      : undefined;
  }

  /** Shows an acknowledged handover; `unsent` is a note the hub did not get, moved to the message box. */
  private async acknowledged(done: Handover, unsent: string): Promise<void> {
    this.keep('ack', '');
    if (unsent) {
      const waiting = this.draft('question').trim();
      this.keep('question', waiting ? `${waiting}\n\n${unsent}` : unsent);
    }
    this.host.setHandover(done);
    const record = this.host.record();
    if (record) record.status = done.status;
    // The confirmation in the review block says who and when, and takes focus, so it is read out once.
    this.host.announce(unsent ? this.host.t('ackNoteNotSent') : '');
    emit(this.host.el, 'c2c-handover-acknowledged', { handover: done });
    // The button that had focus is gone with the form it sat in: continue from what it did.
    await this.host.el.updateComplete;
    this.box<HTMLElement>('#acknowledged')?.focus();
  }

  private async sendQuestion(e: Event): Promise<void> {
    e.preventDefault();
    const h = this.host.handover();
    const client = this.host.client();
    const body = withoutControls(this.fromBox('#question', 'question')).trim();
    if (!h || !client || this.busy) return;
    const sender = !this.host.isReview();
    if (!body) {
      this.set({ questionError: this.host.t(sender ? 'replyEmpty' : 'questionEmpty') });
      this.box<HTMLElement>('#question')?.focus();
      return;
    }
    if (body.length > MESSAGE_MAX) {
      const label = this.host.t(sender ? 'replyLabel' : 'questionLabel');
      this.set({ questionError: this.host.t('tooLong', { label, max: MESSAGE_MAX }) });
      this.box<HTMLElement>('#question')?.focus();
      return;
    }
    this.set({ questionError: '', failedAt: '', busy: 'message' });
    try {
      // Sent again after a lost answer (same handover version, same words), the hub recognises the request and
      // answers as before rather than adding the message twice.
      const next = await handoversOf(client).addMessage(h.id, body, {
        idempotencyKey: `msg-${h.id}-${h.version}-${textHash(body)}`,
      });
      // A message changes no answer: the draft on this device carries on from the new version, rather than
      // meeting a conflict on its next save.
      const record = this.host.record();
      if (record?.version === h.version && next.version === h.version + 1) record.version = next.version;
      // Only what was sent is cleared: words added while it was on its way stay in the box and on the device.
      // Compared as sent (control characters out), or a pasted question with them would stay, to be sent twice.
      const now = withoutControls(this.draft('question')).trim();
      this.keep('question', now.startsWith(body) ? now.slice(body.length).trimStart() : now);
      this.host.setHandover(next);
      this.host.announce(this.host.t(sender ? 'replySent' : 'questionSent'));
    } catch (err) {
      this.failed('message', err);
    } finally {
      this.set({ busy: '' });
    }
  }

  private async confirmReceipt(): Promise<void> {
    const h = this.host.handover();
    const client = this.host.client();
    const confirm = client && handoversOf(client).confirmSafeguardingReceipt;
    if (!h || !confirm || this.busy) return;
    const root = this.host.el.renderRoot;
    const choices = [...root.querySelectorAll<HTMLInputElement>('input[name="sg-receipt-method"]')];
    const method = choices.find((c) => c.checked)?.value as SafeguardingTransferMethod | undefined;
    if (choices.length && !method) {
      this.set({ receiptError: this.host.t('sgReceiptMethodEmpty') });
      choices[0]!.focus();
      return;
    }
    this.set({ receiptError: '', failedAt: '', busy: 'receipt' });
    try {
      const done = await confirm(h.id, method ? { method } : {});
      this.host.setHandover(done);
      const record = this.host.record();
      if (record && done.safeguarding)
        record.state = { ...record.state, safeguarding: structuredClone(done.safeguarding) };
      this.host.announce(this.host.t('sgReceiptDone'));
      // The button goes with the question it answered: focus carries on from the record that now shows who and when.
      await this.host.el.updateComplete;
      const heading = this.box<HTMLElement>('#s-sg');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus();
    } catch (err) {
      this.failed('receipt', err);
    } finally {
      this.set({ busy: '' });
    }
  }

  /** A message beside the box it is about, GOV.UK style; `id` is what the box's `aria-describedby` names. */
  private errorText(id: string, message: string): TemplateResult | typeof nothing {
    return message
      ? html`<p class="error" id=${id}>
          <span class="visually-hidden">${this.host.t('errorPrefix')}:</span> ${message}
        </p>`
      : nothing;
  }

  /** The receiving DSL's "the file has arrived", while no one has confirmed it (KCSIE: receipt confirmed by the DSL). */
  renderReceipt(): TemplateResult | typeof nothing {
    const h = this.host.handover();
    const client = this.host.client();
    const transfer = h?.safeguarding?.transfer;
    if (!h || !client || !this.host.receives() || !h.safeguardingTransferRequired || transfer?.receiptConfirmedAt)
      return nothing;
    if (!handoversOf(client).confirmSafeguardingReceipt) return nothing;
    const t = this.words();
    const busy = this.busy === 'receipt';
    return html`<div class="sg-receipt" role="group" aria-labelledby="sg-receipt-title">
      <p class="q" id="sg-receipt-title">${t('sgReceiptTitle')}</p>
      <p class="hint">${t('sgReceiptHint')}</p>
      ${
        transfer?.method
          ? nothing
          : html`<fieldset class="receipt-method" aria-describedby=${this.receiptError ? 'sg-receipt-error' : nothing}>
              <legend class="q">${t('sgReceiptMethod')}</legend>
              ${this.errorText('sg-receipt-error', this.receiptError)}
              ${SAFEGUARDING_METHODS.map(
                (m) =>
                  html`<label
                    ><input type="radio" name="sg-receipt-method" value=${m} />
                    ${t(`method_${m.replace(/-/g, '_')}` as HandoverFormMessageKey)}</label
                  >`,
              )}
            </fieldset>`
      }
      <button
        type="button"
        class="secondary confirm-receipt"
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${() => void this.confirmReceipt()}
      >
        ${busy ? t('sgConfirming') : t('sgConfirm')}
      </button>
      ${this.failedBeside('receipt')}
    </div>`;
  }

  /** The receiving school's block under the read-only handover: acknowledge, print, messages. */
  renderReview(): TemplateResult {
    const h = this.host.handover();
    const t = this.words();
    const canAck = h?.status === 'submitted' && !!this.host.client() && this.host.receives();
    // On paper only the acknowledgement and the conversation are left of it: with neither, not an empty box.
    const onPaper = h?.status === 'acknowledged' || !!h?.messages.length;
    return html`<section part="review" class="section review-actions ${onPaper ? '' : 'unprinted'}">
      <h3 id="s-review" class="visually-hidden">${t('acknowledge')}</h3>
      ${
        h?.status === 'acknowledged'
          ? html`<p class="notice success" id="acknowledged" tabindex="-1">
              ${t('acknowledgedBanner', { who: h.acknowledgedBy ?? '', date: this.host.date(h.acknowledgedAt ?? h.updatedAt) })}
            </p>`
          : nothing
      }
      ${
        canAck
          ? html`<div class="ack">
              <label for="ack-message" class="q">${t('acknowledgeMessage')}</label>
              ${this.errorText('ack-error', this.ackError)}
              <textarea
                id="ack-message"
                rows="3"
                aria-describedby=${this.ackError ? 'ack-error' : nothing}
                aria-invalid=${this.ackError ? 'true' : nothing}
                .value=${live(this.draft('ack'))}
                @input=${this.typed.ack}
              ></textarea>
              <button
                type="button"
                aria-disabled=${this.busy === 'acknowledge' ? 'true' : 'false'}
                @click=${() => void this.acknowledge()}
              >
                ${this.busy === 'acknowledge' ? t('acknowledging') : t('acknowledge')}
              </button>
              ${this.failedBeside('acknowledge')}
            </div>`
          : nothing
      }
      <button type="button" class="secondary print" @click=${() => window.print()}>${t('print')}</button>
      ${h ? this.renderMessages(h) : nothing}
    </section>`;
  }

  /**
   * The sending school's conversation with the receiving school, below its submitted handover (the form's `messages`
   * part). On paper, nothing before there is a message: not an empty box.
   */
  renderSenderMessages(h: Handover): TemplateResult {
    return html`<section part="messages" class="section ${h.messages.length ? '' : 'unprinted'}">
      ${this.renderMessages(h)}
    </section>`;
  }

  /**
   * When a message was sent, to the minute and always with its date ("14:05 on 3 March 2026", UK time): a question
   * and its answer often come the same day, and a printed copy is read long after, when "today" would mislead.
   */
  private when(iso: string): string {
    return this.host.t('timeOnDay', { time: ukClock(new Date(iso)), date: this.host.date(iso) });
  }

  /**
   * The messages between the two schools, and a box to write to the other one: questions from the receiving
   * school's review, replies from the sending school (which has no other way to see those questions).
   */
  renderMessages(h: Handover): TemplateResult {
    const t = this.words();
    const sender = !this.host.isReview();
    const list = h.messages.length
      ? html`<ul class="messages">
          ${h.messages.map(
            (m) =>
              html`<li>
                <p class="meta">${t('messageMeta', { who: m.authorName, date: this.when(m.at) })}</p>
                <p class="body">${m.body}</p>
              </li>`,
          )}
        </ul>`
      : nothing;
    const box = this.host.client()
      ? html`<p class="hint" id="question-hint">${t(sender ? 'replyHint' : 'questionsHint')}</p>
          <label for="question" class="q">${t(sender ? 'replyLabel' : 'questionLabel')}</label>
          ${this.errorText('question-error', this.questionError)}
          <textarea
            id="question"
            rows="4"
            aria-describedby=${this.questionError ? 'question-hint question-error' : 'question-hint'}
            aria-invalid=${this.questionError ? 'true' : nothing}
            .value=${live(this.draft('question'))}
            @input=${this.typed.question}
          ></textarea>
          <button
            type="button"
            class="secondary send-question"
            aria-disabled=${this.busy === 'message' ? 'true' : 'false'}
            @click=${(e: Event) => void this.sendQuestion(e)}
          >
            ${t(sender ? 'sendReply' : 'sendQuestion')}
          </button>
          ${this.failedBeside('message')}`
      : nothing;
    // On paper the sending school's part is the conversation without the reply box, and nothing before there is one.
    if (sender)
      return html`<div
        class="questions thread ${h.messages.length ? '' : 'unprinted'}"
        role="group"
        aria-labelledby="questions-title"
      >
        <h3 id="questions-title" tabindex="-1">${t('messagesWithReceiver')}</h3>
        ${list} ${box}
      </div>`;
    return html`${
      h.messages.length
        ? html`<h3>${t('messagesTitle')}</h3>
            ${list}`
        : nothing
    }
    ${
      this.host.client()
        ? html`<div class="questions" role="group" aria-labelledby="questions-title">
            <h3 id="questions-title">${t('questionsTitle')}</h3>
            ${box}
          </div>`
        : nothing
    }`;
  }
}

/**
 * The text as the hub takes it: a vertical tab or form feed (how some office programs copy a line break) becomes a
 * line break, and other control characters, which no one can see and the hub refuses, are left out.
 */
function withoutControls(text: string): string {
  return text.replace(/[\v\f]/g, '\n').replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, '');
}

/** A short fingerprint of some text (32-bit FNV-1a, hex), to tell one message's request from another's. */
function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
