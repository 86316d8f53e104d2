import type { Decorator, Preview } from '@storybook/web-components-vite';
import { html } from 'lit';

/**
 * Wraps every story in an element carrying the toolbar's language, so components pick it up the way
 * they do on a real page: from the nearest `lang` attribute.
 */
const withLang: Decorator = (story, context) => {
  const lang = (context.globals['locale'] as string | undefined) ?? 'en';
  return html`<div class="c2c-story-root" lang=${lang}>${story()}</div>`;
};

const preview: Preview = {
  decorators: [withLang],
  globalTypes: {
    locale: {
      description: 'Page language (the nearest lang attribute)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English', right: 'en' },
          { value: 'cy', title: 'Cymraeg (Welsh)', right: 'cy' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en' },
  parameters: {
    // Report violations in the Accessibility panel; GOV.UK-style components should meet WCAG 2.2 AA.
    a11y: {
      test: 'error',
      options: { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    },
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;
