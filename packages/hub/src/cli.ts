/**
 * `c2c-hub`: run, migrate and load the hub from a terminal. Settings come from environment variables
 * (see `readConfig`); output meant for people goes to stderr, results (a token, a summary) to stdout.
 */
import { parseArgs } from 'node:util';
import {
  Id,
  ORGANISATION_KINDS,
  OrganisationRecordSchema,
  ROLES,
  SAFEGUARDING_ROLES,
  UserSchema,
  type OrganisationRecord,
  type User,
} from '@c2c/schema';
import { ConfigError, readConfig } from './config.js';
import { createLogger, errorSummary } from './logger.js';
import { startHub } from './server.js';
import { HUB_ORGANISATION, Store, type AuditInput } from './store.js';
import { seedDemo } from './seed.js';
import { importOruk } from './import-oruk.js';
import { SESSION_MAX_MINUTES, issueToken } from './routes/v1.js';
import { effectiveRetention, runRetention } from './retention.js';
import { cliActor } from './operator.js';

/** A list of choices for the help, on lines that fit beside the commands' descriptions. */
function choices(items: readonly string[]): string {
  const indent = ' '.repeat(43);
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const word = `${item}${i === items.length - 1 ? '.' : ','}`;
    if (line && indent.length + line.length + 1 + word.length > 110) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].map((l) => indent + l).join('\n');
}

const HELP = `c2c-hub: the c2c-kit reference API server

Every command that changes data, or reads personal data, writes audit lines naming the operator as
"cli-<account>" (role system).

Usage:
  c2c-hub start [--seed-if-empty]        run the hub (PORT, HOST, DATABASE_URL, LOG_LEVEL)
  c2c-hub migrate                        bring the database up to date
  c2c-hub seed [--learners N] [--services N]
                                         load the synthetic demo cluster (demo keys: demo_<userId>)
  c2c-hub import-oruk <file|url> [--max-pages N] [--timeout SECONDS]
                                         load an Open Referral UK feed (a JSON file, or a URL: the feed's services
                                         address, or its base address, read at <base>/services; pages are followed,
                                         up to N of them: 10000; the summary says when the feed had more, or when
                                         it served the same page again); each page must arrive within SECONDS: 30
  c2c-hub create-organisation --id ID --name NAME --kind KIND [--phase PHASE ...] [--urn URN] [--email EMAIL]
                              [--la-code CODE] [--establishment-number NUMBER] [--postcode POSTCODE]
                              [--allowed-origin ORIGIN ...]
                                         add an organisation (--la-code: the local authority's 3-digit code, as
                                         in Get Information about Schools; --establishment-number: the school's
                                         4 digits that follow it in its DfE number, 4001 in 938/4001;
                                         --postcode: a full UK postcode, stored in capitals, like SW1A 1AA);
                                         KIND is one of:
${choices(ORGANISATION_KINDS)}
                                         Run again as it was, it changes nothing; with other details, it is refused
  c2c-hub create-user --organisation ID --id ID --name NAME --email EMAIL --role ROLE
                                         add a person to an organisation, such as its first administrator (then
                                         the administrator adds everyone else through the API); ROLE is one of:
${choices(ROLES)}
                                         Run again as it was, it changes nothing; with another role, name or email
                                         for the id, it is refused
  c2c-hub set-allowed-origins --organisation ID ORIGIN ... | --none
                                         replace the websites the organisation's pages may call the hub from
                                         (https://host[:port], or http:// for localhost only; no path)
  c2c-hub create-token <userId> [--kind session|api-key] [--ttl minutes]
                                         issue a token for a user and print it once (a session lasts at
                                         most 480 minutes; a DSL is issued sessions only, and no administrator
                                         can issue a DSL's token through the API)
  c2c-hub disable-user <userId>          stop a user signing in: every token they hold ends now
  c2c-hub retention [--apply]            count what the retention schedule would delete now; --apply deletes it

Environment:
  PORT (8080)  HOST (127.0.0.1)  DATABASE_URL (sqlite:./data/c2c-hub.sqlite, or postgres://...)
  LOG_LEVEL (info: debug, info, warn, error, silent)  RATE_LIMIT_PER_MINUTE (600; 0 = off)  TRUST_PROXY (false)
  RETENTION (apply: delete daily; report: log counts only; off)  RETENTION_DRAFT_DAYS (365)
  RETENTION_LEARNER_YEARS (25, from date of birth)  RETENTION_EHC_PLAN_YEARS (31)
  RETENTION_FAMILY_SIGNPOSTING_YEARS (6: signposting about a family with no learner record, from when it was made)
`;

const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * A failure whose message is printed as it is: it was written for the operator, or is about public data only (an
 * Open Referral UK feed is a directory of services). Any other error is printed as the hub's logs show it.
 */
class ShownError extends Error {
  override name = 'ShownError';
}

/**
 * A mistake in what was typed for a command (not in the hub's settings): exits 2, as every usage mistake does,
 * with the problems one to a line.
 */
class UsageError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.name = 'UsageError';
    this.message = `${problems.map((p) => `c2c-hub: ${p}`).join('\n')}\nRun "c2c-hub help" for the commands and their options.`;
  }
}

function bar(done: number, total: number | null): string {
  if (!total) return `${done.toLocaleString('en-GB')} read`;
  const width = 30;
  const filled = Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.min(100, Math.round((done / total) * 100))}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`;
}
const progress = (done: number, total: number | null) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${bar(done, total)}`);
  else err(bar(done, total));
};

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError([`--${name} must be a whole number; it is "${value}".`]);
  return n;
}

/** `--timeout`: seconds above 0 (fractions allowed), as milliseconds; up to what a timer can hold, about 24 days. */
function timeoutMs(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError([`--timeout must be a number of seconds above 0; it is "${value}".`]);
  if (n > 2_147_483)
    throw new UsageError([`--timeout must be at most 2147483 seconds (about 24 days); it is "${value}".`]);
  return n * 1000;
}

/**
 * The command's options. A usage mistake (an unknown option, a missing or dash-led value such as
 * `--timeout -5`) is a UsageError, so it exits 2 with Node's own explanation, like every other usage mistake.
 */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        'seed-if-empty': { type: 'boolean' },
        learners: { type: 'string' },
        services: { type: 'string' },
        kind: { type: 'string' },
        ttl: { type: 'string' },
        apply: { type: 'boolean' },
        'max-pages': { type: 'string' },
        timeout: { type: 'string' },
        id: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        organisation: { type: 'string' },
        phase: { type: 'string', multiple: true },
        urn: { type: 'string' },
        'la-code': { type: 'string' },
        'establishment-number': { type: 'string' },
        postcode: { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true },
        none: { type: 'boolean' },
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError([(error as Error).message]);
    throw error;
  }
}

/** Hosts a browser treats as this computer: the only ones an origin may name over plain http. */
const isLoopback = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';

/**
 * An allowed origin as the operator typed it, checked and written as browsers send `Origin`
 * (`https://portal.example.org`, no trailing slash). Plain http is refused except on this computer: a page served
 * over http can be changed on its way to the browser, and it would then call the hub with its users' tokens.
 * A path is refused rather than dropped, as the operator may have meant another page's site.
 */
function allowedOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError([`"${value}" is not a web address: give an origin such as https://portal.example.org.`]);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
    throw new UsageError([
      `"${value}" must start with https:// (http:// only for localhost, 127.0.0.1 or [::1], on this computer).`,
    ]);
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    throw new UsageError([
      `"${value}" is a page's address, not an origin: give the scheme, host and port only, such as ${url.origin}.`,
    ]);
  return url.origin;
}

const allowedOrigins = (values: string[]) => [...new Set(values.map(allowedOrigin))];

/**
 * `value` checked by a shared schema, or a usage error naming the option of each problem and the schema's message,
 * which says what to type; never the value itself, which may be a person's name or email address.
 */
function checked<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } },
  value: unknown,
  options: Record<string, string>,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new UsageError(
    r.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      // A list of choices (a kind, a role, a phase) says only "Invalid input": name them.
      const message = Array.isArray(issue.values) ? `Use one of: ${issue.values.join(', ')}.` : issue.message;
      return `${options[field] ?? field}: ${message}`;
    }),
  );
}
type Issue = { path: PropertyKey[]; message: string; values?: unknown };

/** The fields in which two records differ, by the option that sets each (names only: the values may be personal). */
function differences<T extends object>(given: T, stored: T, options: Record<string, string>): string[] {
  // Lists (phases, origins) are sets: the order they were typed in is no difference.
  const key = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...(v as unknown[])].sort() : v);
  return Object.keys(options)
    .filter((field) => key(given[field as keyof T]) !== key(stored[field as keyof T]))
    .map((field) => options[field]!);
}

const ORGANISATION_OPTIONS: Record<string, string> = {
  id: '--id',
  name: '--name',
  kind: '--kind',
  phases: '--phase',
  urn: '--urn',
  laCode: '--la-code',
  establishmentNumber: '--establishment-number',
  postcode: '--postcode',
  email: '--email',
  allowedOrigins: '--allowed-origin',
};
const USER_OPTIONS: Record<string, string> = {
  id: '--id',
  organisationId: '--organisation',
  name: '--name',
  email: '--email',
  role: '--role',
};

/**
 * One audit line of the operator's: what every command that changes or reads the hub writes. About no learner unless
 * `learnerId` names one (disabling a parent writes a line per child they were linked to, as the API does).
 */
function cliAudit(
  organisationId: string,
  action: AuditInput['action'],
  resource: string,
  resourceId: string,
  at: Date = new Date(),
  learnerId: string | null = null,
): AuditInput {
  return { at: at.toISOString(), ...cliActor(), organisationId, action, resource, resourceId, learnerId };
}

/**
 * A refused operator attempt, in the audit log as the API's refusals are: who tried what on which account, in that
 * account's organisation (`_hub` when there is no such account). What was typed is recorded only when it is shaped
 * like an id: an operator may have typed a name or an email address instead, and neither belongs in the log.
 * Prints why and answers the exit code.
 */
async function refused(
  store: Store,
  organisationId: string | undefined,
  resource: string,
  typed: string,
  why: string,
): Promise<number> {
  await store.audit([
    cliAudit(organisationId ?? HUB_ORGANISATION, 'denied', resource, Id.safeParse(typed).success ? typed : ''),
  ]);
  err(why);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseOptions(rest);
  const config = readConfig();

  switch (command) {
    case 'start': {
      const logger = createLogger(config.logLevel);
      const hub = await startHub({
        port: config.port,
        host: config.host,
        databaseUrl: config.databaseUrl,
        logger,
        seed: values['seed-if-empty'] ? { actor: cliActor() } : false,
        rateLimitPerMinute: config.rateLimitPerMinute,
        trustProxy: config.trustProxy,
        retention: { mode: config.retention, policy: config.retentionPolicy },
      });
      logger.info('listening', { url: hub.url, database: hub.store.description, dialect: hub.store.dialect });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info('shutting down: finishing requests in flight', { signal });
          void hub.close().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      logger.info('stopped');
      return 0;
    }
    case 'retention': {
      const store = await Store.open(config.databaseUrl);
      try {
        const apply = values.apply ?? false;
        // Deletions are audited each in its transaction. A count changes nothing and names nobody, but it is worked
        // out from every learner's date of birth and EHC plan: that read is the operator's, so it is audited too,
        // as one line with the counts only, written before any of them is shown.
        const at = new Date();
        const counts = await runRetention(store, config.retentionPolicy, at, apply, cliActor());
        if (!apply)
          await store.audit([
            cliAudit(
              HUB_ORGANISATION,
              'read',
              'retention',
              Object.entries(counts)
                .map(([what, n]) => `${what}:${n}`)
                .join(','),
              at,
            ),
          ]);
        const p = config.retentionPolicy;
        err(
          `Keeps: drafts ${p.draftDays} days after their last change; learners ${p.learnerYears} years from birth (${p.ehcPlanYears} with an EHC plan); signposting about a family with no learner record ${p.familySignpostingYears} years.`,
        );
        for (const org of await store.allOrganisations())
          if (org.retention) {
            const own = effectiveRetention(p, org.retention);
            err(
              `  ${org.id} keeps its own: drafts ${own.draftDays} days; learners ${own.learnerYears} years (${own.ehcPlanYears} with an EHC plan); family signposting ${own.familySignpostingYears} years.`,
            );
          }
        err(
          `${apply ? 'Deleted' : 'Would delete'}: ${counts.drafts} handover drafts; ${counts.learners} learners, with ${counts.handovers} handovers, ${counts.pathwayEvents} pathway events and ${counts.signposting} signposting records; ${counts.familySignposting} signposting records about a family with no learner record.`,
        );
        if (!apply && Object.values(counts).some((n) => n > 0)) err('Nothing was deleted. Run with --apply to delete.');
        process.stdout.write(`${JSON.stringify({ applied: apply, ...counts })}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'migrate': {
      const store = await Store.open(config.databaseUrl, { migrate: false });
      try {
        const applied = await store.migrate();
        err(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is already up to date.');
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'seed': {
      const store = await Store.open(config.databaseUrl);
      try {
        const counts = await seedDemo(store, {
          learners: positiveInt('learners', values.learners, 300),
          services: positiveInt('services', values.services, 48),
          onProgress: (d, t) => progress(d, t),
          actor: cliActor(),
        });
        if (process.stderr.isTTY) err('');
        err(
          `Seeded ${store.description}: ${counts.organisations} organisations, ${counts.users} users (API keys demo_<userId>), ${counts.learners} learners, ${counts.handovers} handovers, ${counts.services} services.`,
        );
        process.stdout.write(`${JSON.stringify(counts)}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'import-oruk': {
      const source = positionals[0];
      if (!source) {
        err(
          'Give a file or URL: c2c-hub import-oruk ./services.json  or  c2c-hub import-oruk https://example.org/oruk/services',
        );
        return 2;
      }
      const maxPages = positiveInt('max-pages', values['max-pages'], 10_000);
      if (maxPages < 1) throw new UsageError([`--max-pages must be at least 1; it is "${values['max-pages']}".`]);
      const timeout = timeoutMs(values.timeout, 30_000);
      const store = await Store.open(config.databaseUrl);
      try {
        // What goes wrong here is about the feed, a public directory of services, and the operator needs its words
        // (which page, which status, what timed out) to put it right.
        const summary = await importOruk(store, source, {
          onProgress: progress,
          maxPages,
          timeoutMs: timeout,
          actor: cliActor(),
        }).catch((error: unknown) => {
          throw new ShownError(error instanceof Error ? error.message : String(error), { cause: error });
        });
        if (process.stderr.isTTY) err('');
        err(
          `Imported ${summary.imported} services from ${summary.pages} page(s); skipped ${summary.skipped.length}; ${summary.warnings.length} imported with fields left out.`,
        );
        for (const s of summary.skipped.slice(0, 20)) err(`  skipped ${s.id ?? '(no id)'}: ${s.reasons.join('; ')}`);
        if (summary.skipped.length > 20) err(`  ... and ${summary.skipped.length - 20} more skipped.`);
        for (const w of summary.warnings.slice(0, 10)) err(`  ${w.id}: ${w.messages.join('; ')}`);
        if (summary.pageLimit)
          err(`${summary.pageLimit.message} Run it again with a higher --max-pages to import the rest.`);
        if (summary.repeatedPage) err(summary.repeatedPage.message);
        const { imported, skipped, warnings, pages, pageLimit, repeatedPage } = summary;
        process.stdout.write(
          `${JSON.stringify({ imported, skipped: skipped.length, warnings: warnings.length, pages, pageLimit, repeatedPage })}\n`,
        );
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'create-organisation': {
      if (!values.id || !values.name || !values.kind || positionals.length) {
        err(
          'Usage: c2c-hub create-organisation --id ID --name NAME --kind KIND [--phase PHASE ...] [--urn URN] [--email EMAIL] [--la-code CODE] [--establishment-number NUMBER] [--postcode POSTCODE] [--allowed-origin ORIGIN ...]',
        );
        return 2;
      }
      const org = checked<OrganisationRecord>(
        // The shared schema writes the postcode one way (`bf42dl` as `BF4 2DL`), so a set-up script run again with
        // it typed another way finds the organisation unchanged.
        OrganisationRecordSchema,
        {
          id: values.id,
          name: values.name,
          kind: values.kind,
          phases: values.phase ?? [],
          ...(values.urn !== undefined && { urn: values.urn }),
          ...(values['la-code'] !== undefined && { laCode: values['la-code'] }),
          ...(values['establishment-number'] !== undefined && {
            establishmentNumber: values['establishment-number'],
          }),
          ...(values.postcode !== undefined && { postcode: values.postcode }),
          ...(values.email !== undefined && { email: values.email }),
          allowedOrigins: allowedOrigins(values['allowed-origin'] ?? []),
        },
        ORGANISATION_OPTIONS,
      );
      // Audit lines about the hub itself (the directory, retention runs) are filed under this id.
      if (org.id === HUB_ORGANISATION)
        throw new UsageError([`--id: "${HUB_ORGANISATION}" is the hub's own; give the organisation another id.`]);
      const store = await Store.open(config.databaseUrl);
      try {
        const added = await store.addOrganisation(org, [cliAudit(org.id, 'create', 'organisation', org.id)]);
        if (!added) {
          // Run again as it was, a set-up script must go on; with other details, it must not replace the
          // organisation (nor leave the operator thinking it did).
          const stored = await store.organisation(org.id);
          const changed = stored ? differences(org, stored, ORGANISATION_OPTIONS) : ['--id'];
          if (changed.length)
            return await refused(
              store,
              org.id,
              'organisation',
              org.id,
              `Organisation "${org.id}" exists already, with another ${changed.join(', ')}; nothing was changed. Change its allowed origins with c2c-hub set-allowed-origins.`,
            );
          err(`Organisation "${org.id}" exists already, as given; nothing was changed.`);
        } else err(`Organisation "${org.id}" is created. Add its first administrator with c2c-hub create-user.`);
        process.stdout.write(`${JSON.stringify({ organisation: org.id, created: added })}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'create-user': {
      if (!values.organisation || !values.id || !values.name || !values.email || !values.role || positionals.length) {
        err('Usage: c2c-hub create-user --organisation ID --id ID --name NAME --email EMAIL --role ROLE');
        return 2;
      }
      const user = checked<User>(
        UserSchema,
        {
          id: values.id,
          name: values.name,
          email: values.email,
          role: values.role,
          organisationId: values.organisation,
          learnerIds: [],
          disabled: false,
        },
        USER_OPTIONS,
      );
      const store = await Store.open(config.databaseUrl);
      try {
        const refuse = (why: string) => refused(store, user.organisationId, 'user', user.id, why);
        if (!(await store.organisation(user.organisationId)))
          return await refused(
            store,
            undefined,
            'user',
            user.id,
            `There is no organisation "${user.organisationId}" in ${store.description}; create it first with c2c-hub create-organisation.`,
          );
        // As POST /v1/users does: a line for the account, in its organisation.
        const added = await store.addUser(user, [cliAudit(user.organisationId, 'create', 'user', user.id)]);
        if (!added) {
          // Never a silent change of someone's role (nor of their organisation, name or email): the id is theirs.
          const stored = await store.user(user.id);
          const changed = stored ? differences(user, stored, USER_OPTIONS) : ['--id'];
          if (changed.length)
            return await refuse(
              `User "${user.id}" exists already, with another ${changed.join(', ')}; nothing was changed.`,
            );
          err(
            `User "${user.id}" exists already, as given${stored?.disabled ? ', and is disabled' : ''}; nothing was changed.`,
          );
        } else
          err(
            `User "${user.id}" is created. Issue them a token with c2c-hub create-token ${user.id}${SAFEGUARDING_ROLES.includes(user.role) ? ' --kind session' : ''}.`,
          );
        process.stdout.write(`${JSON.stringify({ user: user.id, created: added })}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'set-allowed-origins': {
      const organisationId = values.organisation;
      if (!organisationId || (positionals.length === 0) === !values.none) {
        err('Usage: c2c-hub set-allowed-origins --organisation ID ORIGIN ...   (or --none to allow no website at all)');
        return 2;
      }
      const origins = checked<string[]>(OrganisationRecordSchema.shape.allowedOrigins, allowedOrigins(positionals), {});
      const store = await Store.open(config.databaseUrl);
      try {
        let changed = false;
        const org = await store.changeOrganisation(organisationId, (current) => {
          changed = differences({ ...current, allowedOrigins: origins }, current, { allowedOrigins: '' }).length > 0;
          return {
            org: { ...current, allowedOrigins: origins },
            audit: changed ? [cliAudit(current.id, 'update', 'organisation-origins', current.id)] : [],
          };
        });
        if (!org)
          return await refused(
            store,
            undefined,
            'organisation-origins',
            organisationId,
            `There is no organisation "${organisationId}" in ${store.description}.`,
          );
        err(
          `${changed ? 'Organisation' : 'Unchanged: organisation'} "${org.id}" allows ${org.allowedOrigins.length ? org.allowedOrigins.join(' ') : 'no website'}.`,
        );
        process.stdout.write(
          `${JSON.stringify({ organisation: org.id, allowedOrigins: org.allowedOrigins, changed })}\n`,
        );
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'create-token': {
      const userId = positionals[0];
      const kind = values.kind ?? 'api-key';
      if (!userId || (kind !== 'api-key' && kind !== 'session')) {
        err('Usage: c2c-hub create-token <userId> [--kind session|api-key] [--ttl minutes]');
        return 2;
      }
      const store = await Store.open(config.databaseUrl);
      try {
        const user = await store.user(userId);
        const refuse = (why: string) => refused(store, user?.organisationId, `token:${kind}`, userId, why);
        if (!user) return await refuse(`There is no user "${userId}" in ${store.description}.`);
        if (user.disabled) return await refuse(`User "${userId}" is disabled; enable them before issuing a token.`);
        const ttl = values.ttl === undefined ? undefined : positiveInt('ttl', values.ttl, 0) || undefined;
        // The rules POST /v1/tokens holds an administrator to hold here too: a DSL's access to safeguarding
        // records is personal, so nobody, the hub's operator included, is handed a long-lived key that reads them.
        if (kind === 'api-key' && SAFEGUARDING_ROLES.includes(user.role))
          return await refuse(`${userId} is a DSL: issue them a session (--kind session), never an API key.`);
        if (kind === 'session' && ttl !== undefined && ttl > SESSION_MAX_MINUTES)
          return await refuse(
            `A session lasts at most ${SESSION_MAX_MINUTES} minutes (8 hours): give --ttl ${SESSION_MAX_MINUTES} or less.`,
          );
        // As POST /v1/tokens does: who issued which kind of token to whom, stored with the token.
        const now = new Date();
        const { token, expiresAt } = await issueToken({ store, now: () => now }, userId, kind, ttl, undefined, [
          cliAudit(user.organisationId, 'create', `token:${kind}`, user.id, now),
        ]);
        err(
          `${kind === 'api-key' ? 'An API key' : 'A session'} for ${userId}, valid until ${expiresAt.toISOString()}. It is shown only now; the hub keeps only its hash.`,
        );
        process.stdout.write(`${token}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'disable-user': {
      const userId = positionals[0];
      if (!userId) {
        err('Usage: c2c-hub disable-user <userId>');
        return 2;
      }
      const store = await Store.open(config.databaseUrl);
      try {
        // As PATCH /v1/users/:id does: a line for the account, and one per learner a parent is linked to.
        const at = new Date();
        const audited = await store.setUserDisabled(userId, true, (user) =>
          [null, ...user.learnerIds].map((learnerId) =>
            cliAudit(user.organisationId, 'update', 'user', user.id, at, learnerId),
          ),
        );
        if (!audited)
          return await refused(
            store,
            undefined,
            'user',
            userId,
            `There is no user "${userId}" in ${store.description}.`,
          );
        err(`${userId} is disabled and every token they held has ended.`);
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      err(`Unknown command "${command}".\n`);
      process.stderr.write(HELP);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) err(error.message);
    else if (error instanceof ShownError) err(`c2c-hub: ${error.message}`);
    // A driver's or a schema's message can quote the values it was about (PostgreSQL's "Key (upn)=(…)", a JSON
    // parser's opening characters), and a terminal's output often ends up in a scheduler's log: print what the
    // hub's own log lines say about an error instead (class, driver code, path:code of a schema's issues).
    else
      err(
        `c2c-hub: the command failed: ${errorSummary(error)}. The error's own message is not shown, as it can quote personal data.`,
      );
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
