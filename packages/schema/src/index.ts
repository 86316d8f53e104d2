/**
 * @packageDocumentation
 * The c2c-kit domain model: zod schemas (written with `zod/mini`, so browser bundles stay small), the
 * TypeScript types inferred from them, and pure functions schools rely on. No I/O.
 */
export * from './issues.js';
export * from './identifiers.js';
export * from './dates.js';
export * from './common.js';
export * from './learner.js';
export * from './organisation.js';
export * from './user.js';
export * from './template.js';
export * from './templates.js';
export * from './receivers.js';
export * from './handover.js';
export * from './service.js';
export * from './service-filters.js';
export * from './oruk.js';
export * from './pathway.js';
export * from './signposting.js';
export * from './signposting-rules.js';
export * from './page.js';
export * from './api.js';
export * from './learner-export.js';
