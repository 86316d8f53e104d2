import { html, nothing, type TemplateResult } from 'lit';
import { withoutSpaces, type LearnerCore } from '@c2c/schema';
import { parseCtf } from '@c2c/schema/ctf';
import { strings, type HandoverFormMessageKey } from '../strings.js';
import { ctfEn } from '../strings-ctf.js';

// This chunk's English joins the form's catalogue as it loads (see strings-ctf.ts).
Object.assign(strings.en, ctfEn);

/**
 * Something in a pupil's record the import did not use: the CTF element (as the MIS names it, so an
 * administrator can find it) and the reader's problem code, which the form words in the page's language.
 */
export interface CtfUnread {
  element: string;
  code: string;
  /** The form's message for it (see {@link ctfReason}). */
  reason: ReturnType<typeof ctfReason>;
}

/** One pupil found in a CTF, ready to fill in the learner details. */
export interface CtfChoice {
  label: string;
  learner: Partial<LearnerCore>;
  filled: string[];
  unread: CtfUnread[];
  /** How many more were left off `unread`, to keep the summary short. */
  more: number;
}

/** What an import did: which learner details it filled (as form paths), and what it could not read. */
export interface CtfOutcome {
  learner?: Partial<LearnerCore>;
  filled: string[];
  unread: CtfUnread[];
  more: number;
  /** Several pupils and none matched this handover's UPN: the person picks one. */
  pupils?: CtfChoice[];
  /** A file it could not read at all: the reader's code (`ctf_no_pupils` when it held none) and message. */
  error?: { code: string; message: string };
  /** The file had more problems than the reader lists (`ctf_too_many_problems`): what was read needs checking. */
  damaged?: boolean | undefined;
}

/** Details the form shows; the others (contacts, SEN needs) are still carried to the hub. */
const SHOWN: ReadonlyArray<keyof LearnerCore> = [
  'legalForename',
  'legalSurname',
  'preferredForename',
  'dateOfBirth',
  'upn',
  'uln',
  'sex',
  'senStatus',
  'eal',
  'firstLanguage',
  'lookedAfter',
  'previouslyLookedAfter',
  'freeSchoolMeals',
  'pupilPremium',
];
const MAX_UNREAD = 12;

/**
 * The form's words for why an element was not used, or was used but needs checking, by the reader's problem
 * code. A warning about a value that was filled in must not say it was not: a teacher would type it again.
 */
export function ctfReason(
  code: string,
):
  'ctfUnknownElement' | 'ctfMissing' | 'ctfRepeated' | 'ctfBadValue' | 'ctfCheckDate' | 'ctfCheckValue' | 'ctfSameUpn' {
  if (code === 'ctf_unknown_element') return 'ctfUnknownElement';
  if (code === 'ctf_missing_element') return 'ctfMissing';
  if (code === 'ctf_repeated_element') return 'ctfRepeated';
  if (code === 'ctf_date_with_time') return 'ctfCheckDate';
  if (code === 'ctf_unknown_entity') return 'ctfCheckValue';
  if (code === 'ctf_repeated_pupil') return 'ctfSameUpn';
  return 'ctfBadValue';
}

/**
 * Reads a Common Transfer File on this device. The form loads this module, with the CTF reader and its XML
 * parser, only when a file is chosen, as a separate chunk: pages that never import a file never download it.
 */
export async function importCtf(file: Blob, currentUpn?: string): Promise<CtfOutcome> {
  const none = { filled: [], unread: [], more: 0 };
  try {
    // The bytes, not file.text(): that reads every file as UTF-8, so a Windows-1252 export turned "Siân" into
    // "Si\uFFFDn" without a word, and UTF-16 failed. The reader decodes by the file's own mark or declaration.
    const parsed = parseCtf(new Uint8Array(await file.arrayBuffer()));
    const fatal = parsed.errors.find((e) => e.severity === 'error' && !e.path.includes('/Pupil['));
    // Past the reader's limit the problems of later pupils were not listed, so "Not read from the file" is not all.
    const damaged = parsed.errors.some((e) => e.code === 'ctf_too_many_problems') || undefined;
    if (!parsed.pupils.length)
      return { ...none, error: fatal ?? { code: 'ctf_no_pupils', message: 'The file holds no pupils.' } };
    // Each problem under its pupil, in one pass: looking through every problem for each pupil took pupils ×
    // problems steps, and a damaged file of 10,000 pupils and 50,000 problems held the page for half a minute.
    const byPupil = new Map<number, { rest: string; code: string }[]>();
    for (const e of parsed.errors) {
      const m = /\/Pupil\[(\d+)\]\//.exec(e.path);
      if (!m) continue;
      const index = Number(m[1]) - 1;
      const list = byPupil.get(index) ?? [];
      list.push({ rest: e.path.slice(m.index + m[0].length), code: e.code });
      byPupil.set(index, list);
    }
    const choices: CtfChoice[] = parsed.pupils.map((p, i) => {
      const seen = new Set<string>();
      const unread: CtfUnread[] = [];
      for (const e of byPupil.get(i) ?? []) {
        // The element's own name, without the path above it or its position: `Contacts/Contact[2]/Email` → Email.
        const element = (e.rest.split('/').pop() ?? '').replace(/\[\d+\]$/, '');
        if (!element || seen.has(`${element}|${e.code}`)) continue;
        seen.add(`${element}|${e.code}`);
        unread.push({ element, code: e.code, reason: ctfReason(e.code) });
      }
      const learner = p.learner as Partial<LearnerCore>;
      const name = [learner.legalForename, learner.legalSurname].filter(Boolean).join(' ');
      return {
        label: [name || `#${i + 1}`, learner.dateOfBirth, learner.upn].filter(Boolean).join(', '),
        learner,
        filled: SHOWN.filter((k) => learner[k] !== undefined && learner[k] !== '').map((k) => `learner.${k}`),
        unread: unread.slice(0, MAX_UNREAD),
        more: Math.max(0, unread.length - MAX_UNREAD),
      };
    });
    const wanted = currentUpn === undefined ? undefined : withoutSpaces(currentUpn).toUpperCase();
    const match =
      (wanted && choices.find((c) => c.learner.upn === wanted)) || (choices.length === 1 ? choices[0] : undefined);
    if (!match) return { ...none, pupils: choices, damaged };
    return { learner: match.learner, filled: match.filled, unread: match.unread, more: match.more, damaged };
  } catch (err) {
    return { ...none, error: { code: 'ctf_failed', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** What {@link renderCtfOutcome} reads from the form. */
export interface CtfOutcomeHost {
  t(key: HandoverFormMessageKey, values?: Record<string, string | number>): string;
  /** A list in the page's language ("a, b and c"). */
  list(items: string[]): string;
  /** The label of a learner detail's field, by its form path. */
  labelFor(path: string): string;
  /** Fills in from the file's pupil at this index, chosen by the person. */
  pick(index: number): void;
}

/** What an import did, in the page's language: what was filled, what was not read, or a pupil to choose. */
export function renderCtfOutcome(ctf: CtfOutcome, host: CtfOutcomeHost): TemplateResult {
  const { t } = host;
  if (ctf.error)
    return html`<p class="error-text">
      ${ctf.error.code === 'ctf_no_pupils' ? t('ctfNoPupil') : t('ctfFailed', { message: fileProblem(ctf.error, t) })}
    </p>`;
  const damaged = ctf.damaged ? html`<p class="error-text">${t('ctfDamaged')}</p>` : nothing;
  if (ctf.pupils?.length)
    return html`${damaged}
      <p>${t('ctfPick', { count: ctf.pupils.length })}</p>
      <ul class="ctf-pupils">
        ${ctf.pupils.map(
          (p, i) =>
            html`<li>
              <button type="button" class="secondary" @click=${() => host.pick(i)}>${p.label}</button>
            </li>`,
        )}
      </ul>`;
  const labels = ctf.filled.map((path) => host.labelFor(path));
  return html`${damaged}
    <p>${labels.length ? t('ctfFilled', { fields: host.list(labels) }) : t('ctfNothingFilled')}</p>
    ${
      ctf.unread.length
        ? html`<p>${t('ctfUnread')}</p>
            <ul class="ctf-unread">
              ${ctf.unread.map((u) => html`<li><code>${u.element}</code>: ${t(u.reason)}</li>`)}
              ${ctf.more ? html`<li>${t('ctfUnreadMore', { count: ctf.more })}</li>` : nothing}
            </ul>`
        : nothing
    }`;
}

/** A file-level problem in the page's language; the reader's own (English) words for one it has no name for. */
function fileProblem(error: { code: string; message: string }, t: CtfOutcomeHost['t']): string {
  if (error.code === 'ctf_not_ctf') return t('ctfNotCtf');
  if (error.code === 'ctf_too_large') return t('ctfTooLarge');
  if (error.code === 'ctf_compressed') return t('ctfCompressed');
  if (error.code === 'ctf_wrong_file') return t('ctfWrongFile');
  if (/^ctf_(not_xml|doctype|too_deep|not_text|bad_encoding)$/.test(error.code)) return t('ctfNotXml');
  return error.message;
}
