import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Answer, Question } from '@c2c/schema';
import { base, focusRing, tokens } from '../../shared/theme.js';

/** The kinds of control a template question can ask for (the template's `kind`). */
export type FieldKind = Question['kind'];
/** One option of a choice, multichoice or rag question, already in the page's language. */
export interface FieldOption {
  value: string;
  label: string;
}

/** Words the field needs, in the page's language (the handover form passes its own). */
export interface FieldWords {
  yes: string;
  no: string;
  none: string;
  error: string;
  /** Labels of a date's three boxes, and the example shown under its label when the question has no hint. */
  day: string;
  month: string;
  year: string;
  dateHint: string;
  /** A complete date (`2014-09-27`) as people write it, for the read-only view ("27 September 2014"). */
  date: (iso: string) => string;
  remaining: (n: number) => string;
  over: (n: number) => string;
}
const DEFAULT_WORDS: FieldWords = {
  yes: 'Yes',
  no: 'No',
  none: 'Not answered',
  error: 'Error',
  day: 'Day',
  month: 'Month',
  year: 'Year',
  dateHint: 'For example, 27 9 2014',
  date: (iso) => iso,
  remaining: (n) => `You have ${n} ${n === 1 ? 'character' : 'characters'} remaining`,
  over: (n) => `You have ${n} ${n === 1 ? 'character' : 'characters'} too many`,
};

let uid = 0;
/** GOV.UK's character count reads the count out once typing has paused this long. */
const COUNT_SPEAK_MS = 1000;

/**
 * One answer on the handover form: a label, its hint, its control and its error message in one shadow root,
 * so `aria-describedby` and `<label for>` resolve. Form-associated, so it takes part in any `<form>` in its
 * own tree (the handover form's inner form, or a host's form when used on its own) and reports validity with
 * a message and an anchor, as native inputs do.
 *
 * The same element renders every question kind, so a trust's own template questions appear without code.
 * @summary A form-associated handover answer (text, longtext, choice, multichoice, yesno, number, date, rag).
 * @fires input - The value changed (every keystroke); read `value`.
 * @fires change - The value was committed (blur, or a choice picked).
 * @csspart label - The question's label or legend.
 * @csspart hint - The hint under the label.
 * @csspart error - The error message.
 * @csspart control - The input, textarea or group of options.
 */
export class C2cHandoverField extends LitElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = { mode: 'open', delegatesFocus: true };

  static override styles = [
    tokens,
    base,
    focusRing,
    css`
      :host {
        display: block;
        margin-block-end: var(--_space-4);
      }
      :host([hidden]) {
        display: none;
      }
      .group {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      .group.has-error {
        border-inline-start: 5px solid var(--_error);
        padding-inline-start: var(--_space-3);
      }
      label.q,
      legend {
        display: block;
        font-weight: 700;
        margin-block-end: var(--_space-1);
        padding: 0;
      }
      .hint {
        display: block;
        color: var(--_muted);
        margin-block-end: var(--_space-2);
      }
      .error {
        display: block;
        color: var(--_error);
        font-weight: 700;
        margin-block-end: var(--_space-2);
      }
      input[type='text'],
      textarea {
        width: 100%;
      }
      /* GOV.UK's date input: three boxes sized to what they hold, side by side, wrapping at 400% zoom. */
      .date {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space-4);
      }
      .date-item label {
        display: block;
        margin-block-end: var(--_space-1);
      }
      .date-item input {
        width: 5ch;
        box-sizing: content-box;
        font-variant-numeric: tabular-nums;
      }
      .date-item input.year {
        width: 7ch;
      }
      input.narrow {
        max-width: 10em;
      }
      input.upn {
        max-width: 16em;
        font-variant-numeric: tabular-nums;
        letter-spacing: 0.05em;
      }
      textarea {
        min-height: 7em;
        resize: vertical;
      }
      .has-error input,
      .has-error textarea {
        border-color: var(--_error);
      }
      .options {
        display: flex;
        flex-direction: column;
        gap: var(--_space-2);
      }
      .options.inline {
        flex-direction: row;
        flex-wrap: wrap;
        gap: var(--_space-4);
      }
      .option {
        display: flex;
        align-items: center;
        gap: var(--_space-2);
        min-height: var(--_target);
      }
      .option input {
        width: var(--_target);
        height: var(--_target);
        margin: 0;
        flex: none;
        accent-color: var(--_text);
      }
      .option label {
        cursor: pointer;
        padding-block: var(--_space-1);
      }
      .swatch {
        display: inline-block;
        width: 1em;
        height: 1em;
        border: 1px solid var(--_text);
        margin-inline-end: var(--_space-1);
        vertical-align: -0.1em;
      }
      .swatch.green {
        background: #00703c;
      }
      .swatch.amber {
        background: #ffbf47;
      }
      .swatch.red {
        background: #d4351c;
      }
      .count {
        display: block;
        color: var(--_muted);
        margin-block-start: var(--_space-1);
      }
      .count.over {
        color: var(--_error);
        font-weight: 700;
      }
      .readonly-value {
        white-space: pre-wrap;
        /* A pasted link or email address breaks rather than push a phone's screen (or 400% zoom) sideways. */
        overflow-wrap: anywhere;
        margin: 0;
      }
      .readonly-value.empty {
        color: var(--_muted);
      }
    `,
  ];

  /** Which control to show. */
  @property() kind: FieldKind = 'text';
  /** The form field name (a dotted path such as `sections.send.support`). */
  @property({ reflect: true }) name = '';
  @property() label = '';
  @property() hint = '';
  /** The error message to show beside the field; empty when the answer is fine. */
  @property() error = '';
  @property({ type: Boolean }) required = false;
  @property({ type: Boolean }) readonly = false;
  @property({ type: Number }) maxLength = 0;
  @property({ attribute: false }) options: FieldOption[] = [];
  /** Words for yes and no, and for "not answered" in read-only view, in the page's language. */
  @property({ attribute: false }) words: FieldWords = DEFAULT_WORDS;
  /** `upn` or `uln` for identifier inputs (spellcheck off, upper case, narrow). */
  @property() variant: '' | 'upn' | 'uln' | 'name' = '';
  @property({ attribute: false }) value: Answer | undefined = undefined;

  /** A date's three boxes as typed (kept so the boxes show what was typed, not a normalised date). */
  private dateParts: DateParts | undefined;
  /** The value this field last sent for a date: any other value arriving comes from outside and is split again. */
  private sentDate: Answer | undefined;
  private readonly internals: ElementInternals;
  private readonly fid = `f${++uid}`;
  private defaultValue: Answer | undefined = undefined;
  private defaultCaptured = false;
  /** The count as last read out; the visible count changes with every keystroke, this only after a pause. */
  private spokenCount = '';
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  /** Disabled by a `disabled` attribute or a disabled `<fieldset>` or form around it, as a native input is. */
  private formDisabled = false;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.countTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.defaultCaptured && changed.has('value')) {
      this.defaultCaptured = true;
      this.defaultValue = this.value;
    }
    if (this.kind === 'date' && (changed.has('value') || changed.has('kind')) && this.value !== this.sentDate)
      this.dateParts = splitDate(this.value);
    // A reset, a restored draft or a merged conflict changes the text as typing does, so the spoken count follows
    // any new value; the first render says nothing, as a page that has just loaded should not speak.
    if (this.hasUpdated && changed.has('value') && this.kind === 'longtext' && this.maxLength) this.speakCountSoon();
  }

  private speakCountSoon(): void {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      this.spokenCount = this.countWords(this.textOf(this.value).length);
      this.requestUpdate();
    }, COUNT_SPEAK_MS);
  }

  private textOf(value: Answer | undefined): string {
    return value === undefined || value === null ? '' : String(value);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('value') || changed.has('name'))
      this.internals.setFormValue(toFormValue(this.name, this.value), stateOf(this.value));
    if (changed.has('value') || changed.has('error') || changed.has('required')) this.syncValidity();
  }

  private syncValidity(): void {
    const anchor = this.renderRoot.querySelector<HTMLElement>('input, textarea') ?? undefined;
    if (this.error) this.internals.setValidity({ customError: true }, this.error, anchor);
    else if (this.required && !this.readonly && isEmpty(this.value))
      this.internals.setValidity({ valueMissing: true }, this.label, anchor);
    else this.internals.setValidity({});
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  /** Restores the value the field first showed when its form is reset. */
  formResetCallback(): void {
    this.value = this.defaultValue;
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  /** Restores a value after back/forward navigation or a browser crash (the browser kept our `state`). */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state !== 'string') return;
    try {
      this.value = JSON.parse(state) as Answer;
    } catch {
      /* state from an older release: keep the current value */
    }
  }

  private commit(value: Answer | undefined, type: 'input' | 'change'): void {
    this.value = value;
    this.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
  }

  private onText = (e: Event) => {
    // The native event would also reach the form, retargeted to this element; one event per keystroke is enough.
    e.stopPropagation();
    const raw = (e.target as HTMLInputElement).value;
    this.commit(this.kind === 'number' ? parseNumber(raw) : raw, 'input');
  };
  private onDatePart = (e: Event) => {
    e.stopPropagation();
    const input = e.target as HTMLInputElement;
    const parts = {
      ...(this.dateParts ?? splitDate(this.value)),
      [input.dataset.part as keyof DateParts]: input.value,
    };
    this.dateParts = parts;
    this.sentDate = joinDate(parts);
    this.commit(this.sentDate, 'input');
  };
  private onTextChange = () => this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));

  private describedBy(...ids: Array<string | false>): string | typeof nothing {
    const list = ids.filter(Boolean).join(' ');
    return list || nothing;
  }

  override render(): TemplateResult {
    if (this.readonly) return this.renderReadonly();
    const id = this.fid;
    const hintId = this.hint || this.kind === 'date' ? `${id}-hint` : false;
    const errorId = this.error ? `${id}-error` : false;
    const countId = this.kind === 'longtext' && this.maxLength ? `${id}-count` : false;
    const error = this.error
      ? html`<span class="error" id=${`${id}-error`} part="error"
          ><span class="visually-hidden">${this.words.error}:</span> ${this.error}</span
        >`
      : nothing;
    const hintText = this.kind === 'date' ? this.hint || this.words.dateHint : this.hint;
    const hint = hintText ? html`<span class="hint" id=${`${id}-hint`} part="hint">${hintText}</span>` : nothing;

    if (this.kind === 'choice' || this.kind === 'rag' || this.kind === 'yesno' || this.kind === 'multichoice') {
      const multi = this.kind === 'multichoice';
      const options: FieldOption[] =
        this.kind === 'yesno'
          ? [
              { value: 'yes', label: this.words.yes },
              { value: 'no', label: this.words.no },
            ]
          : this.options;
      const current =
        this.kind === 'yesno' ? (this.value === true ? 'yes' : this.value === false ? 'no' : '') : this.value;
      return html`<fieldset
        class="group ${this.error ? 'has-error' : ''}"
        aria-describedby=${this.describedBy(hintId, errorId)}
        ?disabled=${this.formDisabled}
      >
        <legend part="label">${this.label}</legend>
        ${hint} ${error}
        <div class="options ${this.kind === 'yesno' ? 'inline' : ''}" part="control">
          ${options.map((o, i) => {
            const checked = multi ? Array.isArray(current) && current.includes(o.value) : current === o.value;
            return html`<div class="option">
              <input
                id=${`${id}-${i}`}
                type=${multi ? 'checkbox' : 'radio'}
                name=${id}
                .value=${o.value}
                .checked=${checked}
                aria-invalid=${this.error ? 'true' : 'false'}
                @input=${stop}
                @change=${(e: Event) => this.onOption(o.value, (e.target as HTMLInputElement).checked)}
              />
              <label for=${`${id}-${i}`}
                >${this.kind === 'rag' ? html`<span class="swatch ${o.value}" aria-hidden="true"></span>` : nothing}${o.label}</label
              >
            </div>`;
          })}
        </div>
      </fieldset>`;
    }

    if (this.kind === 'date') {
      const parts = this.dateParts ?? splitDate(this.value);
      const box = (part: keyof DateParts, cls: string) =>
        html`<div class="date-item">
          <label for=${`${id}-${part}`}>${this.words[part === 'd' ? 'day' : part === 'm' ? 'month' : 'year']}</label>
          <input
            id=${`${id}-${part}`}
            class=${cls}
            type="text"
            inputmode="numeric"
            autocomplete="off"
            spellcheck="false"
            data-part=${part}
            .value=${parts[part]}
            aria-invalid=${this.error ? 'true' : 'false'}
            @input=${this.onDatePart}
            @change=${this.onTextChange}
          />
        </div>`;
      return html`<fieldset
        class="group ${this.error ? 'has-error' : ''}"
        aria-describedby=${this.describedBy(hintId, errorId)}
        ?disabled=${this.formDisabled}
      >
        <legend part="label">${this.label}</legend>
        ${hint} ${error}
        <div class="date" part="control">${box('d', 'day')} ${box('m', 'month')} ${box('y', 'year')}</div>
      </fieldset>`;
    }

    const text = this.textOf(this.value);
    const control =
      this.kind === 'longtext'
        ? html`<textarea
            id=${`${id}-input`}
            .value=${text}
            rows="5"
            aria-describedby=${this.describedBy(hintId, errorId, countId)}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-required=${this.required ? 'true' : 'false'}
            spellcheck="true"
            ?disabled=${this.formDisabled}
            @input=${this.onText}
            @change=${this.onTextChange}
          ></textarea>`
        : // No maxlength: the browser cuts a longer paste off without a word. The limit is checked instead,
          // and named beside the field, so every character stays for the person to shorten.
          html`<input
            id=${`${id}-input`}
            type="text"
            class=${this.variant === 'upn' ? 'upn' : this.kind === 'number' || this.variant === 'uln' ? 'narrow' : ''}
            inputmode=${this.kind === 'number' || this.variant === 'uln' ? 'numeric' : nothing}
            autocomplete=${this.variant === 'name' ? 'off' : nothing}
            spellcheck=${this.variant === 'upn' || this.variant === 'uln' ? 'false' : nothing}
            autocapitalize=${this.variant === 'upn' ? 'characters' : nothing}
            .value=${text}
            aria-describedby=${this.describedBy(hintId, errorId)}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-required=${this.required ? 'true' : 'false'}
            ?disabled=${this.formDisabled}
            @input=${this.onText}
            @change=${this.onTextChange}
          />`;
    return html`<div class="group ${this.error ? 'has-error' : ''}">
      <label class="q" for=${`${id}-input`} part="label">${this.label}</label>
      ${hint} ${error}
      <div part="control">${control}</div>
      ${countId ? this.renderCount(countId, text.length) : nothing}
    </div>`;
  }

  private countWords(length: number): string {
    const left = this.maxLength - length;
    return left < 0 ? this.words.over(-left) : this.words.remaining(left);
  }

  private renderCount(id: string, length: number): TemplateResult {
    // The visible count is hidden from screen readers, which would otherwise hear it at every keystroke; the live
    // region, there from the first render so its changes are announced, says it after a pause.
    return html`<span class="count ${length > this.maxLength ? 'over' : ''}" id=${id} aria-hidden="true"
        >${this.countWords(length)}</span
      ><span class="visually-hidden" aria-live="polite">${this.spokenCount}</span>`;
  }

  private onOption(value: string, checked: boolean): void {
    if (this.kind === 'multichoice') {
      const current = Array.isArray(this.value) ? this.value : [];
      const next = checked ? [...current.filter((v) => v !== value), value] : current.filter((v) => v !== value);
      // Keep the template's order so the saved answer does not depend on click order.
      const order = this.options.map((o) => o.value);
      next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      this.commit(next, 'change');
    } else if (this.kind === 'yesno') {
      this.commit(value === 'yes', 'change');
    } else {
      this.commit(value, 'change');
    }
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  private renderReadonly(): TemplateResult {
    const v = this.value;
    let shown: string;
    if (isEmpty(v)) shown = '';
    else if (typeof v === 'boolean') shown = v ? this.words.yes : this.words.no;
    else if (Array.isArray(v)) shown = v.map((x) => this.options.find((o) => o.value === x)?.label ?? x).join(', ');
    else if (this.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) shown = this.words.date(v);
    else shown = this.options.find((o) => o.value === v)?.label ?? String(v);
    return html`<div class="group" part="control">
      <span class="q" part="label"><strong>${this.label}</strong></span>
      <p class="readonly-value ${shown ? '' : 'empty'}">${shown || this.words.none}</p>
    </div>`;
  }
}

const stop = (e: Event) => e.stopPropagation();

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** A date's day, month and year boxes. */
interface DateParts {
  d: string;
  m: string;
  y: string;
}

/** Splits a stored date (`2014-09-27`, or a half-typed `2014-9-`) into its boxes. */
function splitDate(value: Answer | undefined): DateParts {
  if (typeof value !== 'string' || !value) return { d: '', m: '', y: '' };
  const [y = '', m = '', d = ''] = value.split('-');
  return { d, m, y };
}

/**
 * The boxes as one value: '' when all are empty, an ISO date (`2014-09-27`) when they hold a day, month and a
 * four-digit year, and otherwise what was typed (`2014-9-`), kept so nothing is lost, which no date check passes.
 * Dashes typed into a box are dropped: they separate the boxes in the stored value.
 */
function joinDate(parts: DateParts): string {
  const [d, m, y] = [parts.d, parts.m, parts.y].map((p) => p.trim().replace(/-/g, ''));
  if (!d && !m && !y) return '';
  if (/^\d{1,2}$/.test(d!) && /^\d{1,2}$/.test(m!) && /^\d{4}$/.test(y!))
    return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return `${y}-${m}-${d}`;
}

function parseNumber(raw: string): Answer {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  const n = Number(trimmed.replace(/,/g, ''));
  // Keep what was typed when it is not a number yet, so the person can see and fix it.
  return Number.isFinite(n) ? n : raw;
}

function toFormValue(name: string, value: Answer | undefined): FormData | string | null {
  if (isEmpty(value)) return null;
  if (Array.isArray(value)) {
    const data = new FormData();
    for (const v of value) data.append(name, v);
    return data;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function stateOf(value: Answer | undefined): string {
  return JSON.stringify(value ?? null);
}
