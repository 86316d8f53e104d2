import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { LocalizeController, resolveLang, type Messages } from './localize.js';

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
});
