import type { EventName } from '@lit/react';
import { C2cServiceDirectory } from '@c2c/elements/service-directory';
import '@c2c/elements/service-directory/define';
import { wrapElement } from './connect-attributes.js';

/**
 * `<c2c-service-directory>` as a React component: properties as props (`services`, `client`, `staff`…),
 * events as `onC2cSearch`, `onC2cServiceOpen`, `onC2cShortlistChange`, `onC2cSignpost`, `onC2cSourceProblem`.
 * `noUrlState` and `lang`
 * are also passed as attributes: the directory reads them when it connects, before `@lit/react` sets properties.
 */
export const ServiceDirectory = wrapElement(
  {
    tagName: 'c2c-service-directory',
    elementClass: C2cServiceDirectory,
    displayName: 'ServiceDirectory',
    events: {
      onC2cSearch: 'c2c-search' as EventName<HTMLElementEventMap['c2c-search']>,
      onC2cServiceOpen: 'c2c-service-open' as EventName<HTMLElementEventMap['c2c-service-open']>,
      onC2cShortlistChange: 'c2c-shortlist-change' as EventName<HTMLElementEventMap['c2c-shortlist-change']>,
      onC2cSignpost: 'c2c-signpost' as EventName<HTMLElementEventMap['c2c-signpost']>,
      onC2cSourceProblem: 'c2c-source-problem' as EventName<HTMLElementEventMap['c2c-source-problem']>,
    },
  },
  { noUrlState: 'no-url-state' },
);
