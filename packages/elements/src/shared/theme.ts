import { css } from 'lit';

/**
 * System tokens, GOV.UK-like by default so a school's site looks at home. Components read these through
 * their own component-tier tokens; hosts override them on any ancestor.
 */
export const tokens = css`
  :host {
    --_text: var(--c2c-color-text, #0b0c0c);
    --_muted: var(--c2c-color-secondary-text, #484949);
    --_bg: var(--c2c-color-background, #ffffff);
    --_surface: var(--c2c-color-surface, #f3f2f1);
    --_border: var(--c2c-color-border, #b1b4b6);
    --_input-border: var(--c2c-color-input-border, #0b0c0c);
    --_link: var(--c2c-color-link, #1d70b8);
    --_brand: var(--c2c-color-brand, #1d70b8);
    --_success: var(--c2c-color-success, #00703c);
    --_error: var(--c2c-color-error, #d4351c);
    --_warning: var(--c2c-color-warning, #f47738);
    --_focus: var(--c2c-color-focus, #ffdd00);
    --_focus-text: var(--c2c-color-focus-text, #0b0c0c);
    --_font: var(--c2c-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    --_font-size: var(--c2c-font-size, 1rem);
    --_radius: var(--c2c-radius, 0);
    --_space-1: var(--c2c-space-1, 0.25rem);
    --_space-2: var(--c2c-space-2, 0.5rem);
    --_space-3: var(--c2c-space-3, 1rem);
    --_space-4: var(--c2c-space-4, 1.5rem);
    --_space-5: var(--c2c-space-5, 2rem);
    --_target: 44px;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    line-height: 1.5;
  }
`;

/** GOV.UK's focus style: yellow background, thick black underline; visible on every background. */
export const focusRing = css`
  :is(a, button, input, select, textarea, summary, [tabindex]):focus-visible {
    outline: 3px solid transparent;
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow:
      0 -2px var(--_focus),
      0 4px var(--_focus-text);
    text-decoration: none;
  }
  /* :focus adds nothing (focus-visible implies it) but weight: the rule above counts [tabindex] in its :is(),
     which outranked this one, so focused fields got a yellow fill and no outline instead of GOV.UK's ring. */
  :is(input, select, textarea):focus-visible:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_input-border);
    background-color: var(--_bg);
  }
`;

/** Shared building blocks: visually hidden text, buttons with 44px targets, links, reduced motion. */
export const base = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
  a {
    color: var(--_link);
  }
  button,
  .button {
    font: inherit;
    min-height: var(--_target);
    min-width: var(--_target);
    padding: var(--_space-2) var(--_space-3);
    border: 2px solid transparent;
    border-radius: var(--_radius);
    background: var(--_success);
    color: #fff;
    box-shadow: 0 2px 0 #002d18;
    cursor: pointer;
  }
  button.secondary,
  .button.secondary {
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 2px 0 #929191;
  }
  button.link {
    background: none;
    box-shadow: none;
    color: var(--_link);
    text-decoration: underline;
    padding: var(--_space-1);
  }
  button[disabled],
  button[aria-disabled='true'] {
    opacity: 0.5;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    min-height: var(--_target);
    border: 2px solid var(--_input-border);
    border-radius: var(--_radius);
    padding: var(--_space-1) var(--_space-2);
    color: var(--_text);
    background: var(--_bg);
    max-width: 100%;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
`;
