import {
  C2cHandoverForm,
  type HandoverFormMode,
  type HandoverHubProblemDetail,
  type HandoverSavedDetail,
} from './handover-form.js';
import { C2cHandoverField } from './parts/field.js';

export { C2cHandoverForm, C2cHandoverField };
export type { HandoverFormMode, HandoverHubProblemDetail, HandoverSavedDetail };

// Registers the tags unless the page already has them (two bundles on one page, or a host's own subclass).
if (!customElements.get('c2c-handover-field')) customElements.define('c2c-handover-field', C2cHandoverField);
if (!customElements.get('c2c-handover-form')) customElements.define('c2c-handover-form', C2cHandoverForm);

declare global {
  interface HTMLElementTagNameMap {
    'c2c-handover-form': C2cHandoverForm;
    'c2c-handover-field': C2cHandoverField;
  }
}
