import { adoptStyles, css } from 'lit';

/*
 * The review block's styles (the acknowledgement, the messages between the schools, the receiving DSL's receipt).
 * They come with its chunk rather than in the form's bundle, which every page downloads before the form paints,
 * and are adopted into a form's shadow root before the block first renders there.
 */
export const reviewStyles = css`
  .sg-receipt {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space-2);
    margin-block: var(--_space-4);
  }
  .sg-receipt p {
    margin: 0;
  }
  .sg-receipt .q {
    font-weight: 700;
  }
  .receipt-method {
    border: 0;
    padding: 0;
    margin: 0;
  }
  .receipt-method label {
    display: flex;
    align-items: center;
    gap: var(--_space-2);
    min-height: var(--_target);
  }
  .receipt-method input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    accent-color: var(--_text);
  }
  label.q {
    display: block;
    font-weight: 700;
    margin-block-end: var(--_space-1);
  }
  textarea {
    width: 100%;
    min-height: 5em;
  }
  /* The review block's messages beside its boxes, as each field shows its own (GOV.UK's error message). */
  p.error {
    color: var(--_error);
    font-weight: 700;
    margin: 0;
  }
  /* A request that did not work, under the button that sent it. */
  p.error.action-failed {
    margin-block-start: var(--_space-2);
  }
  textarea[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .ack,
  .questions {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space-2);
    margin-block-end: var(--_space-4);
  }
  .messages {
    list-style: none;
    padding: 0;
  }
  .messages li {
    border-inline-start: 4px solid var(--_border);
    padding-inline-start: var(--_space-3);
    margin-block-end: var(--_space-3);
  }
  .messages .meta {
    margin: 0;
  }
  .messages .body {
    white-space: pre-wrap;
    /* A pasted link breaks rather than push a phone's screen (or 400% zoom) sideways. */
    overflow-wrap: anywhere;
    margin: 0;
  }

  /*
   * On paper: the conversation (who wrote, when, what) and who acknowledged the handover, not the boxes and buttons
   * for writing more, nor a section left empty without them.
   */
  @media print {
    .ack,
    .questions:not(.thread),
    .thread > :not(h3, .messages),
    .print,
    .sg-receipt,
    .unprinted {
      display: none !important;
    }
  }
`;

const styled = new WeakSet<ShadowRoot>();

/**
 * Adds the block's styles beside the form's own in its shadow root, once per root (Lit's adoptStyles alone would
 * replace them). Without constructable sheets Lit adds a `<style>` carrying `window.litNonce`, so a strict CSP still
 * allows it. The conflict chunk has its own copy of these few lines: shared, they would be a third chunk to fetch.
 */
export function adoptReviewStyles(root: ShadowRoot): void {
  if (styled.has(root)) return;
  styled.add(root);
  const sheet = reviewStyles.styleSheet;
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  else adoptStyles(root, [reviewStyles]);
}
