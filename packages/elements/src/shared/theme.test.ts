import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { focusRing, tokens } from './theme.js';

/** The smallest element that uses the shared focus styles, as every component does. */
class FocusProbe extends LitElement {
  static override styles = [tokens, focusRing];
  override render() {
    return html`<button type="button">Search</button><input aria-label="Search for" />`;
  }
}
customElements.define('c2c-focus-probe', FocusProbe);

const YELLOW = 'rgb(255, 221, 0)';

describe('shared focus styles (GOV.UK)', () => {
  it('give a focused button the yellow fill, and a focused field the yellow ring on its own background', async () => {
    const el = await fixture<FocusProbe>(html`<c2c-focus-probe></c2c-focus-probe>`);
    const [button, input] = [el.shadowRoot!.querySelector('button')!, el.shadowRoot!.querySelector('input')!];
    // From the keyboard, so :focus-visible applies as it does for a keyboard user.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(getComputedStyle(button).backgroundColor).to.equal(YELLOW);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(input);
    const field = getComputedStyle(input);
    expect(field.outlineStyle).to.equal('solid');
    expect(field.outlineColor).to.equal(YELLOW);
    expect(field.outlineWidth).to.equal('3px');
    expect(field.backgroundColor).to.equal('rgb(255, 255, 255)');
  });
});
