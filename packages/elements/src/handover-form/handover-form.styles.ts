import { css } from 'lit';
import { base, focusRing, tokens } from '../shared/theme.js';

export const styles = [
  tokens,
  base,
  focusRing,
  css`
    :host {
      display: block;
      --_section-gap: var(--c2c-handover-section-gap, var(--_space-5));
      max-width: var(--c2c-handover-max-width, 48rem);
    }
    :host([hidden]) {
      display: none;
    }
    h2,
    h3 {
      line-height: 1.25;
      margin-block: 0 var(--_space-3);
    }
    .title {
      font-size: 1.75rem;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2) var(--_space-3);
      align-items: center;
      margin-block: 0 var(--_space-4);
      color: var(--_muted);
    }
    .tag {
      display: inline-block;
      padding: 2px var(--_space-2);
      background: var(--_surface);
      color: var(--_text);
      text-transform: uppercase;
      letter-spacing: 0.03em;
      font-size: 0.875em;
    }
    .tag-submitted {
      background: #d2e2f1;
    }
    .tag-acknowledged {
      background: #cce2d8;
    }
    .lede {
      font-size: 1.125em;
    }
    .section {
      border-top: 1px solid var(--_border);
      padding-block-start: var(--_space-4);
      margin-block-end: var(--_section-gap);
    }
    .section > .hint,
    .hint {
      color: var(--_muted);
    }
    .group {
      border: 0;
      margin: 0 0 var(--_space-4);
      padding: 0;
      min-width: 0;
    }
    .group > legend {
      font-weight: 700;
      font-size: 1.125em;
      margin-block-end: var(--_space-2);
      padding: 0;
    }
    .notice {
      border-inline-start: 5px solid var(--_brand);
      padding: var(--_space-2) var(--_space-3);
      margin-block: 0 var(--_space-4);
      background: var(--_bg);
    }
    .notice p {
      margin: 0 0 var(--_space-2);
    }
    .notice p:last-child {
      margin: 0;
    }
    .notice.success {
      border-color: var(--_success);
    }
    .notice.offline,
    .notice.submit-queued {
      border-color: var(--_warning);
    }
    button.warning {
      background: var(--_error);
      box-shadow: 0 2px 0 #55150b;
    }
    .notice.hub-error,
    .notice.error {
      border-color: var(--_error);
    }
    .live:empty {
      display: none;
    }
    .error-summary {
      border: 5px solid var(--_error);
      padding: var(--_space-3);
      margin-block-end: var(--_space-5);
    }
    /* The summary and the conflict panel take focus as wholes: GOV.UK outlines them, never fills them yellow. */
    .error-summary:focus-visible,
    .conflict:focus-visible,
    .error-summary:focus,
    .conflict:focus {
      outline: 3px solid var(--_focus);
      outline-offset: 0;
      background-color: var(--_bg);
      color: var(--_text);
      box-shadow: none;
    }
    .error-summary-list a:focus-visible {
      color: var(--_focus-text);
    }
    .error-summary-list {
      margin: 0;
      padding-inline-start: 0;
      list-style: none;
    }
    .error-summary-list li {
      margin-block-end: var(--_space-2);
    }
    .error-summary-list a {
      color: var(--_error);
      font-weight: 700;
    }
    .error-text {
      color: var(--_error);
      font-weight: 700;
    }
    .ctf {
      border: 2px dashed var(--_border);
      padding: var(--_space-3);
      margin-block-end: var(--_space-4);
    }
    .ctf.dragging {
      border-color: var(--_brand);
      background: var(--_surface);
    }
    .ctf p {
      margin-block: 0 var(--_space-2);
    }
    .file-label {
      display: inline-flex;
      align-items: center;
      position: relative;
    }
    .file-label:focus-within {
      outline: 3px solid transparent;
      background-color: var(--_focus);
      color: var(--_focus-text);
      box-shadow:
        0 -2px var(--_focus),
        0 4px var(--_focus-text);
    }
    .ctf-pupils {
      list-style: none;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: var(--_space-2);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-3);
      align-items: center;
      border-top: 1px solid var(--_border);
      padding-block-start: var(--_space-4);
    }
    .orphans dt {
      font-weight: 700;
    }
    .orphans dd {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0 0 var(--_space-3);
    }

    /* A clean A4 copy for the receiving school's file: answers only, no buttons, no colour backgrounds. */
    @media print {
      @page {
        size: A4;
        margin: 18mm 15mm;
      }
      :host {
        max-width: none;
        font-size: 11pt;
        color: #000;
      }
      .actions,
      .ctf,
      button,
      .save-status,
      .conflict,
      /*
       * Paper carries the handover, not what this device or this moment says beside it: saves and their status,
       * unsent changes, another tab, the hub out of reach, a banner just shown, how to use the form. The header,
       * the form and its sections (the receiving school's block and the messages among them) are the handover.
       */
      .base > :not(.header, form, section, slot),
      [role='status'] {
        display: none !important;
      }
      .section {
        break-inside: auto;
        border-top: 1pt solid #000;
      }
      h2,
      h3 {
        break-after: avoid;
      }
      c2c-handover-field {
        break-inside: avoid;
      }
      .tag {
        border: 1pt solid #000;
        background: none;
      }
    }
  `,
];
