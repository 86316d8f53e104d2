import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController, type Messages } from '../packages/elements/src/shared/localize.js';
import { base, focusRing, tokens } from '../packages/elements/src/shared/theme.js';

type Key =
  | 'title'
  | 'intro'
  | 'updated'
  | 'services_one'
  | 'services_other'
  | 'services_zero'
  | 'services_two'
  | 'services_few'
  | 'services_many'
  | 'action';

const messages: Record<'en' | 'cy', Messages<Key>> = {
  en: {
    title: 'Shared theme and language',
    intro:
      'Every c2c-kit component takes its language from the nearest lang attribute and its look from CSS custom properties.',
    updated: ({ date }) => `Updated ${date}`,
    services_zero: 'No services',
    services_one: ({ count }) => `${count} service`,
    services_two: ({ count }) => `${count} services`,
    services_few: ({ count }) => `${count} services`,
    services_many: ({ count }) => `${count} services`,
    services_other: ({ count }) => `${count} services`,
    action: 'Search services',
  },
  cy: {
    title: 'Thema ac iaith a rennir',
    intro: 'Mae pob cydran c2c-kit yn cymryd ei hiaith o’r briodwedd lang agosaf a’i golwg o briodweddau CSS.',
    updated: ({ date }) => `Diweddarwyd ${date}`,
    services_zero: ({ count }) => `${count} gwasanaeth`,
    services_one: ({ count }) => `${count} gwasanaeth`,
    services_two: ({ count }) => `${count} wasanaeth`,
    services_few: ({ count }) => `${count} gwasanaeth`,
    services_many: ({ count }) => `${count} gwasanaeth`,
    services_other: ({ count }) => `${count} gwasanaeth`,
    action: 'Chwilio gwasanaethau',
  },
};

/**
 * A story-only element that shows the shared building blocks every component uses:
 * `LocalizeController` (nearest `lang`, plurals, dates) and the system tokens.
 */
class C2cStoryThemeSample extends LitElement {
  static override styles = [
    tokens,
    base,
    focusRing,
    css`
      :host {
        display: block;
        max-width: 40rem;
        padding: var(--_space-4);
        border-left: 5px solid var(--_brand);
        background: var(--_surface);
      }
      h2 {
        margin-top: 0;
      }
    `,
  ];

  /** How many services to count (shows `Intl.PluralRules` at work: Welsh has six categories). */
  @property({ type: Number }) count = 3;

  /** ISO date shown through `Intl.DateTimeFormat` in the current language. */
  @property({ attribute: 'last-updated' }) lastUpdated = '2026-09-01';

  private readonly l10n = new LocalizeController<Key>(this, messages);

  override render() {
    const { l10n } = this;
    return html`
      <h2 part="title">${l10n.t('title')}</h2>
      <p>${l10n.t('intro')}</p>
      <p data-testid="count">${l10n.plural('services', this.count)}</p>
      <p data-testid="date">${l10n.t('updated', { date: l10n.date(this.lastUpdated) })}</p>
      <button type="button">${l10n.t('action')}</button>
    `;
  }
}

if (!customElements.get('c2c-story-theme-sample')) customElements.define('c2c-story-theme-sample', C2cStoryThemeSample);

declare global {
  interface HTMLElementTagNameMap {
    'c2c-story-theme-sample': C2cStoryThemeSample;
  }
}

type Args = { count: number; updated: string };

const meta: Meta<Args> = {
  title: 'Introduction/Theme and language',
  render: ({ count, updated }) =>
    html`<c2c-story-theme-sample .count=${count} last-updated=${updated}></c2c-story-theme-sample>`,
  args: { count: 3, updated: '2026-09-01' },
  argTypes: {
    count: { control: { type: 'number', min: 0, max: 20 } },
    updated: { control: 'text' },
  },
};
export default meta;

type Story = StoryObj<Args>;

/** English, from the toolbar's default language. */
export const English: Story = {};

/** Welsh: the story root carries `lang="cy"`, so the component switches without configuration. */
export const Welsh: Story = { globals: { locale: 'cy' } };

/** A trust's own colours through the system tokens, set on any ancestor. */
export const Themed: Story = {
  render: ({ count, updated }) =>
    html`<div class="c2c-story-themed">
      <c2c-story-theme-sample .count=${count} last-updated=${updated}></c2c-story-theme-sample>
    </div>`,
  decorators: [
    (story) =>
      html`<style>
          .c2c-story-themed {
            --c2c-color-brand: #5a2d82;
            --c2c-color-surface: #f4eefa;
            --c2c-radius: 6px;
            --c2c-font-family: Georgia, serif;
          }
        </style>
        ${story()}`,
  ],
};
