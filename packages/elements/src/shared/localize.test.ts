import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { LocalizeController, resolveLang, type Catalogue, type Messages } from './localize.js';

type Key = 'hello' | 'results_one' | 'results_other' | 'results_two';
const strings: Record<'en' | 'cy', Messages<Key>> = {
  en: {
    hello: 'Hello',
    results_one: '1 result',
    results_other: ({ count }) => `${count} results`,
    results_two: ({ count }) => `${count} results`,
  },
  cy: {
    hello: 'Helo',
    results_one: '1 canlyniad',
    results_two: ({ count }) => `${count} ganlyniad`,
    results_other: ({ count }) => `${count} canlyniad`,
  },
};

class TestLocalized extends LitElement {
  l = new LocalizeController<Key>(this, strings);
  override render() {
    return html`<p>${this.l.t('hello')}</p>`;
  }
}
customElements.define('test-localized', TestLocalized);

describe('LocalizeController', () => {
  it('uses the nearest lang attribute, through shadow roots', async () => {
    const wrapper = await fixture(html`<div lang="cy"><span></span></div>`);
    expect(resolveLang(wrapper.querySelector('span')!)).to.equal('cy');
    const el = await fixture<TestLocalized>(html`<test-localized lang="cy"></test-localized>`);
    expect(el.shadowRoot!.textContent).to.contain('Helo');
  });

  it('switches language when lang changes, and falls back to English for unknown languages', async () => {
    const el = await fixture<TestLocalized>(html`<test-localized lang="en"></test-localized>`);
    el.setAttribute('lang', 'cy');
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Helo');
    el.setAttribute('lang', 'fr');
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Hello');
  });

  it('chooses Welsh plural forms with Intl.PluralRules', async () => {
    const el = await fixture<TestLocalized>(html`<test-localized lang="cy"></test-localized>`);
    expect(el.l.plural('results', 2)).to.equal('2 ganlyniad');
    expect(el.l.plural('results', 7)).to.equal('7 canlyniad');
    expect(el.l.plural('results', 1)).to.equal('1 canlyniad');
  });
});

/** A component whose Welsh is loaded on first use, as the real ones are; each render's text is recorded. */
function lazyElement(tag: string, load: () => Promise<Messages<Key>>) {
  const catalogue: Catalogue<Key> = { en: strings.en, cy: load };
  class Lazy extends LitElement {
    l = new LocalizeController<Key>(this, catalogue);
    rendered: string[] = [];
    protected override scheduleUpdate() {
      return this.l.whenLoaded(() => super.scheduleUpdate());
    }
    override render() {
      return html`<p>${this.l.t('hello')}</p>`;
    }
    protected override updated() {
      this.rendered.push(this.shadowRoot!.textContent!.trim());
    }
  }
  customElements.define(tag, Lazy);
  return Lazy;
}

describe('LocalizeController with messages loaded on first use', () => {
  it('renders a Welsh page in Welsh from the first render, and loads the Welsh once for every element', async () => {
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    lazyElement('test-lazy-cy', async () => {
      loads++;
      await gate;
      return strings.cy;
    });
    const host = await fixture(html`<div lang="cy"><test-lazy-cy></test-lazy-cy><test-lazy-cy></test-lazy-cy></div>`);
    const [a, b] = [...host.querySelectorAll('test-lazy-cy')] as Array<
      HTMLElement & { rendered: string[]; updateComplete: Promise<boolean> }
    >;
    await new Promise((r) => setTimeout(r, 20));
    expect(a!.rendered, 'nothing is shown in English while the Welsh loads').to.deep.equal([]);
    release();
    await a!.updateComplete;
    await b!.updateComplete;
    expect(a!.rendered).to.deep.equal(['Helo']);
    expect(b!.rendered).to.deep.equal(['Helo']);
    expect(loads).to.equal(1);
  });

  it('an English page never loads the Welsh, and switching to Welsh loads it then', async () => {
    let loads = 0;
    lazyElement('test-lazy-switch', async () => (loads++, strings.cy));
    const el = await fixture<HTMLElement & { rendered: string[]; updateComplete: Promise<boolean> }>(
      html`<test-lazy-switch lang="en"></test-lazy-switch>`,
    );
    expect(el.rendered).to.deep.equal(['Hello']);
    expect(loads).to.equal(0);
    el.setAttribute('lang', 'cy');
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(el.rendered).to.deep.equal(['Hello', 'Helo']);
    expect(loads).to.equal(1);
  });

  it('shows English, and asks once, when the Welsh cannot be loaded', async () => {
    let loads = 0;
    lazyElement('test-lazy-fail', () => (loads++, Promise.reject(new TypeError('Failed to fetch'))));
    const el = await fixture<
      HTMLElement & { rendered: string[]; updateComplete: Promise<boolean>; requestUpdate(): void }
    >(html`<test-lazy-fail lang="cy"></test-lazy-fail>`);
    await el.updateComplete;
    el.requestUpdate();
    await el.updateComplete;
    expect(el.rendered).to.deep.equal(['Hello', 'Hello']);
    expect(loads, 'a failed load is not retried on every render').to.equal(1);
  });
});

describe('LocalizeController numbers', () => {
  it('writes whole numbers as Intl.NumberFormat does in English and Welsh, and others through Intl', async () => {
    const whole = [0, -0, 7, -7, 42, 999, 1000, -1000, 5000, 12345, 999999, 1000000, -1234567, Number.MAX_SAFE_INTEGER];
    for (const lang of ['en', 'cy'] as const) {
      const el = await fixture<TestLocalized>(html`<test-localized lang=${lang}></test-localized>`);
      const intl = new Intl.NumberFormat(el.l.locale);
      for (const n of whole) expect(el.l.number(n), `${lang} ${n}`).to.equal(intl.format(n));
      for (const n of [1234.5, 0.25, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity])
        expect(el.l.number(n), `${lang} ${n}`).to.equal(intl.format(n));
      expect(el.l.number(0.256, { style: 'percent' })).to.equal(
        new Intl.NumberFormat(el.l.locale, { style: 'percent' }).format(0.256),
      );
    }
  });
});

describe('LocalizeController dates', () => {
  it('writes Welsh dates day, month, year, whether or not the browser has Welsh locale data', async () => {
    const el = await fixture<TestLocalized>(html`<test-localized lang="cy"></test-localized>`);
    expect(el.l.date('2015-09-01')).to.equal('1 Medi 2015');
    expect(el.l.date('2026-07-01T09:30:00Z', { day: 'numeric', month: 'long', year: 'numeric' })).to.equal(
      '1 Gorffennaf 2026',
    );
    const en = await fixture<TestLocalized>(html`<test-localized lang="en"></test-localized>`);
    expect(en.l.date('2015-09-01')).to.equal('1 September 2015');
  });

  it('writes Welsh lists in Welsh once its messages are in, whether or not the browser has Welsh locale data', async () => {
    const items = ['Saesneg', 'Pwyleg'];
    const cy = await fixture<TestLocalized>(html`<test-localized lang="cy"></test-localized>`);
    await cy.l.whenLoaded(() => undefined);
    const intl = Intl.ListFormat.supportedLocalesOf(['cy']).length
      ? new Intl.ListFormat('cy-GB', { style: 'long', type: 'conjunction' }).format(items)
      : undefined;
    // Without Welsh data (Debian's Chromium), Intl would write "Saesneg and Pwyleg".
    expect(cy.l.list(items)).to.equal(intl ?? 'Saesneg a Phwyleg');
    const en = await fixture<TestLocalized>(html`<test-localized lang="en"></test-localized>`);
    expect(en.l.list(['English', 'Polish'])).to.equal('English and Polish');
  });
});
