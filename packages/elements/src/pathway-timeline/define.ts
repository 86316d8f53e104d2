/**
 * Registers `<c2c-pathway-timeline>`. Importing this module is the only side effect of the component:
 * import `./pathway-timeline.js` instead to register the class under another name or in a scoped registry.
 */
import { C2cPathwayTimeline, type EventOpenDetail, type RangeChangeDetail } from './pathway-timeline.js';

export { C2cPathwayTimeline };
export type { EventOpenDetail, RangeChangeDetail, PathwayClient } from './pathway-timeline.js';

if (!customElements.get('c2c-pathway-timeline')) customElements.define('c2c-pathway-timeline', C2cPathwayTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'c2c-pathway-timeline': C2cPathwayTimeline;
  }
  interface HTMLElementEventMap {
    'c2c-event-open': CustomEvent<EventOpenDetail>;
    'c2c-range-change': CustomEvent<RangeChangeDetail>;
  }
}
