import { css } from 'lit';
import { base, focusRing, tokens } from '../shared/theme.js';

const own = css`
  :host {
    --_accent: var(--c2c-directory-accent, var(--_brand));
    --_gap: var(--c2c-directory-result-gap, var(--_space-3));
    --_result-bg: var(--c2c-directory-result-background, var(--_bg));
    --_result-border: var(--c2c-directory-result-border, var(--_border));
    --_chip-bg: var(--c2c-directory-chip-background, var(--_surface));
    --_filters-width: var(--c2c-directory-filters-width, 18rem);
    --_heading-size: var(--c2c-directory-heading-size, 1.5rem);
    display: block;
    container-type: inline-size;
    container-name: directory;
  }
  :host([hidden]) {
    display: none;
  }
  .directory {
    display: flex;
    flex-direction: column;
    gap: var(--_space-3);
    min-width: 0;
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  .heading,
  ::slotted([slot='header']) {
    font-size: var(--_heading-size);
  }
  p {
    margin: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  .label {
    display: block;
    font-weight: 700;
    margin-bottom: var(--_space-1);
  }
  .hint,
  .muted,
  .org {
    color: var(--_muted);
  }
  .hint {
    margin-bottom: var(--_space-1);
  }
  .search-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    align-items: stretch;
  }
  .search-row input {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .layout {
    display: flex;
    flex-direction: column;
    gap: var(--_space-4);
    min-width: 0;
  }
  @container directory (min-width: 52rem) {
    .layout {
      display: grid;
      grid-template-columns: var(--_filters-width) minmax(0, 1fr);
      align-items: start;
    }
  }
  .filters {
    border: 1px solid var(--_border);
    padding: var(--_space-2) var(--_space-3);
    background: var(--_bg);
  }
  .filters summary {
    min-height: var(--_target);
    display: flex;
    align-items: center;
    font-weight: 700;
    cursor: pointer;
  }
  .filter-form {
    display: flex;
    flex-direction: column;
    gap: var(--_space-3);
    padding-bottom: var(--_space-2);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_space-2);
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0;
    margin-bottom: var(--_space-1);
  }
  select {
    width: 100%;
  }
  .age {
    width: 6em;
  }
  .postcode {
    text-transform: uppercase;
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_space-2);
    min-height: var(--_target);
  }
  .check input {
    /* A long label (Welsh, a phone) must not squeeze the box below its size. */
    flex: none;
    width: 1.75rem;
    height: 1.75rem;
    min-height: 0;
    margin: 0;
    accent-color: var(--_accent);
  }
  .check label {
    cursor: pointer;
    padding: var(--_space-1) 0;
  }
  .results-area {
    display: flex;
    flex-direction: column;
    gap: var(--_space-3);
    min-width: 0;
  }
  .count {
    font-weight: 700;
    font-size: 1.1875rem;
  }
  .chips-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    align-items: center;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-2);
    background: var(--_chip-bg);
    color: var(--_text);
    border: 1px solid var(--_border);
    box-shadow: none;
    max-width: 100%;
    overflow-wrap: anywhere;
    text-align: start;
  }
  .chip .x {
    font-size: 1.25em;
    line-height: 1;
  }
  .results {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* A long list renders only the rows near the viewport; these stand in for the rows before and after them. */
  .results.windowed::before,
  .results.windowed::after {
    content: '';
    display: block;
  }
  .results.windowed::before {
    height: var(--_rows-before, 0px);
  }
  .results.windowed::after {
    height: var(--_rows-after, 0px);
  }
  .result {
    width: 100%;
    padding: var(--_space-3);
    margin: 0 0 var(--_gap);
    background: var(--_result-bg);
    border: 1px solid var(--_result-border);
    border-left: 4px solid var(--_accent);
    display: flex;
    flex-direction: column;
    gap: var(--_space-1);
    overflow-wrap: anywhere;
  }
  .results.static .result {
    position: static;
  }
  .result-name {
    font-size: 1.1875rem;
  }
  .result-name button.name {
    text-align: start;
    font-weight: 700;
    padding: var(--_space-1) 0;
    min-height: var(--_target);
    overflow-wrap: anywhere;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1) var(--_space-3);
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .result .save {
    align-self: flex-start;
    margin-top: var(--_space-1);
  }
  /* Not while focused: as specific as the focus style and later, it hid the yellow fill, leaving a keyboard user a
     2px yellow line on white as the only sign of focus on a saved service's button. */
  .save[aria-pressed='true']:not(:focus-visible) {
    background: var(--_accent);
    color: #fff;
  }
  .save[aria-pressed='true']::before {
    /* Alt text "": the pressed state is spoken from aria-pressed, not as "check mark" in the name. */
    content: '✓ ' / '';
  }
  .message {
    padding: var(--_space-3);
    border: 1px solid var(--_border);
    display: flex;
    flex-direction: column;
    gap: var(--_space-2);
    align-items: flex-start;
  }
  .message.error {
    border: 4px solid var(--_error);
  }
  .message.offline {
    border-left: 4px solid var(--_warning);
    background: var(--_surface);
  }
  .error-text {
    color: var(--_error);
    font-weight: 700;
  }
  .ok {
    color: var(--_success);
    font-weight: 700;
  }
  .suggestions {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
  }
  .skeleton {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .skeleton li {
    border: 1px solid var(--_border);
    padding: var(--_space-3);
    display: flex;
    flex-direction: column;
    gap: var(--_space-2);
  }
  .bone {
    display: block;
    height: 1rem;
    width: 60%;
    background: linear-gradient(90deg, var(--_surface) 25%, #e5e4e2 50%, var(--_surface) 75%);
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .bone.wide {
    width: 85%;
    height: 1.4rem;
  }
  @keyframes shimmer {
    from {
      background-position: 200% 0;
    }
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
  .more {
    align-self: flex-start;
  }
  dialog {
    width: min(44rem, calc(100vw - 2rem));
    /* vh is the viewport with a phone's toolbar hidden: while it shows, the bottom of a vh-high dialog, with its
       Save button, sits under it. dvh follows the toolbar; vh stays for browsers without dvh. */
    max-height: calc(100vh - 2rem);
    max-height: calc(100dvh - 2rem);
    padding: 0;
    border: 0;
    border-top: 6px solid var(--_accent);
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
  }
  dialog::backdrop {
    background: rgb(11 12 12 / 0.6);
  }
  .details {
    padding: var(--_space-4);
    display: flex;
    flex-direction: column;
    gap: var(--_space-2);
    overflow-wrap: anywhere;
  }
  .details h3 {
    margin-top: var(--_space-3);
    font-size: 1.1875rem;
  }
  .details ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .details-head {
    display: flex;
    gap: var(--_space-3);
    justify-content: space-between;
    align-items: flex-start;
  }
  .details-head h2 {
    font-size: 1.5rem;
  }
  .details button,
  .chip .x {
    overflow-wrap: normal;
  }
  .details-head .close {
    flex: none;
    white-space: nowrap;
  }
  .description {
    white-space: pre-line;
  }
  address {
    font-style: normal;
    display: flex;
    flex-direction: column;
  }
  .location {
    display: flex;
    flex-direction: column;
    gap: var(--_space-1);
  }
  .contacts a,
  .location a,
  .org a {
    display: inline-block;
    min-height: var(--_target);
    padding: var(--_space-2) 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    margin-top: var(--_space-2);
  }
  .signpost {
    display: flex;
    flex-direction: column;
    gap: var(--_space-3);
    border-top: 2px solid var(--_border);
    margin-top: var(--_space-3);
    padding-top: var(--_space-3);
  }
  textarea {
    width: 100%;
  }
  .shortlist {
    display: flex;
    flex-direction: column;
    gap: var(--_space-3);
  }
  .shortlist .back {
    align-self: flex-start;
  }
  .share-link {
    width: 100%;
  }
  .print-contact {
    display: none;
  }
  @container directory (max-width: 30rem) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100vh;
      height: 100dvh;
      max-height: 100vh;
      max-height: 100dvh;
      margin: 0;
    }
    .details {
      padding: var(--_space-3);
    }
  }
  @media (forced-colors: active) {
    .result,
    .chip,
    .message {
      border: 1px solid CanvasText;
    }
    /* Its only edge was the accent along the top. High contrast paints the dialog and the page in the same Canvas
       colour, and the dimmed backdrop is no edge, so the details ran into the page on three sides. */
    dialog {
      border: 2px solid CanvasText;
      border-top-width: 6px;
    }
  }
  @media print {
    .search,
    .filters,
    .chips-row,
    .shortlist-button,
    .save,
    .actions,
    .back,
    .more,
    dialog,
    .offline,
    .share-status,
    .share-link,
    .share-link-label {
      display: none !important;
    }
    .result {
      break-inside: avoid;
      border: 1px solid #000;
    }
    .shortlist .facts .next {
      display: none;
    }
    .print-contact {
      display: block;
      list-style: none;
      margin: 0;
      padding: 0;
    }
  }
`;

export const styles = [tokens, base, focusRing, own];
