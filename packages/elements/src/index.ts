/**
 * @packageDocumentation
 * The c2c-kit web components. Importing this module registers nothing: import a component's
 * `@c2c/elements/<component>/define` module to register its tag, or import the class and define it
 * under a name of your own.
 */
export * from './service-directory/service-directory.js';
export * from './handover-form/handover-form.js';
export * from './pathway-timeline/pathway-timeline.js';
export {
  LocalizeController,
  resolveLang,
  SUPPORTED_LANGS,
  type Catalogue,
  type CatalogueEntry,
  type Lang,
  type Message,
  type Messages,
} from './shared/localize.js';
