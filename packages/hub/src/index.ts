/**
 * @c2c/hub: the c2c-kit reference API server. Handovers, pathways, services (with Open Referral UK endpoints),
 * signposting and an audit log, on SQLite by default and PostgreSQL at scale.
 * @packageDocumentation
 */
export { createHub, type Hub, type HubOptions } from './app.js';
export { startHub, type RunningHub, type StartOptions } from './server.js';
export {
  Store,
  HUB_ORGANISATION,
  RETENTION_ACTOR,
  type AuditActor,
  type AuditInput,
  type ExpiryRules,
  type RetentionCounts,
  type ServiceSearch,
  type ServiceSearchResult,
} from './store.js';
export {
  DEFAULT_RETENTION,
  effectiveRetention,
  learnerExpired,
  runRetention,
  type RetentionPolicy,
} from './retention.js';
export { seedDemo, demoToken, type SeedOptions } from './seed.js';
export {
  importOruk,
  type ImportSummary,
  type ImportOptions,
  type ImportPageLimit,
  type ImportRepeatedPage,
} from './import-oruk.js';
export { readConfig, ConfigError, type HubConfig, type RetentionMode } from './config.js';
export { createLogger, type Logger, type LogEntry, type LogLevel, type LogSink } from './logger.js';
export { HttpProblem, PROBLEM_STATUS } from './problem.js';
export { openApiDocument, type AnyRoute, type Caller } from './registry.js';
export { issueToken } from './routes/v1.js';
