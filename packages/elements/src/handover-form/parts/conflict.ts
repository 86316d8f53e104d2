import { adoptStyles, css, html, type TemplateResult } from 'lit';
import type { Handover } from '@c2c/schema';
import { strings, type HandoverFormMessageKey } from '../strings.js';
import { conflictEn } from '../strings-conflict.js';
import {
  fieldPaths,
  getAt,
  merge,
  same,
  setAt,
  stateFromHandover,
  type ConflictField,
  type DraftState,
  type LocalRecord,
} from './model.js';

// A chunk of its own, fetched only when the hub answers a save with a conflict, or a handover opens with changes on
// this device the hub has not got: most people never meet either.

// This chunk's English joins the form's catalogue as it loads (see strings-conflict.ts).
Object.assign(strings.en, conflictEn);

/**
 * The panel's styles, fetched with it rather than in the form's bundle. The focus outline it shares with the error
 * summary, and hiding it in print, stay with the form's styles.
 */
const conflictStyles = css`
  .conflict {
    border: 5px solid var(--_warning);
    padding: var(--_space-3);
    margin-block-end: var(--_space-5);
  }
  .conflict-field {
    border: 0;
    padding: 0;
    margin: 0 0 var(--_space-4);
  }
  .conflict-field legend {
    font-weight: 700;
    margin-block-end: var(--_space-2);
  }
  .versions {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_space-3);
  }
  .version {
    border: 2px solid var(--_border);
    padding: var(--_space-2) var(--_space-3);
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: var(--_space-2);
    align-items: center;
  }
  .version.chosen {
    border-color: var(--_text);
    border-width: 4px;
  }
  .version input {
    width: var(--_target);
    height: var(--_target);
    margin: 0;
    accent-color: var(--_text);
  }
  .version p {
    grid-column: 1 / -1;
    margin: var(--_space-1) 0 0;
  }
  .version-label {
    color: var(--_muted);
  }
  .version-value {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;

const styled = new WeakSet<ShadowRoot>();

/** Adds the panel's styles to a form's shadow root, once per root. */
export function adoptConflictStyles(root: ShadowRoot): void {
  if (styled.has(root)) return;
  styled.add(root);
  const sheet = conflictStyles.styleSheet;
  // Added beside the form's own sheets: Lit's adoptStyles would replace them.
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  // Without constructable sheets, Lit adds a <style> carrying window.litNonce, so a strict CSP still allows it.
  else adoptStyles(root, [conflictStyles]);
}

export interface ConflictView {
  fields: ConflictField[];
  choices: Record<string, 'mine' | 'theirs'>;
  server: Handover;
}

interface ConflictHelpers {
  t: (key: HandoverFormMessageKey, values?: Record<string, string | number>) => string;
  label: (path: string) => string;
  show: (path: string, value: unknown) => string;
  choose: (path: string, choice: 'mine' | 'theirs') => void;
  save: () => void;
}

/** What the notice of this device's newer changes needs from the form. */
export interface LocalNewerView {
  t: ConflictHelpers['t'];
  /** When this device's changes were made, in words. */
  when: string;
  /** "Discard" was pressed once: the form asks before throwing words away. */
  confirming: boolean;
  disabled: boolean;
  ask: (ask: boolean) => void;
  discard: () => void;
}

/**
 * This device has changes the hub has not got (a crash, a closed tab, offline): they are shown and will be sent,
 * and the person may throw them away for the hub's copy instead, after a second press. Here rather than in the
 * form's bundle: a device with unsent work is the same rare case as a conflict, and often leads to one.
 */
export function renderLocalNewer(v: LocalNewerView): TemplateResult {
  return html`<div class="notice info">
    <p>${v.t('localNewer', { time: v.when })}</p>
    ${
      v.confirming
        ? // The question goes with the discard, and focus with it: it carries on in the form, now the hub's.
          html`<div role="group" aria-labelledby="discard-q">
            <p id="discard-q" tabindex="-1"><strong>${v.t('discardConfirm')}</strong></p>
            <button type="button" class="warning" ?disabled=${v.disabled} @click=${v.discard}>
              ${v.t('discardYes')}
            </button>
            <button type="button" class="secondary" @click=${() => v.ask(false)}>${v.t('discardKeep')}</button>
          </div>`
        : html`<button type="button" class="secondary discard" ?disabled=${v.disabled} @click=${() => v.ask(true)}>
            ${v.t('discardLocal')}
          </button>`
    }
  </div>`;
}

/**
 * Side by side, for every answer two people changed differently: "your version" and "their version", with a
 * choice for each. Nothing is saved until the person confirms, so neither version is lost silently.
 */
export function renderConflict(view: ConflictView, h: ConflictHelpers): TemplateResult {
  return html`<section class="conflict" part="conflict" role="alert" aria-labelledby="conflict-title" tabindex="-1">
    <h2 id="conflict-title">${h.t('conflictTitle')}</h2>
    <p>${h.t('conflictIntro')}</p>
    ${view.fields.map((f, i) => {
      const mine = view.choices[f.path] !== 'theirs';
      return html`<fieldset class="conflict-field" data-path=${f.path}>
        <legend>${h.label(f.path)}</legend>
        <div class="versions">
          <div class="version ${mine ? 'chosen' : ''}">
            <input
              type="radio"
              id=${`cf-${i}-mine`}
              name=${`cf-${i}`}
              .checked=${mine}
              @change=${() => h.choose(f.path, 'mine')}
            />
            <label for=${`cf-${i}-mine`}><strong>${h.t('keepMine')}</strong></label>
            <p class="version-label">${h.t('yourVersion')}</p>
            <p class="version-value mine">${h.show(f.path, f.mine)}</p>
          </div>
          <div class="version ${mine ? '' : 'chosen'}">
            <input
              type="radio"
              id=${`cf-${i}-theirs`}
              name=${`cf-${i}`}
              .checked=${!mine}
              @change=${() => h.choose(f.path, 'theirs')}
            />
            <label for=${`cf-${i}-theirs`}><strong>${h.t('keepTheirs')}</strong></label>
            <p class="version-label">${h.t('theirVersion')}</p>
            <p class="version-value theirs">${h.show(f.path, f.theirs)}</p>
          </div>
        </div>
      </fieldset>`;
    })}
    <button type="button" class="conflict-save" @click=${h.save}>${h.t('conflictSave')}</button>
  </section>`;
}

/** "Keep mine" for each answer until the person chooses otherwise. */
function choicesFor(fields: ConflictField[]): Record<string, 'mine' | 'theirs'> {
  return Object.fromEntries(fields.map((f) => [f.path, 'mine' as const]));
}

/** `base`, with every answer the hub holds as one of `sent` had it taken as seen by both sides. */
function withOwnSaves(base: DraftState | undefined, theirs: DraftState, sent: DraftState[]): DraftState {
  const out = structuredClone(base ?? theirs);
  for (const path of fieldPaths(base, theirs, ...sent)) {
    const value = getAt(theirs, path);
    if (sent.some((s) => same(getAt(s, path), value))) setAt(out, path, structuredClone(value));
  }
  return out;
}

/**
 * Merges this device's changes with the hub's copy `server`. Without a clash the record takes the merge (and the
 * hub's version) and `undefined` comes back; otherwise the panel's view, with the record left as it was.
 */
export function meetConflict(record: LocalRecord, server: Handover): ConflictView | undefined {
  const theirs = stateFromHandover(server);
  // An answer the hub holds as one of this device's unanswered updates sent it is this person's own: the last
  // version both sides saw, not a change someone else made to choose against.
  if (record.unanswered?.length) {
    record.base = withOwnSaves(record.base, theirs, record.unanswered);
    delete record.unanswered;
  }
  const { merged, conflicts } = merge(record.base, record.state, theirs);
  if (conflicts.length) return { fields: conflicts, choices: choicesFor(conflicts), server };
  // Different answers changed on each side: take theirs, keep mine.
  record.state = merged;
  record.version = server.version;
  record.base = theirs;
  return undefined;
}

/**
 * Applies the person's choices in `c` to the record and returns `undefined`, or returns the panel's view again
 * when the form took typing on a clashing answer meanwhile (the record is then left as it was).
 */
export function settleConflict(record: LocalRecord, c: ConflictView): ConflictView | undefined {
  // The rest of the form took typing while the choice waited: merge again from what is on screen now, so none
  // of it is lost, and ask again if it touched an answer they changed too.
  const { merged: state, conflicts } = merge(record.base, record.state, stateFromHandover(c.server));
  // An answer edited in the form after the panel showed it is a new version of the person's own: the choice made
  // for the words the panel showed does not settle it (taking "theirs" would throw the new words away unseen),
  // so the panel asks again with them.
  const shown = new Map(c.fields.map((f) => [f.path, f.mine]));
  const fresh = conflicts.filter((f) => !c.choices[f.path] || !same(shown.get(f.path), f.mine));
  if (fresh.length) return { ...c, fields: conflicts, choices: { ...c.choices, ...choicesFor(fresh) } };
  for (const f of conflicts) setAt(state, f.path, structuredClone(c.choices[f.path] === 'mine' ? f.mine : f.theirs));
  record.state = state;
  record.version = c.server.version;
  record.base = stateFromHandover(c.server);
  return undefined;
}
