import { html, nothing, type TemplateResult } from 'lit';
import { signpostingConsentProblem, type SignpostingCreate } from '@c2c/schema';
import type { DirectoryKey } from '../strings.js';

/** What the staff signposting form needs from the directory. */
export interface SignpostContext {
  t: (key: DirectoryKey, values?: Record<string, string | number>) => string;
  /** `field` names the box an error is about, so the message is tied to it. */
  state: { status: 'idle' | 'sending' | 'done' | 'error'; message?: string; field?: 'consent' };
  onSubmit: (e: SubmitEvent) => void;
  serviceId: string;
  /**
   * What the last record in this directory said (kept in memory only), offered again so staff recording one family
   * to several services need not type it twice (WCAG 2.2 SC 3.3.7 Redundant Entry).
   */
  previous?: SignpostPrevious | undefined;
}

/** The reusable parts of the last record: the family reference and how consent was given. Consent itself is asked each time. */
export interface SignpostPrevious {
  familyReference?: string | undefined;
  consentMethod: SignpostingCreate['consent']['method'];
}

/** Reads the form into a `SignpostingCreate`, and says whether it is a referral without consent. */
export function readSignpostForm(
  form: HTMLFormElement,
  serviceId: string,
): { input: SignpostingCreate; consentMissing: boolean } {
  const data = new FormData(form);
  const familyReference = String(data.get('familyReference') ?? '').trim();
  const note = String(data.get('note') ?? '').trim();
  const method = String(data.get('consentMethod') ?? '');
  const input: SignpostingCreate = {
    kind: data.get('kind') === 'referred' ? 'referred' : 'signposted',
    serviceId,
    consent: {
      given: data.get('consentGiven') === 'on',
      method: method === 'written' || method === 'digital' ? method : 'verbal',
    },
    ...(familyReference ? { familyReference } : {}),
    ...(note ? { note } : {}),
  };
  return { input, consentMissing: signpostingConsentProblem(input) !== null };
}

/** Staff mode: record that a family was signposted or referred to this service, with consent. */
export function renderSignpostForm(ctx: SignpostContext): TemplateResult {
  const st = ctx.state;
  const consentError = st.status === 'error' && st.field === 'consent';
  const prev = ctx.previous;
  const ref = prev?.familyReference;
  // Offered, not filled in: the next record may be for another family, and a reference put there unasked would be
  // recorded against the wrong one.
  const usePrevious = (e: Event) => {
    const input = (e.currentTarget as HTMLElement).closest('form')!.querySelector<HTMLInputElement>('#s-ref')!;
    input.value = ref ?? '';
    input.focus();
  };
  return html`<form class="signpost" @submit=${ctx.onSubmit} aria-labelledby="signpost-title">
    <h3 id="signpost-title">${ctx.t('signpost')}</h3>
    <fieldset>
      <legend>${ctx.t('signpost_kind')}</legend>
      <div class="check">
        <input type="radio" id="k-s" name="kind" value="signposted" checked /><label for="k-s"
          >${ctx.t('kind_signposted')}</label
        >
      </div>
      <div class="check">
        <input type="radio" id="k-r" name="kind" value="referred" /><label for="k-r">${ctx.t('kind_referred')}</label>
      </div>
    </fieldset>
    <div class="field">
      <label class="label" for="s-ref">${ctx.t('family_reference')}</label>
      <p class="hint" id="s-ref-hint">${ctx.t('family_reference_hint')}</p>
      <input id="s-ref" name="familyReference" maxlength="60" autocomplete="off" aria-describedby="s-ref-hint" />
      ${ref ? html`<button type="button" class="link use-previous" @click=${usePrevious}>${ctx.t('use_previous_reference', { reference: ref })}</button>` : nothing}
    </div>
    <fieldset>
      <legend>${ctx.t('consent')}</legend>
      ${consentError ? html`<p class="error-text" id="s-consent-error" role="alert">${st.message}</p>` : nothing}
      <div class="check">
        <input
          type="checkbox"
          id="s-consent"
          name="consentGiven"
          aria-invalid=${consentError ? 'true' : nothing}
          aria-describedby=${consentError ? 's-consent-error' : nothing}
        /><label for="s-consent">${ctx.t('consent_given')}</label>
      </div>
      <div class="field">
        <label class="label" for="s-method">${ctx.t('consent_method')}</label>
        <select id="s-method" name="consentMethod">
          ${(['verbal', 'written', 'digital'] as const).map((m) => html`<option value=${m} ?selected=${prev?.consentMethod === m}>${ctx.t(`method_${m}`)}</option>`)}
        </select>
      </div>
    </fieldset>
    <div class="field">
      <label class="label" for="s-note">${ctx.t('note')}</label>
      <textarea id="s-note" name="note" maxlength="1000" rows="3"></textarea>
    </div>
    <button type="submit" class="record" aria-disabled=${st.status === 'sending' ? 'true' : 'false'}>
      ${st.status === 'sending' ? ctx.t('recording') : ctx.t('record')}
    </button>
    <div role="status" class="signpost-status">
      ${st.status === 'done' ? html`<p class="ok">${st.message}</p>` : nothing}
    </div>
    ${st.status === 'error' && !consentError ? html`<p class="error-text" role="alert">${st.message}</p>` : nothing}
    <input type="hidden" name="service" .value=${ctx.serviceId} />
  </form>`;
}
