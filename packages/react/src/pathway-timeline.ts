import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { C2cPathwayTimeline } from '@c2c/elements/pathway-timeline';
import '@c2c/elements/pathway-timeline/define';

/**
 * `<c2c-pathway-timeline>` as a React component: properties as props (`pathway`, `client`, `learnerId`…),
 * events as `onC2cEventOpen` and `onC2cRangeChange`.
 */
export const PathwayTimeline = createComponent({
  tagName: 'c2c-pathway-timeline',
  elementClass: C2cPathwayTimeline,
  react: React,
  events: {
    onC2cEventOpen: 'c2c-event-open' as EventName<HTMLElementEventMap['c2c-event-open']>,
    onC2cRangeChange: 'c2c-range-change' as EventName<HTMLElementEventMap['c2c-range-change']>,
  },
});
