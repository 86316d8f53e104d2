/**
 * @packageDocumentation
 * Typed React wrappers for the c2c-kit web components, made with `@lit/react`. Each wrapper registers its
 * element when imported; import from `@c2c/react/<component>` to load only the one you use.
 */
export { ServiceDirectory } from './service-directory.js';
export { HandoverForm } from './handover-form.js';
export { PathwayTimeline } from './pathway-timeline.js';
