import { DEFAULT_DATABASE_URL } from './db/database.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { DEFAULT_RETENTION, type RetentionPolicy } from './retention.js';

/** `apply`: delete on schedule (default). `report`: log what would go, delete nothing. `off`: neither. */
export type RetentionMode = 'apply' | 'report' | 'off';
export const RETENTION_MODES: readonly RetentionMode[] = ['apply', 'report', 'off'];

/** The hub's settings, read from environment variables. */
export interface HubConfig {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: LogLevel;
  /** Requests per minute each token (or anonymous IP) may make; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /**
   * Only behind your own load balancer: take the client address from the last `X-Forwarded-For` entry, and the
   * scheme of the URLs the hub gives out from the last `X-Forwarded-Proto`, both set by that load balancer.
   */
  trustProxy: boolean;
  /** Whether the daily retention run deletes, only reports, or does not run. */
  retention: RetentionMode;
  /** How long each kind of record is kept. */
  retentionPolicy: RetentionPolicy;
}

/** A bad setting, with a message that says which variable and what to set. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The hub's settings need correcting:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the environment: `PORT` (default 8080), `HOST` (127.0.0.1), `DATABASE_URL`
 * (`sqlite:./data/c2c-hub.sqlite`), `LOG_LEVEL` (info), `RATE_LIMIT_PER_MINUTE` (600), `TRUST_PROXY` (false),
 * `RETENTION` (apply), `RETENTION_DRAFT_DAYS` (365), `RETENTION_LEARNER_YEARS` (25), `RETENTION_EHC_PLAN_YEARS` (31),
 * `RETENTION_FAMILY_SIGNPOSTING_YEARS` (6).
 * Every bad value is reported at once.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
      return fallback;
    }
    return n;
  };
  const port = int('PORT', 8080, 0, 65535);
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', 600, 0, 100_000_000);
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    problems.push(`HOST must be a host name or IP address, like 127.0.0.1 or 0.0.0.0; it is "${host}".`);
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must be sqlite:<file path>, sqlite::memory: or postgres://user:password@host:5432/database.',
    );
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${env.LOG_LEVEL}".`);
  const trust = (env.TRUST_PROXY || 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(trust))
    problems.push(`TRUST_PROXY must be true or false; it is "${env.TRUST_PROXY}".`);
  const retention = (env.RETENTION || 'apply').toLowerCase();
  if (!(RETENTION_MODES as readonly string[]).includes(retention))
    problems.push(`RETENTION must be one of ${RETENTION_MODES.join(', ')}; it is "${env.RETENTION}".`);
  const retentionPolicy: RetentionPolicy = {
    draftDays: int('RETENTION_DRAFT_DAYS', DEFAULT_RETENTION.draftDays, 1, 36_500),
    learnerYears: int('RETENTION_LEARNER_YEARS', DEFAULT_RETENTION.learnerYears, 1, 150),
    ehcPlanYears: int('RETENTION_EHC_PLAN_YEARS', DEFAULT_RETENTION.ehcPlanYears, 1, 150),
    familySignpostingYears: int('RETENTION_FAMILY_SIGNPOSTING_YEARS', DEFAULT_RETENTION.familySignpostingYears, 1, 150),
  };
  if (!env.RETENTION_EHC_PLAN_YEARS)
    retentionPolicy.ehcPlanYears = Math.max(retentionPolicy.ehcPlanYears, retentionPolicy.learnerYears);
  else if (retentionPolicy.ehcPlanYears < retentionPolicy.learnerYears)
    problems.push(
      `RETENTION_EHC_PLAN_YEARS (${retentionPolicy.ehcPlanYears}) must be at least RETENTION_LEARNER_YEARS (${retentionPolicy.learnerYears}): a learner with an EHC plan is kept at least as long as any other.`,
    );
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    logLevel: logLevel as LogLevel,
    rateLimitPerMinute,
    trustProxy: trust === 'true' || trust === '1',
    retention: retention as RetentionMode,
    retentionPolicy,
  };
}
