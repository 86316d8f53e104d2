import { html, type TemplateResult } from 'lit';
import type { HandoverFormMessageKey } from '../strings.js';
import type { ConflictField } from './model.js';

interface ConflictView {
  fields: ConflictField[];
  choices: Record<string, 'mine' | 'theirs'>;
}

interface ConflictHelpers {
  t: (key: HandoverFormMessageKey, values?: Record<string, string | number>) => string;
  label: (path: string) => string;
  show: (path: string, value: unknown) => string;
  choose: (path: string, choice: 'mine' | 'theirs') => void;
  save: () => void;
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
