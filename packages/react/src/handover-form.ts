import type { EventName } from '@lit/react';
import { C2cHandoverForm } from '@c2c/elements/handover-form';
import '@c2c/elements/handover-form/define';
import { wrapElement } from './connect-attributes.js';

/**
 * `<c2c-handover-form>` as a React component: properties as props (`client`, `handoverId`, `mode`…), events as
 * `onC2cHandoverChange`, `onC2cHandoverSaved`, `onC2cHandoverSubmitted`, `onC2cHandoverConflict`,
 * `onC2cHandoverAcknowledged`, `onC2cHubProblem` (the page's own policy keeps the form from the hub: for the site's
 * owner). `deviceRetentionDays` and `lang` are also passed as attributes: the form reads
 * them when it connects (the device-copy sweep, its language), before `@lit/react` sets properties.
 */
export const HandoverForm = wrapElement(
  {
    tagName: 'c2c-handover-form',
    elementClass: C2cHandoverForm,
    displayName: 'HandoverForm',
    events: {
      onC2cHandoverChange: 'c2c-handover-change' as EventName<HTMLElementEventMap['c2c-handover-change']>,
      onC2cHandoverSaved: 'c2c-handover-saved' as EventName<HTMLElementEventMap['c2c-handover-saved']>,
      onC2cHandoverSubmitted: 'c2c-handover-submitted' as EventName<HTMLElementEventMap['c2c-handover-submitted']>,
      onC2cHandoverConflict: 'c2c-handover-conflict' as EventName<HTMLElementEventMap['c2c-handover-conflict']>,
      onC2cHandoverAcknowledged: 'c2c-handover-acknowledged' as EventName<
        HTMLElementEventMap['c2c-handover-acknowledged']
      >,
      onC2cHubProblem: 'c2c-hub-problem' as EventName<HTMLElementEventMap['c2c-hub-problem']>,
    },
  },
  { deviceRetentionDays: 'device-retention-days' },
);
