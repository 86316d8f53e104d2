import { expect, fixture, html } from '@open-wc/testing';
// Only the class: no define.ts, as a host that names the form itself imports it.
import { C2cHandoverField, C2cHandoverForm } from './handover-form.js';
import { SIDE_FILE } from './test-utils/device-drafts.js';
import { until } from './test-utils/waiting.js';

class TrustHandoverForm extends C2cHandoverForm {}
customElements.define('trust-handover-form', TrustHandoverForm);

describe('the handover form under a host’s own tag name', () => {
  it('registers its answer fields itself, so the form can be filled in', async () => {
    expect(customElements.get('c2c-handover-field'), 'nothing registered on import').to.equal(undefined);
    const el = await fixture<TrustHandoverForm>(
      html`<trust-handover-form
        user-role="teacher"
        learner-id=${`lrn-${SIDE_FILE}-own-tag`}
        transition="y6-to-y7"
      ></trust-handover-form>`,
    );
    const field = () => el.shadowRoot!.querySelector('c2c-handover-field[name="learner.legalSurname"]');
    // Not a failure by itself: the assertions below say what is missing if the field never draws its input.
    await until(() => field()?.shadowRoot?.querySelector('input')).catch(() => undefined);
    expect(field()).to.be.instanceOf(C2cHandoverField);
    expect(field()!.shadowRoot!.querySelector('input'), 'an input to type into').to.not.equal(null);
  });
});
