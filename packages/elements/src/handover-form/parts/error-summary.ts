import { html, type TemplateResult } from 'lit';

/** One problem in the error summary: the field it belongs to, and what to do. */
export interface SummaryItem {
  path: string;
  message: string;
}

/**
 * GOV.UK's error summary: a titled list at the top of the form that takes focus on submit, each link moving
 * focus to its field (not just scrolling to it), so keyboard and screen-reader users land where the fix is.
 */
export function renderErrorSummary(
  items: SummaryItem[],
  title: string,
  focusField: (path: string) => void,
): TemplateResult {
  return html`<div
    class="error-summary"
    part="error-summary"
    role="alert"
    aria-labelledby="error-summary-title"
    tabindex="-1"
  >
    <h2 id="error-summary-title" class="error-summary-title">${title}</h2>
    <ul class="error-summary-list">
      ${items.map(
        (item) =>
          html`<li>
            <a
              href=${`#${encodeURIComponent(item.path)}`}
              @click=${(e: Event) => {
                e.preventDefault();
                focusField(item.path);
              }}
              >${item.message}</a
            >
          </li>`,
      )}
    </ul>
  </div>`;
}
