import type { EventName } from '@lit/react';
import { C2cPathwayTimeline } from '@c2c/elements/pathway-timeline';
import '@c2c/elements/pathway-timeline/define';
import { wrapElement } from './connect-attributes.js';

/**
 * `<c2c-pathway-timeline>` as a React component: properties as props (`pathway`, `client`, `learnerId`…),
 * events as `onC2cEventOpen` and `onC2cRangeChange`. `lang` is also passed as its attribute: the timeline takes
 * its language when it connects, before `@lit/react` sets properties.
 */
export const PathwayTimeline = wrapElement({
  tagName: 'c2c-pathway-timeline',
  elementClass: C2cPathwayTimeline,
  displayName: 'PathwayTimeline',
  events: {
    onC2cEventOpen: 'c2c-event-open' as EventName<HTMLElementEventMap['c2c-event-open']>,
    onC2cRangeChange: 'c2c-range-change' as EventName<HTMLElementEventMap['c2c-range-change']>,
  },
});
