import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import {
  distanceKm,
  matchesServiceFilters,
  nearestDistanceKm,
  type AuditEntry,
  type Handover,
  type HandoverVersion,
  type Learner,
  type OrganisationRecord,
  type PathwayEvent,
  type Service,
  type ServiceQuery,
  type Signposting,
  type TaxonomyTerm,
  type User,
} from '@c2c/schema';
import {
  locationRows,
  migrateToLatest,
  openDatabase,
  postcodeKey,
  type Connection,
  type Dialect,
  type Tables,
} from './db/database.js';
import { sha256 } from './cursor.js';
import { PreparedQuery } from './db/prepared.js';
import { RankingThread, type RankingColumns } from './db/ranking-thread.js';
import { versionChange, type VersionChange } from './version-change.js';

type Db = Kysely<Tables> | Transaction<Tables>;

/** What an audit line records, before the store gives it an id. */
export type AuditInput = Omit<AuditEntry, 'id'>;

/**
 * Who an audit line names when no signed-in user acted: the hub's own retention schedule (`retention`), or its
 * operator at a terminal (`cli`, see `cli.ts`). Always the `system` role, which no user holds.
 */
export interface AuditActor {
  userId: string;
  role: 'system';
}

/**
 * The organisation an audit line names when its change belongs to no organisation: the service directory, which
 * the operator loads for everyone. No organisation has this id (the operator chooses organisation ids, and must
 * not choose this one), so no school's administrator reads these lines through `GET /v1/audit`.
 */
export const HUB_ORGANISATION = '_hub';

/** The retention schedule the hub runs by itself. */
export const RETENTION_ACTOR: AuditActor = Object.freeze({ userId: 'retention', role: 'system' });

/** What a retention run deleted (or, when not applied, would delete). */
export interface RetentionCounts {
  /** Handover drafts past their keep. */
  drafts: number;
  /** Learners past theirs; the three counts after are their records that go with them. */
  learners: number;
  handovers: number;
  pathwayEvents: number;
  signposting: number;
  /** Signposting records about a family with no learner record, past their own keep. */
  familySignposting: number;
}

/** What the retention schedule asks of {@link Store.expire}. */
export interface ExpiryRules {
  /** Only drafts last changed before this are looked at (the shortest keep of any organisation). */
  draftsBefore: Date;
  /** Whether a draft sent by `sendingOrganisationId`, last changed at `updatedAt` (ISO), has reached its end. */
  draftExpired(sendingOrganisationId: string, updatedAt: string): boolean;
  /** Whether `learner`'s keep has ended for every one of `holders`, the organisations holding records about them. */
  learnerExpired(learner: Learner, holders: readonly string[]): boolean;
  /** Only signposting with no learner recorded before this day (ISO) is looked at (the shortest keep of any). */
  familySignpostingBefore: string;
  /** Whether signposting with no learner, made by `organisationId` at `createdAt` (ISO), has reached its end. */
  familySignpostingExpired(organisationId: string, createdAt: string): boolean;
}

/** Every match of a text in result order, with what the age and cost filters need, under a services stamp. */
type Ranking = RankingColumns & { stamp: string };

/** A text search's matches after its filters, in result order, worked out as far as asked. */
interface RankedMatches {
  take(offset: number, count: number): number[];
  count(): number;
}

interface Stamps {
  services: string;
  callers: string;
}

/** An address as browsers send it in `Origin` (`https://host[:port]`); text that is not an address, as it is. */
function originOf(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    return address;
  }
}

/** Gives a stamp a new value inside a change's transaction (see `Store.currentStamps`). */
async function moveStamp(trx: Transaction<Tables>, key: 'services-generation' | 'callers-generation') {
  const value = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  await trx
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

interface AuditBatch {
  entries: AuditInput[];
  written: Promise<void>;
}

/** A token as the store knows it: whose it is, its kind and when it stops working. */
export interface TokenRecord {
  user: User;
  /** The user's organisation, or undefined if it no longer exists. */
  organisation: OrganisationRecord | undefined;
  kind: 'api-key' | 'session';
  expiresAt: string;
}

/**
 * Where a service search resumes: an offset into the ranked results; by distance, the last distance and id;
 * or, after every located service, an offset into those without a map position.
 */
export type SearchPosition = { o: number } | { d: number; i: string } | { u: number };

/** A service search as the store runs it: the shared query plus extras the ORUK endpoints need. */
export interface ServiceSearch {
  query: Omit<ServiceQuery, 'cursor' | 'limit'>;
  /** Services whose age range overlaps [min, max] (ORUK `minimum_age`/`maximum_age`). */
  ageOverlap?: { min?: number; max?: number };
  /** England's date, so the day and time filters pass over schedules that have ended (see `matchesServiceFilters`). */
  today?: string;
  /** A further exact filter applied after `matchesServiceFilters`. */
  extraFilter?: (service: Service) => boolean;
  position: SearchPosition | null;
  /** Matches to pass over before the page starts (ORUK's numbered pages). */
  skipMatches?: number;
  limit: number;
  /** Count every match (ORUK pages report a total). */
  withTotal?: boolean;
}

export interface ServiceSearchResult {
  items: Array<{ service: Service; distanceKm?: number }>;
  next: SearchPosition | null;
  total?: number;
}

export type IdempotencyBegin =
  { state: 'new' } | { state: 'pending' } | { state: 'mismatch' } | { state: 'done'; status: number; body: string };

/**
 * Lower case, accents removed, so search matches "Cafe" and "Café" alike in both dialects. NUL becomes a space:
 * PostgreSQL text cannot hold it (the write fails), SQLite can, and it separates words anyway.
 */
export function normaliseText(value: string): string {
  return value.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replaceAll('\0', ' ');
}

/** The words of a free-text search, at most 8, letters and digits only (safe inside FTS5 and tsquery syntax). */
export function searchTokens(q: string): string[] {
  return normaliseText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

const parse = <T>(doc: string): T => JSON.parse(doc) as T;

/** A user's row: the columns filters use, and the whole record as JSON. */
const userRow = (u: User): Tables['users'] => ({
  id: u.id,
  organisation_id: u.organisationId,
  role: u.role,
  disabled: u.disabled ? 1 : 0,
  doc: JSON.stringify(u),
});

/** Freezes a parsed document and everything in it (plain JSON: objects and arrays only). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Audit lines per insert: 8 parameters each, under SQLite's and PostgreSQL's caps on one statement's parameters. */
const AUDIT_ROWS_PER_STATEMENT = 1000;
/** How many parsed service documents a store keeps between searches: about 20 MB with their checked texts. */
const KEPT_SERVICES = 5_000;
const KM_PER_DEG_LAT = 111.32;

/**
 * The hub's storage: one interface over SQLite and PostgreSQL. Every method that writes to more than one
 * table does so in one transaction, and audit lines are written in the same transaction as the change they
 * record.
 */
export class Store {
  readonly db: Kysely<Tables>;
  readonly dialect: Dialect;
  readonly description: string;

  private constructor(conn: Connection) {
    this.db = conn.db;
    this.dialect = conn.dialect;
    this.description = conn.description;
    if (conn.sqliteFile) this.rankingThread = new RankingThread(conn.sqliteFile);
    this.sharedByInstances = conn.dialect === 'postgres' || !!conn.sqliteFile;
  }

  /** Whether other processes can open this database too (PostgreSQL, or a SQLite file; not SQLite in memory). */
  readonly sharedByInstances: boolean;

  /**
   * Told when a pooled PostgreSQL connection is lost while idle (the server restarted, say). Nothing is lost with it:
   * the pool has dropped the connection and the next query opens another. `createHub` logs it.
   */
  onIdleConnectionError: ((error: Error) => void) | undefined;

  /**
   * Adds `added` (requests counted per rate-limit key since the last call) to this instance's rows, and returns
   * every instance's total so far for each of `keys`. Rows not counted in for ten minutes are removed.
   *
   * Instances share these rows, so on PostgreSQL the locks are taken so that two instances can never wait on
   * each other: the upsert takes this instance's rows in key order, and the pruning of stale rows (which may be
   * another instance's) runs after that transaction has committed and passes over rows another transaction holds.
   */
  async shareRateUsage(
    instance: string,
    added: ReadonlyMap<string, number>,
    keys: readonly string[],
    now: number,
  ): Promise<Map<string, number>> {
    const totals = await this.db.transaction().execute(async (trx) => {
      const rows = [...added]
        .map(([key, count]) => ({ key, instance, count, seen_at: now }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('rate_usage')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['key', 'instance']).doUpdateSet((eb) => ({
              count: sql`${eb.ref('rate_usage.count')} + ${eb.ref('excluded.count')}`,
              seen_at: eb.ref('excluded.seen_at'),
            })),
          )
          .execute();
      const found = new Map<string, number>();
      for (let i = 0; i < keys.length; i += 500) {
        const sums = await trx
          .selectFrom('rate_usage')
          .select(['key', (eb) => eb.fn.sum<number | string>('count').as('total')])
          .where('key', 'in', keys.slice(i, i + 500))
          .groupBy('key')
          .execute();
        for (const r of sums) found.set(r.key, Number(r.total));
      }
      return found;
    });
    if (now - this.rateUsagePrunedAt > 60_000) {
      this.rateUsagePrunedAt = now;
      // The counts are committed: a failed prune must not fail the share, or the caller would send them again.
      // It is tried again on the next share.
      await this.pruneRateUsage(now - 600_000).catch(() => (this.rateUsagePrunedAt = 0));
    }
    return totals;
  }

  /**
   * Deletes rate-limit rows not counted in since `before`. On PostgreSQL a row another instance is counting in
   * right now is locked: it is skipped rather than waited for (it is no longer stale once that commits), so a
   * prune never joins a cycle of waits.
   */
  private async pruneRateUsage(before: number): Promise<void> {
    if (this.dialect === 'postgres')
      await sql`delete from rate_usage where (key, instance) in (
        select key, instance from rate_usage where seen_at < ${before} order by key, instance for update skip locked)`.execute(
        this.db,
      );
    else await this.db.deleteFrom('rate_usage').where('seen_at', '<', before).execute();
  }

  private rateUsagePrunedAt = 0;

  /** Where SQLite rankings run, off the hub's thread (see `db/ranking-worker.ts`); none in memory or on PostgreSQL. */
  private readonly rankingThread: RankingThread | undefined;

  /** Opens (and migrates) the database at `url`. */
  static async open(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
    // The listener runs only once a connection is lost, long after `store` is set.
    const store: Store = new Store(openDatabase(url, (error) => store.onIdleConnectionError?.(error)));
    if (options.migrate !== false) await store.migrate();
    return store;
  }

  migrate(): Promise<string[]> {
    return migrateToLatest({ db: this.db, dialect: this.dialect, description: this.description });
  }

  async close(): Promise<void> {
    // A group of audit lines may still be on its way to the database.
    await this.auditBatch?.written.catch(() => undefined);
    await this.rankingThread?.close();
    await this.db.destroy();
  }

  /** True when the database answers. */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /** A random secret created once per database, so every instance signs cursors the same way. */
  async secret(name: string): Promise<string> {
    const existing = await this.db.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirst();
    if (existing) return existing.value;
    await this.db
      .insertInto('settings')
      .values({ key: name, value: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    return !row;
  }

  // ---------------------------------------------------------------- organisations and users

  /** Stores organisations (new or replaced), with the audit lines of the change, in one transaction. */
  async putOrganisations(orgs: OrganisationRecord[], audit: AuditInput[] = []): Promise<void> {
    await this.changingCallers(async (trx) => {
      await this.appendAudit(trx, audit);
      for (const o of orgs) {
        await trx
          .insertInto('organisations')
          .values({ id: o.id, name: o.name, doc: JSON.stringify(o) })
          .onConflict((oc) => oc.column('id').doUpdateSet({ name: o.name, doc: JSON.stringify(o) }))
          .execute();
      }
    });
  }

  /**
   * Adds a new organisation, with the audit lines of the change, in one transaction. Returns false, changing
   * nothing, when the id is taken: an operator setting up an organisation that exists already must not replace it
   * (its allowed origins, the retention periods its administrator chose).
   */
  async addOrganisation(org: OrganisationRecord, audit: AuditInput[] = []): Promise<boolean> {
    return this.changingCallers(async (trx) => {
      const r = await trx
        .insertInto('organisations')
        .values({ id: org.id, name: org.name, doc: JSON.stringify(org) })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await this.appendAudit(trx, audit);
      return true;
    });
  }

  /** Replaces one organisation's record, with the audit lines of the change, in one transaction. */
  async updateOrganisation(org: OrganisationRecord, audit: AuditInput[]): Promise<void> {
    await this.changingCallers(async (trx) => {
      await this.appendAudit(trx, audit);
      await trx
        .updateTable('organisations')
        .set({ name: org.name, doc: JSON.stringify(org) })
        .where('id', '=', org.id)
        .execute();
    });
  }

  /**
   * Changes one organisation's record by compare-and-set, as {@link updateUser} does a user's: `change` gets the
   * record as stored and returns the next one with the audit lines of the change (or throws to refuse it), and is
   * asked again if someone changed the record meanwhile. Undefined when there is no such organisation.
   */
  async changeOrganisation(
    id: string,
    change: (current: OrganisationRecord) => { org: OrganisationRecord; audit: AuditInput[] },
  ): Promise<OrganisationRecord | undefined> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.db.selectFrom('organisations').select('doc').where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const { org, audit } = change(parse<OrganisationRecord>(row.doc));
      const saved = await this.changingCallers(async (trx) => {
        const r = await trx
          .updateTable('organisations')
          .set({ name: org.name, doc: JSON.stringify(org) })
          .where('id', '=', id)
          .where('doc', '=', row.doc)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await this.appendAudit(trx, audit);
        return true;
      });
      if (saved) return org;
      if (attempt >= 10) throw new Error('The organisation kept changing while this change was being saved.');
    }
  }

  async organisation(id: string): Promise<OrganisationRecord | undefined> {
    const row = await this.db.selectFrom('organisations').select('doc').where('id', '=', id).executeTakeFirst();
    return row ? parse<OrganisationRecord>(row.doc) : undefined;
  }

  async organisations(after: string | null, limit: number): Promise<OrganisationRecord[]> {
    let q = this.db.selectFrom('organisations').select('doc').orderBy('id').limit(limit);
    if (after !== null) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => parse<OrganisationRecord>(r.doc));
  }

  async allOrganisations(): Promise<OrganisationRecord[]> {
    return (await this.db.selectFrom('organisations').select('doc').orderBy('id').execute()).map((r) =>
      parse<OrganisationRecord>(r.doc),
    );
  }

  /**
   * Every origin any organisation allows (each as `URL.origin`), for the CORS answers to requests that carry no token
   * (a browser's preflight). Cached per instance under the callers stamp, which every change to an organisation
   * (`c2c-hub set-allowed-origins` included) moves in its own transaction, so a change made through any instance or
   * the command line applies from the next request. The cost is one read of the stamps, which requests arriving
   * together share (see {@link currentStamps}); the organisations are read again only when the stamp has moved.
   */
  allowedOriginsCached(): Promise<ReadonlySet<string>> {
    return this.currentStamps().then(({ callers: stamp }) => {
      if (this.originsCache?.stamp !== stamp) {
        // Read after the stamp was: a later change moves the stamp and retires this entry.
        const origins = this.allOrganisations().then(
          (orgs) => new Set(orgs.flatMap((o) => o.allowedOrigins.map(originOf))),
        );
        // Requests arriving together while the stamp moves share one read; a failed read is not kept.
        origins.catch(() => {
          if (this.originsCache?.origins === origins) this.originsCache = undefined;
        });
        this.originsCache = { stamp, origins };
      }
      return this.originsCache.origins;
    });
  }

  private originsCache: { stamp: string; origins: Promise<ReadonlySet<string>> } | undefined;

  /**
   * Stores users, with the audit lines of the change, in one transaction. A user who is disabled, whose role or
   * organisation changes, or who is linked to another child loses every token (see endTokensAfterChange).
   */
  async putUsers(users: User[], audit: AuditInput[] = []): Promise<void> {
    await this.changingCallers(async (trx) => {
      await this.appendAudit(trx, audit);
      for (const u of users) {
        const before = await trx.selectFrom('users').select('doc').where('id', '=', u.id).executeTakeFirst();
        const values = userRow(u);
        await trx
          .insertInto('users')
          .values(values)
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
        await this.endTokensAfterChange(trx, u, before && parse<User>(before.doc));
      }
    });
  }

  /**
   * Adds a new user, with the audit lines of the change, in one transaction. Returns false, changing nothing,
   * when the id is taken: a check before the insert is not enough, as two administrators can add the same id at
   * the same moment, and the second must not silently replace the first (with its role).
   */
  async addUser(user: User, audit: AuditInput[] = []): Promise<boolean> {
    return this.changingCallers(async (trx) => {
      const r = await trx
        .insertInto('users')
        .values(userRow(user))
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await this.appendAudit(trx, audit);
      return true;
    });
  }

  /**
   * Changes one user by compare-and-set. `change` gets the user as stored and returns the next version with the
   * audit lines of the change (or throws to refuse it). If someone changed the user meanwhile, `change` is asked
   * again with their version: two administrators' changes at the same moment both take effect, and a rename can
   * never undo a disabling that was saved while it was on its way. Undefined when there is no such user.
   */
  async updateUser(
    id: string,
    change: (current: User) => Promise<{ user: User; audit: AuditInput[] }>,
  ): Promise<User | undefined> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.db.selectFrom('users').select('doc').where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const { user, audit } = await change(parse<User>(row.doc));
      const saved = await this.changingCallers(async (trx) => {
        const r = await trx
          .updateTable('users')
          .set(userRow(user))
          .where('id', '=', id)
          .where('doc', '=', row.doc)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await this.endTokensAfterChange(trx, user, parse<User>(row.doc));
        await this.appendAudit(trx, audit);
        return true;
      });
      if (saved) return user;
      // Only a user changed without pause by others gets here; give up rather than loop for ever.
      if (attempt >= 10) throw new Error('The user kept changing while this change was being saved.');
    }
  }

  /**
   * Ends every token of a user whose access changed in a way a token issued before the change was not issued for:
   * disabled (ASVS 7.4.2), given another role, moved to another organisation (`putUsers`; the API cannot move
   * anyone), or, as a parent, linked to a child they were not linked to.
   *
   * A token is issued to a person in a role, often by an administrator who saw it and may still hold it, or to a
   * vendor's integration built for that role. Were it to follow the user into a new role, a parent's session would
   * open every learner record of the school once they were made a teacher, and a teacher's key would read
   * safeguarding records once they were made the DSL: powers nobody issued that token with (least privilege; OWASP
   * asks for a new session on any change of privilege). Roles are not ordered (a youth worker sees pathways a
   * teacher does not, a teacher records a youth worker cannot), so there is no telling a narrowing from a widening,
   * and every change of role ends them; so does a new child for a parent, whose token would otherwise open that
   * child's records. Unlinking a child, or a new name or email, ends nothing: each request checks those afresh.
   * The person is then issued a token for the new role (a DSL's first session by `c2c-hub create-token`).
   */
  private async endTokensAfterChange(trx: Transaction<Tables>, u: User, before: User | undefined) {
    const moved = before !== undefined && (before.role !== u.role || before.organisationId !== u.organisationId);
    const newChild = before !== undefined && u.learnerIds.some((id) => !before.learnerIds.includes(id));
    if (u.disabled || moved || newChild) await trx.deleteFrom('tokens').where('user_id', '=', u.id).execute();
  }

  /** An organisation's users in id order, after the id `after`. */
  async users(organisationId: string, after: string | null, limit: number): Promise<User[]> {
    let q = this.db
      .selectFrom('users')
      .select('doc')
      .where('organisation_id', '=', organisationId)
      .orderBy('id')
      .limit(limit);
    if (after !== null) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => parse<User>(r.doc));
  }

  async user(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').select('doc').where('id', '=', id).executeTakeFirst();
    return row ? parse<User>(row.doc) : undefined;
  }

  /**
   * Disables or enables a user; a disabled user loses every token. `audit` gives the lines of the change for the
   * user as changed, stored in the same transaction. False, changing nothing, when there is no such user.
   */
  async setUserDisabled(
    id: string,
    disabled: boolean,
    audit: (user: User) => AuditInput[] = () => [],
  ): Promise<boolean> {
    return this.changingCallers(async (trx) => {
      const row = await trx.selectFrom('users').select('doc').where('id', '=', id).executeTakeFirst();
      if (!row) return false;
      const user = { ...parse<User>(row.doc), disabled };
      await this.appendAudit(trx, audit(user));
      await trx
        .updateTable('users')
        .set({ disabled: disabled ? 1 : 0, doc: JSON.stringify(user) })
        .where('id', '=', id)
        .execute();
      if (disabled) await trx.deleteFrom('tokens').where('user_id', '=', id).execute();
      return true;
    });
  }

  // ---------------------------------------------------------------- tokens

  /** Stores a token's SHA-256 hash (never the token), with the audit lines of its issue, in one transaction. */
  async addToken(
    token: string,
    userId: string,
    kind: 'api-key' | 'session',
    expiresAt: Date,
    now: Date,
    audit: AuditInput[] = [],
  ): Promise<void> {
    await this.changingCallers(async (trx) => {
      await this.appendAudit(trx, audit);
      await trx
        .insertInto('tokens')
        .values({
          hash: sha256(token),
          user_id: userId,
          kind,
          expires_at: expiresAt.toISOString(),
          created_at: now.toISOString(),
        })
        .onConflict((oc) =>
          oc.column('hash').doUpdateSet({ user_id: userId, kind, expires_at: expiresAt.toISOString() }),
        )
        .execute();
    });
  }

  async token(token: string): Promise<TokenRecord | undefined> {
    return this.tokenByHash(sha256(token));
  }

  /** A token by the SHA-256 hash of its value. */
  async tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    // One round trip for the token, its user and their organisation: every authenticated request does this.
    const row = await this.tokenQuery.first(this.db, hash);
    if (!row) return undefined;
    return {
      user: parse<User>(row.user),
      kind: row.kind as TokenRecord['kind'],
      expiresAt: row.expires_at,
      organisation: row.organisation ? parse<OrganisationRecord>(row.organisation) : undefined,
    };
  }

  /**
   * {@link tokenByHash} through a per-instance cache. Every authenticated request looks its token up; on
   * PostgreSQL that join was a third of an audited read's round trips. Each change to tokens, users or
   * organisations, through any instance, moves the callers stamp in its own transaction, and a cached caller is
   * used only while the stamp read for this request (see {@link currentStamps}) is the one it was cached under:
   * disabling a user still ends their tokens at once on every instance. Expiry is checked by the caller on every
   * request from `expiresAt`.
   */
  async tokenByHashCached(hash: string): Promise<TokenRecord | undefined> {
    const stamp = (await this.currentStamps()).callers;
    const hit = this.tokenCache.get(hash);
    if (hit && hit.stamp === stamp) return hit.record;
    // Looked up after the stamp was read: a later change moves the stamp and retires this entry.
    const record = await this.tokenByHash(hash);
    if (record) {
      this.tokenCache.delete(hash);
      this.tokenCache.set(hash, { stamp, record });
      if (this.tokenCache.size > 10_000) this.tokenCache.delete(this.tokenCache.keys().next().value!);
    }
    return record;
  }

  private readonly tokenCache = new Map<string, { stamp: string; record: TokenRecord }>();

  /** Runs a change to tokens, users or organisations in one transaction that also moves the callers stamp. */
  private changingCallers<T>(change: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const result = await change(trx);
      await moveStamp(trx, 'callers-generation');
      return result;
    });
  }

  private readonly tokenQuery = new PreparedQuery<
    { kind: string; expires_at: string; user: string; organisation: string | null },
    [string]
  >(1, (db, p) =>
    db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['tokens.kind', 'tokens.expires_at', 'users.doc as user', 'organisations.doc as organisation'])
      .where('tokens.hash', '=', p[0]!),
  );

  // ---------------------------------------------------------------- learners

  async putLearners(learners: Learner[], audit: AuditInput[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const l of learners) {
        const values = {
          id: l.id,
          organisation_id: l.organisationId,
          doc: JSON.stringify(l),
          search: normaliseText(
            [l.legalForename, l.legalSurname, l.preferredForename ?? '', l.preferredSurname ?? '', l.upn ?? ''].join(
              ' ',
            ),
          ),
        };
        await trx
          .insertInto('learners')
          .values(values)
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
      }
      await this.appendAudit(trx, audit);
    });
  }

  async learner(id: string): Promise<Learner | undefined> {
    const row = await this.db.selectFrom('learners').select('doc').where('id', '=', id).executeTakeFirst();
    return row ? parse<Learner>(row.doc) : undefined;
  }

  /** Learners of an organisation, or with the given ids, ordered by id, optionally matching a name or UPN. */
  async learners(
    scope: { organisationId: string } | { ids: string[] },
    q: string | undefined,
    after: string | null,
    limit: number,
  ): Promise<Learner[]> {
    let query = this.db.selectFrom('learners').select('doc').orderBy('id').limit(limit);
    if ('organisationId' in scope) query = query.where('organisation_id', '=', scope.organisationId);
    else {
      if (scope.ids.length === 0) return [];
      query = query.where('id', 'in', scope.ids);
    }
    if (after !== null) query = query.where('id', '>', after);
    const words = q === undefined ? [] : searchTokens(q);
    // A search for only signs ("%", "_", "-") has no word to match: it finds nobody, not every learner.
    if (q !== undefined && words.length === 0) return [];
    for (const word of words) query = query.where('search', 'like', `%${word}%`);
    return (await query.execute()).map((r) => parse<Learner>(r.doc));
  }

  // ---------------------------------------------------------------- handovers

  async handover(id: string): Promise<Handover | undefined> {
    const row = await this.handoverQuery.first(this.db, id);
    return row ? parse<Handover>(row.doc) : undefined;
  }

  private readonly handoverQuery = new PreparedQuery<{ doc: string }, [string]>(1, (db, p) =>
    db.selectFrom('handovers').select('doc').where('id', '=', p[0]!),
  );

  /** Whether a handover for this learner has been submitted to this organisation. */
  async isReceivingOrganisation(learnerId: string, organisationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('handovers')
      .select('id')
      .where('learner_id', '=', learnerId)
      .where('receiving_organisation_id', '=', organisationId)
      .where('status', '!=', 'draft')
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  async handoversForLearner(learnerId: string): Promise<Handover[]> {
    return (
      (
        await this.db
          .selectFrom('handovers')
          .select('doc')
          .where('learner_id', '=', learnerId)
          .orderBy('created_at')
          // Two handovers started in the same millisecond: the id decides, or each database picks its own order.
          .orderBy('id')
          .execute()
      ).map((r) => parse<Handover>(r.doc))
    );
  }

  async listHandovers(
    filter: {
      sendingOrganisationId?: string;
      receivingOrganisationId?: string;
      learnerIds?: string[];
      status?: string;
      transition?: string;
      learnerId?: string;
    },
    after: { c: string; i: string } | null,
    limit: number,
  ): Promise<Handover[]> {
    let q = this.db
      .selectFrom('handovers')
      .select('doc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (filter.sendingOrganisationId) q = q.where('sending_organisation_id', '=', filter.sendingOrganisationId);
    if (filter.receivingOrganisationId)
      q = q.where('receiving_organisation_id', '=', filter.receivingOrganisationId).where('status', '!=', 'draft');
    if (filter.learnerIds) {
      if (filter.learnerIds.length === 0) return [];
      q = q.where('learner_id', 'in', filter.learnerIds);
    }
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.transition) q = q.where('transition', '=', filter.transition);
    if (filter.learnerId) q = q.where('learner_id', '=', filter.learnerId);
    if (after)
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '<', after.i)])]),
      );
    return (await q.execute()).map((r) => parse<Handover>(r.doc));
  }

  private handoverRow(h: Handover) {
    return {
      learner_id: h.learnerId,
      sending_organisation_id: h.sendingOrganisationId,
      receiving_organisation_id: h.receivingOrganisationId,
      status: h.status,
      transition: h.transition,
      version: h.version,
      created_at: h.createdAt,
      updated_at: h.updatedAt,
      doc: JSON.stringify(h),
    };
  }

  /** Inserts handovers with their first version (seeding and creation). */
  async insertHandovers(handovers: Handover[], changedBy: string, audit: AuditInput[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const h of handovers) {
        await trx
          .insertInto('handovers')
          .values({ id: h.id, ...this.handoverRow(h) })
          .execute();
        await trx
          .insertInto('handover_versions')
          .values({
            handover_id: h.id,
            version: h.version,
            status: h.status,
            changed_at: h.updatedAt,
            changed_by: changedBy,
            sections: JSON.stringify(h.sections),
            change: 'content' satisfies VersionChange,
            acknowledges: null,
          })
          .execute();
      }
      await this.appendAudit(trx, audit);
    });
  }

  /**
   * Replaces `previous` with `next` if the stored handover is still at `previous.version` (compare-and-set, so two
   * instances cannot both win), recording the new version, what it changed, and the audit lines in the same
   * transaction. `acknowledges` is the version an acknowledgement stands for, kept on the acknowledgement's version.
   */
  async updateHandover(
    previous: Handover,
    next: Handover,
    changedBy: string,
    audit: AuditInput[] = [],
    acknowledges: number | null = null,
  ): Promise<'ok' | 'conflict'> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('handovers')
        .set(this.handoverRow(next))
        .where('id', '=', next.id)
        .where('version', '=', previous.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return 'conflict';
      await trx
        .insertInto('handover_versions')
        .values({
          handover_id: next.id,
          version: next.version,
          status: next.status,
          changed_at: next.updatedAt,
          changed_by: changedBy,
          sections: JSON.stringify(next.sections),
          change: versionChange(previous, next),
          acknowledges,
        })
        .execute();
      await this.appendAudit(trx, audit);
      return 'ok';
    });
  }

  /**
   * Whether a version of handover `id` after `after` (up to `upTo`, the current one) made one of `changes`: whether a
   * copy read at version `after` is stale.
   */
  async changedSince(id: string, after: number, upTo: number, changes: VersionChange[]): Promise<boolean> {
    const row = await this.db
      .selectFrom('handover_versions')
      .select('version')
      .where('handover_id', '=', id)
      .where('version', '>', after)
      .where('version', '<=', upTo)
      .where('change', 'in', changes)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  async handoverVersions(id: string): Promise<HandoverVersion[]> {
    const rows = await this.db
      .selectFrom('handover_versions')
      .selectAll()
      .where('handover_id', '=', id)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      status: r.status as HandoverVersion['status'],
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      sections: parse(r.sections),
      ...(r.acknowledges !== null ? { acknowledges: Number(r.acknowledges) } : {}),
    }));
  }

  // ---------------------------------------------------------------- pathways and signposting

  async putEvents(events: PathwayEvent[], audit: AuditInput[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const e of events) {
        const values = {
          id: e.id,
          learner_id: e.learnerId,
          organisation_id: e.source.organisationId ?? null,
          date: e.date,
          doc: JSON.stringify(e),
        };
        await trx
          .insertInto('pathway_events')
          .values(values)
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
      }
      await this.appendAudit(trx, audit);
    });
  }

  async events(learnerId: string): Promise<PathwayEvent[]> {
    return (
      await this.db
        .selectFrom('pathway_events')
        .select('doc')
        .where('learner_id', '=', learnerId)
        .orderBy('date')
        .orderBy('id')
        .execute()
    ).map((r) => parse<PathwayEvent>(r.doc));
  }

  /**
   * Whether an organisation works with a learner: it holds consented signposting of them, or someone signposted or
   * referred them, with consent, to a service the organisation runs. The family's consent is the lawful basis, so
   * events the organisation wrote on the pathway grant nothing: once every consented record is deleted (consent
   * withdrawn), access ends and those events stay on the pathway as the school's record. Signposting naming a
   * learner can only be recorded by someone who may already read the learner, so no organisation can grant itself
   * a learner.
   */
  async organisationWorksWith(organisationId: string, learnerId: string): Promise<boolean> {
    const signs = await this.db
      .selectFrom('signposting')
      .select(['organisation_id', 'doc'])
      .where('learner_id', '=', learnerId)
      .where('consent', '=', 1)
      .execute();
    if (signs.some((s) => s.organisation_id === organisationId)) return true;
    for (const serviceId of new Set(signs.map((s) => parse<Signposting>(s.doc).serviceId)))
      if ((await this.service(serviceId))?.organisation?.id === organisationId) return true;
    return false;
  }

  async addSignposting(record: Signposting, audit: AuditInput[] = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('signposting')
        .values({
          id: record.id,
          organisation_id: record.organisationId,
          learner_id: record.learnerId ?? null,
          consent: record.consent.given ? 1 : 0,
          created_at: record.createdAt,
          doc: JSON.stringify(record),
        })
        .execute();
      await this.appendAudit(trx, audit);
    });
  }

  async signpostingRecord(id: string): Promise<Signposting | undefined> {
    const row = await this.db.selectFrom('signposting').select('doc').where('id', '=', id).executeTakeFirst();
    return row ? parse<Signposting>(row.doc) : undefined;
  }

  /** Deletes a signposting record (consent withdrawn, say), with its audit lines, in one transaction. */
  async deleteSignposting(id: string, audit: AuditInput[] = []): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('signposting').where('id', '=', id).returning('id').execute();
      if (gone.length) await this.appendAudit(trx, audit);
      return gone.length > 0;
    });
  }

  async signposting(
    organisationId: string,
    learnerId: string | undefined,
    after: { c: string; i: string } | null,
    limit: number,
  ): Promise<Signposting[]> {
    let q = this.db
      .selectFrom('signposting')
      .select('doc')
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (learnerId) q = q.where('learner_id', '=', learnerId);
    if (after)
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', after.c), eb.and([eb('created_at', '=', after.c), eb('id', '<', after.i)])]),
      );
    return (await q.execute()).map((r) => parse<Signposting>(r.doc));
  }

  // ---------------------------------------------------------------- audit (append-only: no update or delete here)

  /**
   * Writes audit lines, in `db`'s transaction when it is one. More lines than one statement can bind are written
   * in several statements, and then in a transaction of their own if `db` is not one: a read of many records is
   * audited completely or, if any statement fails, not at all (its caller then shows none of it).
   */
  async appendAudit(db: Db, entries: AuditInput[]): Promise<void> {
    if (entries.length > AUDIT_ROWS_PER_STATEMENT && !db.isTransaction) {
      await db.transaction().execute((trx) => this.appendAudit(trx, entries));
      return;
    }
    // Bounded statements: SQLite and PostgreSQL cap the parameters one statement can bind.
    for (let i = 0; i < entries.length; i += AUDIT_ROWS_PER_STATEMENT)
      await this.insertAudit(db, entries.slice(i, i + AUDIT_ROWS_PER_STATEMENT));
  }

  private async insertAudit(db: Db, entries: AuditInput[]): Promise<void> {
    await db
      .insertInto('audit')
      .values(
        entries.map((e) => ({
          at: e.at,
          user_id: e.userId,
          role: e.role,
          organisation_id: e.organisationId,
          action: e.action,
          resource: e.resource,
          resource_id: e.resourceId,
          learner_id: e.learnerId,
        })),
      )
      .execute();
  }

  /**
   * Appends audit lines outside any other change (reads, denials). Resolves once they are committed, so a
   * caller shows nothing before its audit line is stored. Lines from requests arriving together are committed
   * in one statement (group commit): under load, one commit per read was the largest cost of an audited read.
   * If that commit fails, every caller in the group gets the error.
   */
  audit(entries: AuditInput[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    if (!this.auditBatch) {
      const batch: AuditBatch = { entries: [], written: Promise.resolve() };
      batch.written = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        // Later callers start the next group: this one's statement is about to be built.
        this.auditBatch = undefined;
        await this.appendAudit(this.db, batch.entries);
      });
      this.auditBatch = batch;
    }
    this.auditBatch.entries.push(...entries);
    return this.auditBatch.written;
  }

  private auditBatch: AuditBatch | undefined;

  /**
   * Audit lines written by an organisation's people; with `aboutOwnLearners`, also every line about the
   * organisation's learners whoever wrote it (a receiving school, a worker, a refused attempt by another hub
   * user), so a school can answer "who has looked at this child's record?". That view (what `GET /v1/audit` shows an
   * administrator, and its subject access export) leaves out its own people's refused attempts at another
   * organisation's learner, handover, signposting record or user that it has no other way to know of: each was answered 404 as if there were none, but its `denied` line is written only
   * when the record exists and names the learner a handover is about, so an administrator could try ids and read
   * back which exist. The record's own organisation sees those lines, which is who they are for. A `403` refusal
   * (written by route, `PATCH /v1/handovers/:id`) stays: the caller was told the record exists.
   */
  async auditEntries(
    filter: { organisationId: string; learnerId?: string; userId?: string; aboutOwnLearners?: boolean },
    before: number | null,
    limit: number,
  ): Promise<AuditEntry[]> {
    const org = filter.organisationId;
    let q = this.db
      .selectFrom('audit')
      .selectAll()
      .where((eb) => {
        if (!filter.aboutOwnLearners) return eb('organisation_id', '=', org);
        const ownLearners = eb.selectFrom('learners').select('learners.id').where('learners.organisation_id', '=', org);
        // Never NULL (learner_id is tested for NULL before NOT IN; resource_id and the ids selected are never NULL), so
        // `not` keeps every other line.
        const elsewhere = eb.and([
          eb('action', '=', 'denied'),
          eb.or([
            // Another organisation's handover (a draft not sent, or one sent elsewhere), whoever the learner is.
            eb.and([
              eb('resource', '=', 'handover'),
              eb('learner_id', 'is not', null),
              eb('learner_id', 'not in', ownLearners),
            ]),
            // Another organisation's learner, unless this one knows of them otherwise (one handed over to it, or one
            // it signposted): a refusal about them is no secret to it, here or in its subject access export.
            eb.and([
              eb('resource', '=', 'learner'),
              eb('learner_id', 'is not', null),
              eb('learner_id', 'not in', ownLearners),
              eb(
                'learner_id',
                'not in',
                eb
                  .selectFrom('handovers')
                  .select('handovers.learner_id')
                  .where('handovers.receiving_organisation_id', '=', org)
                  .where('handovers.status', '!=', 'draft'),
              ),
              eb(
                'learner_id',
                'not in',
                eb
                  .selectFrom('signposting')
                  .select('signposting.learner_id')
                  .where('signposting.organisation_id', '=', org)
                  .where('signposting.learner_id', 'is not', null),
              ),
            ]),
            eb.and([
              eb('resource', '=', 'signposting'),
              eb(
                'resource_id',
                'not in',
                eb.selectFrom('signposting').select('signposting.id').where('signposting.organisation_id', '=', org),
              ),
            ]),
            eb.and([
              eb('resource', '=', 'user'),
              eb(
                'resource_id',
                'not in',
                eb.selectFrom('users').select('users.id').where('users.organisation_id', '=', org),
              ),
            ]),
          ]),
        ]);
        return eb.or([
          eb.and([eb('organisation_id', '=', org), eb.not(elsewhere)]),
          eb('learner_id', 'in', ownLearners),
        ]);
      })
      .orderBy('id', 'desc')
      .limit(limit);
    if (filter.learnerId) q = q.where('learner_id', '=', filter.learnerId);
    if (filter.userId) q = q.where('user_id', '=', filter.userId);
    if (before !== null) q = q.where('id', '<', before);
    return (await q.execute()).map((r) => ({
      id: Number(r.id),
      at: r.at,
      userId: r.user_id,
      role: r.role as AuditEntry['role'],
      organisationId: r.organisation_id,
      action: r.action as AuditEntry['action'],
      resource: r.resource,
      resourceId: r.resource_id,
      learnerId: r.learner_id,
    }));
  }

  // ---------------------------------------------------------------- idempotency

  /**
   * Claims an idempotency key for a request. A key whose first request never finished (the process died) is
   * taken over after `staleBefore`; keys older than `expiredBefore` are forgotten.
   */
  async beginIdempotent(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    staleBefore: Date,
    expiredBefore: Date,
  ): Promise<IdempotencyBegin> {
    const nowIso = now.toISOString();
    const claim = async () => {
      const r = await this.db
        .insertInto('idempotency')
        .values({
          scope,
          key,
          request_hash: requestHash,
          state: 'pending',
          status: null,
          body: null,
          created_at: nowIso,
        })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    };
    if (await claim()) return { state: 'new' };
    const row = await this.db
      .selectFrom('idempotency')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return (await claim()) ? { state: 'new' } : { state: 'pending' };
    if (row.created_at < expiredBefore.toISOString()) {
      await this.db
        .deleteFrom('idempotency')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('created_at', '=', row.created_at)
        .execute();
      return (await claim()) ? { state: 'new' } : { state: 'pending' };
    }
    if (row.request_hash !== requestHash) return { state: 'mismatch' };
    if (row.state === 'done' && row.status !== null && row.body !== null)
      return { state: 'done', status: row.status, body: row.body };
    if (row.created_at < staleBefore.toISOString()) {
      const r = await this.db
        .updateTable('idempotency')
        .set({ created_at: nowIso })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .where('created_at', '=', row.created_at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return { state: 'new' };
    }
    return { state: 'pending' };
  }

  async finishIdempotent(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.db
      .updateTable('idempotency')
      .set({ state: 'done', status, body })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }

  /** Forgets a key whose request failed on the server's side, so the caller can retry it. */
  async abandonIdempotent(scope: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .execute();
  }

  async pruneIdempotency(before: Date): Promise<void> {
    await this.db.deleteFrom('idempotency').where('created_at', '<', before.toISOString()).execute();
  }

  /**
   * Deletes tokens that expired before `before`: a hash of a credential nobody can use is still a record of who
   * held access, kept no longer than it helps (a recently expired one still gets "token_expired", not "not
   * recognised"). Returns how many went.
   */
  async pruneExpiredTokens(before: Date): Promise<number> {
    const gone = await this.db.deleteFrom('tokens').where('expires_at', '<', before.toISOString()).executeTakeFirst();
    return Number(gone.numDeletedRows);
  }

  // ---------------------------------------------------------------- retention

  /**
   * Deletes what has reached the end of its keep under `rules` (see `retention.ts` for the schedule): handover
   * drafts, and each learner the rules give up for every organisation holding records about them, with those
   * records (handovers and their versions, pathway events, signposting, parents' links). Each deletion adds an
   * audit line by `actor` (the `retention` system user unless the operator ran it), holding ids only; earlier
   * audit lines stay, as the log is append-only. With `apply` false nothing changes and the counts say what would go.
   */
  async expire(
    rules: ExpiryRules,
    now: Date,
    apply: boolean,
    actor: AuditActor = RETENTION_ACTOR,
  ): Promise<RetentionCounts> {
    const counts: RetentionCounts = {
      drafts: 0,
      learners: 0,
      handovers: 0,
      pathwayEvents: 0,
      signposting: 0,
      familySignposting: 0,
    };
    const at = now.toISOString();
    const line = (
      organisationId: string,
      resource: string,
      resourceId: string,
      learnerId: string | null,
    ): AuditInput => ({
      at,
      userId: actor.userId,
      role: actor.role,
      organisationId,
      action: 'delete',
      resource,
      resourceId,
      learnerId,
    });

    const drafts = (
      await this.db
        .selectFrom('handovers')
        .select(['id', 'learner_id', 'sending_organisation_id', 'updated_at'])
        .where('status', '=', 'draft')
        .where('updated_at', '<', rules.draftsBefore.toISOString())
        .execute()
    ).filter((d) => rules.draftExpired(d.sending_organisation_id, d.updated_at));
    counts.drafts = drafts.length;
    // Bounded batches: SQLite and PostgreSQL cap the parameters one statement can bind.
    for (let i = 0; apply && i < drafts.length; i += 500) {
      const batch = drafts.slice(i, i + 500);
      await this.db.transaction().execute(async (trx) => {
        // Only a draft still as this run found it: one submitted or edited meanwhile (by a request, or another
        // instance) is no longer past its keep, and its versions are its history. So the handovers go first, by
        // id and last change, and then the versions of those that went, never of one that stayed.
        const gone = await trx
          .deleteFrom('handovers')
          .where('status', '=', 'draft')
          .where((eb) => eb.or(batch.map((d) => eb.and([eb('id', '=', d.id), eb('updated_at', '=', d.updated_at)]))))
          .returning('id')
          .execute();
        const deleted = new Set(gone.map((r) => r.id));
        if (deleted.size)
          await trx
            .deleteFrom('handover_versions')
            .where('handover_id', 'in', [...deleted])
            .execute();
        await this.appendAudit(
          trx,
          batch
            .filter((d) => deleted.has(d.id))
            .map((d) => line(d.sending_organisation_id, 'handover', d.id, d.learner_id)),
        );
      });
    }

    // A family signposted with no learner record has no date of birth to count from: its record goes by its own age.
    const family = (
      await this.db
        .selectFrom('signposting')
        .select(['id', 'organisation_id', 'created_at'])
        .where('learner_id', 'is', null)
        .where('created_at', '<', rules.familySignpostingBefore)
        .execute()
    ).filter((r) => rules.familySignpostingExpired(r.organisation_id, r.created_at));
    counts.familySignposting = family.length;
    for (let i = 0; apply && i < family.length; i += 500) {
      const batch = family.slice(i, i + 500);
      await this.db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('signposting')
          .where(
            'id',
            'in',
            batch.map((r) => r.id),
          )
          .where('learner_id', 'is', null)
          .returning('id')
          .execute();
        const deleted = new Set(gone.map((r) => r.id));
        await this.appendAudit(
          trx,
          batch.filter((r) => deleted.has(r.id)).map((r) => line(r.organisation_id, 'signposting', r.id, null)),
        );
      });
    }

    let after = '';
    for (;;) {
      const page = await this.db
        .selectFrom('learners')
        .select(['id', 'doc'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(1000)
        .execute();
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      // The owner's keep is checked first, as it is cheap; the others holding records only for those past it.
      const past = page.map((r) => parse<Learner>(r.doc)).filter((l) => rules.learnerExpired(l, [l.organisationId]));
      if (past.length === 0) continue;
      const holders = await this.holders(past.map((l) => l.id));
      const gone = past.filter((l) => rules.learnerExpired(l, [l.organisationId, ...(holders.get(l.id) ?? [])]));
      if (gone.length === 0) continue;
      const ids = gone.map((l) => l.id);
      counts.learners += ids.length;
      const handovers = await this.db.selectFrom('handovers').select('id').where('learner_id', 'in', ids).execute();
      counts.handovers += handovers.length;
      const count = async (table: 'pathway_events' | 'signposting') =>
        Number(
          (
            await this.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('learner_id', 'in', ids)
              .executeTakeFirstOrThrow()
          ).n,
        );
      counts.pathwayEvents += await count('pathway_events');
      counts.signposting += await count('signposting');
      if (!apply) continue;
      await this.db.transaction().execute(async (trx) => {
        // Records about these learners may have been written since they were read (a handover started, an
        // event recorded, the learner's own record corrected): the decision is taken again on what is there
        // now, so a learner a new holder keeps stays, and nothing about a learner who goes is left behind.
        const current = (await trx.selectFrom('learners').select('doc').where('id', 'in', ids).execute()).map((r) =>
          parse<Learner>(r.doc),
        );
        if (current.length === 0) return;
        const heldBy = await this.holders(
          current.map((l) => l.id),
          trx,
        );
        const still = current
          .filter((l) => rules.learnerExpired(l, [l.organisationId, ...(heldBy.get(l.id) ?? [])]))
          .map((l) => l.id);
        if (still.length === 0) return;
        const handoverIds = (
          await trx.selectFrom('handovers').select('id').where('learner_id', 'in', still).execute()
        ).map((h) => h.id);
        if (handoverIds.length) {
          await trx.deleteFrom('handover_versions').where('handover_id', 'in', handoverIds).execute();
          await trx.deleteFrom('handovers').where('id', 'in', handoverIds).execute();
        }
        await trx.deleteFrom('pathway_events').where('learner_id', 'in', still).execute();
        await trx.deleteFrom('signposting').where('learner_id', 'in', still).execute();
        // Another instance on the same database may have run the schedule meanwhile: audit only what this
        // run deleted, so each deletion has one line.
        const deleted = await trx.deleteFrom('learners').where('id', 'in', still).returning('id').execute();
        const leaving = new Set(deleted.map((r) => r.id));
        for (const row of await trx.selectFrom('users').select('doc').where('role', '=', 'parent').execute()) {
          const parent = parse<User>(row.doc);
          if (!parent.learnerIds.some((id) => leaving.has(id))) continue;
          const next: User = { ...parent, learnerIds: parent.learnerIds.filter((id) => !leaving.has(id)) };
          await trx
            .updateTable('users')
            .set({ doc: JSON.stringify(next) })
            .where('id', '=', parent.id)
            .execute();
        }
        await this.appendAudit(
          trx,
          gone.filter((l) => leaving.has(l.id)).map((l) => line(l.organisationId, 'learner', l.id, l.id)),
        );
      });
    }
    return counts;
  }

  /** The organisations holding records about each of `learnerIds`: handovers sent or received, pathway, signposting. */
  private async holders(learnerIds: string[], db: Db = this.db): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    const add = (learnerId: string | null, org: string | null) => {
      if (learnerId === null || org === null) return;
      let set = out.get(learnerId);
      if (!set) out.set(learnerId, (set = new Set()));
      set.add(org);
    };
    const handovers = await db
      .selectFrom('handovers')
      .select(['learner_id', 'sending_organisation_id', 'receiving_organisation_id'])
      .where('learner_id', 'in', learnerIds)
      .execute();
    for (const h of handovers) {
      add(h.learner_id, h.sending_organisation_id);
      add(h.learner_id, h.receiving_organisation_id);
    }
    for (const table of ['pathway_events', 'signposting'] as const)
      for (const r of await db
        .selectFrom(table)
        .select(['learner_id', 'organisation_id'])
        .distinct()
        .where('learner_id', 'in', learnerIds)
        .execute())
        add(r.learner_id, r.organisation_id);
    return out;
  }

  // ---------------------------------------------------------------- services

  /** Inserts or replaces services (by id), with their search index rows, in batches of one transaction each. */
  /**
   * Stores services (new or replaced) in batches of 1,000, a transaction each; `audit` gives the audit lines of
   * each batch, stored in its transaction.
   */
  async putServices(
    input: Service[],
    onProgress?: (done: number) => void,
    audit: (batch: Service[]) => AuditInput[] = () => [],
  ): Promise<void> {
    // A feed may repeat a service; the last copy wins, as it would if loaded one by one.
    const services = [...new Map(input.map((s) => [s.id, s])).values()];
    const BATCH = 1000;
    for (let start = 0; start < services.length; start += BATCH) {
      const batch = services.slice(start, start + BATCH);
      await this.db.transaction().execute(async (trx) => {
        const ids = batch.map((s) => s.id);
        const old = await trx.selectFrom('services').select('seq').where('id', 'in', ids).execute();
        if (old.length) {
          const seqs = old.map((r) => r.seq);
          await trx.deleteFrom('service_locations').where('service_seq', 'in', seqs).execute();
          await trx.deleteFrom('service_terms').where('service_seq', 'in', seqs).execute();
          if (this.dialect === 'sqlite')
            await sql`delete from services_fts where rowid in (${sql.join(seqs)})`.execute(trx);
          await trx.deleteFrom('services').where('seq', 'in', seqs).execute();
        }
        const rows = batch.map((s) => ({
          id: s.id,
          name_sort: normaliseText(s.name),
          search_text: normaliseText(
            [
              s.name,
              s.description ?? '',
              s.organisation?.name ?? '',
              ...s.taxonomyTerms.map((t) => t.name),
              ...s.locations.map((l) => `${l.name ?? ''} ${l.address?.city ?? ''} ${l.address?.postcode ?? ''}`),
            ].join(' '),
          ),
          min_age: s.minimumAge ?? null,
          max_age: s.maximumAge ?? null,
          free: s.free ? 1 : 0,
          doc: JSON.stringify(s),
        }));
        const inserted = await trx.insertInto('services').values(rows).returning(['seq', 'id']).execute();
        const seqOf = new Map(inserted.map((r) => [r.id, Number(r.seq)]));
        const locations = batch.flatMap((s) => locationRows(seqOf.get(s.id)!, s.locations));
        if (locations.length) await trx.insertInto('service_locations').values(locations).execute();
        const terms = batch.flatMap((s) =>
          [...new Set(s.taxonomyTerms.flatMap((t) => [t.id.toLowerCase(), t.name.toLowerCase()]))].map((term) => ({
            service_seq: seqOf.get(s.id)!,
            term,
          })),
        );
        if (terms.length) await trx.insertInto('service_terms').values(terms).execute();
        if (this.dialect === 'sqlite') {
          const values = rows.map((r) => sql`(${seqOf.get(r.id)!}, ${r.search_text})`);
          await sql`insert into services_fts (rowid, search_text) values ${sql.join(values)}`.execute(trx);
        }
        await this.appendAudit(trx, audit(batch));
        // Every instance compares this stamp before answering from its search cache.
        await moveStamp(trx, 'services-generation');
        const taxonomy = new Map<string, TaxonomyTerm>();
        for (const s of batch) for (const t of s.taxonomyTerms) taxonomy.set(t.id, t);
        for (const t of taxonomy.values()) {
          await trx
            .insertInto('taxonomy_terms')
            .values({ id: t.id, doc: JSON.stringify(t) })
            .onConflict((oc) => oc.column('id').doUpdateSet({ doc: JSON.stringify(t) }))
            .execute();
        }
      });
      onProgress?.(Math.min(services.length, start + BATCH));
    }
  }

  /**
   * The stamps that move whenever a service (`services`) or a token, user or organisation (`callers`) changes,
   * through any instance. Requests arriving together share one read, made after all of them arrived, so no
   * request is answered from a cache older than a change committed before it came in.
   */
  private currentStamps(): Promise<Stamps> {
    return (this.stampsRead ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.stampsRead = undefined;
      const rows = (await this.stampsQuery.execute(this.db, 'services-generation', 'callers-generation')).rows;
      const value = (key: string) => rows.find((r) => r.key === key)?.value ?? 'none';
      return { services: value('services-generation'), callers: value('callers-generation') };
    }));
  }

  private stampsRead: Promise<Stamps> | undefined;

  private readonly stampsQuery = new PreparedQuery<{ key: string; value: string }, [string, string]>(2, (db, p) =>
    db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [p[0]!, p[1]!]),
  );

  /**
   * `searchServices` through a per-instance cache of results. Before answering from the cache the store reads
   * the services stamp, so a change made through any instance is seen at once: the cache saves the search,
   * never correctness. `key` must identify the whole search (the caller's validated query).
   */
  async searchServicesCached(key: string, search: ServiceSearch): Promise<ServiceSearchResult> {
    const generation = (await this.currentStamps()).services;
    const hit = this.searchCache.get(key);
    if (hit && hit.generation === generation) {
      // Refresh its place in the LRU order.
      this.searchCache.delete(key);
      this.searchCache.set(key, hit);
      return hit.result;
    }
    const result = await this.searchServices(search, generation);
    this.searchCache.set(key, { generation, result });
    if (this.searchCache.size > 500) this.searchCache.delete(this.searchCache.keys().next().value!);
    return result;
  }

  private readonly searchCache = new Map<string, { generation: string; result: ServiceSearchResult }>();

  /**
   * Where a postcode is, from the venues in the directory: the centre of the venues with that postcode, or if there
   * are none, of those in its outward code (the district, like "LE1"). Undefined when the directory has neither, or
   * the text is not a UK postcode. The hub has no outside geocoder, so this places only postcodes it has seen.
   */
  async postcodePoint(
    postcode: string,
  ): Promise<{ lat: number; lng: number; precision: 'postcode' | 'district' } | undefined> {
    const key = postcodeKey(postcode);
    if (!key) return undefined;
    for (const [column, value, precision] of [
      ['postcode', key.postcode, 'postcode'],
      ['outward', key.outward, 'district'],
    ] as const) {
      const row = await this.db
        .selectFrom('service_locations')
        .select((eb) => [eb.fn.avg<number>('lat').as('lat'), eb.fn.avg<number>('lng').as('lng')])
        .where(column, '=', value)
        .executeTakeFirst();
      if (row && row.lat !== null && row.lng !== null) return { lat: Number(row.lat), lng: Number(row.lng), precision };
    }
    return undefined;
  }

  async service(id: string): Promise<Service | undefined> {
    const row = await this.db.selectFrom('services').select('doc').where('id', '=', id).executeTakeFirst();
    return row ? parse<Service>(row.doc) : undefined;
  }

  async serviceCount(): Promise<number> {
    const row = await this.db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async taxonomyTerms(): Promise<TaxonomyTerm[]> {
    return (await this.db.selectFrom('taxonomy_terms').select('doc').orderBy('id').execute()).map((r) =>
      parse<TaxonomyTerm>(r.doc),
    );
  }

  /** SQL conditions equivalent to (or wider than) the exact filters, so indexes do the heavy lifting. */
  private serviceConditions(search: ServiceSearch): {
    where: RawBuilder<unknown>[];
    textJoin: RawBuilder<unknown> | null;
    rank: RawBuilder<unknown> | null;
  } {
    const q = search.query;
    const where: RawBuilder<unknown>[] = [];
    let textJoin: RawBuilder<unknown> | null = null;
    let rank: RawBuilder<unknown> | null = null;
    const tokens = q.q ? searchTokens(q.q) : [];
    if (tokens.length) {
      if (this.dialect === 'sqlite') {
        const match = tokens.map((t) => `"${t}"*`).join(' ');
        textJoin = sql`join (select rowid as fts_seq, rank as fts_rank from services_fts where services_fts match ${match}) f on f.fts_seq = s.seq`;
        rank = sql`f.fts_rank`;
      } else {
        const tsq = tokens.map((t) => `${t}:*`).join(' & ');
        where.push(sql`s.search_tsv @@ to_tsquery('simple', ${tsq})`);
        rank = sql`-ts_rank(s.search_tsv, to_tsquery('simple', ${tsq}))`;
      }
    }
    if (q.taxonomy)
      where.push(sql`s.seq in (select service_seq from service_terms where term = ${q.taxonomy.toLowerCase()})`);
    // A whole-year maximum runs to the next birthday (withinAges: "0 to 5" takes a child of 5½), so the index narrows
    // by the age's whole years and accepts() has the last word.
    if (q.age !== undefined)
      where.push(
        sql`(s.min_age is null or s.min_age <= ${q.age}) and (s.max_age is null or s.max_age >= ${Math.floor(q.age)})`,
      );
    if (search.ageOverlap?.min !== undefined)
      where.push(sql`(s.max_age is null or s.max_age >= ${search.ageOverlap.min})`);
    if (search.ageOverlap?.max !== undefined)
      where.push(sql`(s.min_age is null or s.min_age <= ${search.ageOverlap.max})`);
    if (q.free !== undefined) where.push(sql`s.free = ${q.free ? 1 : 0}`);
    return { where, textJoin, rank };
  }

  private accepts(service: Service, search: ServiceSearch): boolean {
    return (
      matchesServiceFilters(service, search.query, search.today) && (!search.extraFilter || search.extraFilter(service))
    );
  }

  /**
   * Searches services. SQL narrows with indexes (full text, taxonomy, age, cost, a bounding box around the
   * point); `matchesServiceFilters` from @c2c/schema then decides every result, so the hub and the browser
   * directory agree exactly. Results are by distance when a point is given, else by relevance then name.
   */
  async searchServices(search: ServiceSearch, servicesStamp?: string): Promise<ServiceSearchResult> {
    const stamp = servicesStamp ?? (await this.currentStamps()).services;
    const { lat, lng } = search.query;
    if (lat !== undefined && lng !== undefined) return this.searchByDistance(search, lat, lng, stamp);
    const { where, textJoin, rank } = this.serviceConditions(search);
    const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
    const order = rank ? sql`order by ${rank}, s.name_sort, s.id` : sql`order by s.name_sort, s.id`;
    // Text matches reach their services through the narrow index (migration 003), not the rows with documents.
    // Named, because without ANALYZE statistics SQLite prefers the primary key and reads every document.
    const services =
      textJoin && this.dialect === 'sqlite' ? sql`services s indexed by services_narrow` : sql`services s`;
    const needsExact = !!(
      search.query.language ||
      search.query.day ||
      search.query.time ||
      search.query.accessibility ||
      search.query.radiusKm ||
      search.extraFilter
    );
    // Without exact-only filters every SQL row is a match, so skipping matches is an SQL offset.
    const start =
      (search.position && 'o' in search.position ? search.position.o : 0) +
      (needsExact ? 0 : (search.skipMatches ?? 0));
    let skip = needsExact ? (search.skipMatches ?? 0) : 0;
    const items: ServiceSearchResult['items'] = [];
    let offset = start;
    let next: SearchPosition | null = null;
    const batch = needsExact ? Math.max(100, search.limit * 4) : search.limit + 1;
    // A text search's ranking does not depend on the age and cost filters: rank once per text, filter per request.
    const ranked = await this.rankedMatches(search, stamp);
    for (;;) {
      // Rank and page on the narrow rows first, then fetch only the documents of the page: sorting thousands
      // of full documents is what makes a naive search slow.
      const seqs = ranked
        ? ranked.take(offset, batch)
        : (
            await sql<{
              seq: number;
            }>`select s.seq from ${services} ${textJoin ?? sql``} ${whereSql} ${order} limit ${batch} offset ${offset}`.execute(
              this.db,
            )
          ).rows.map((r) => Number(r.seq));
      const found = await this.servicesInOrder(seqs, stamp);
      let i = 0;
      for (; i < found.length; i++) {
        const service = found[i]!;
        if (!this.accepts(service, search)) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        if (items.length === search.limit) {
          next = { o: offset + i };
          break;
        }
        items.push({ service });
      }
      if (next || seqs.length < batch) break;
      offset += seqs.length;
    }
    let total: number | undefined;
    if (search.withTotal) {
      if (!needsExact && ranked) total = ranked.count();
      else if (!needsExact) {
        const row = (
          await sql<{
            n: number | string;
          }>`select count(*) as n from ${services} ${textJoin ?? sql``} ${whereSql}`.execute(this.db)
        ).rows[0];
        total = Number(row?.n ?? 0);
      } else {
        total = 0;
        for (let off = 0; ; off += 2000) {
          const rows = (
            await sql<{
              doc: string;
            }>`select s.doc from services s ${textJoin ?? sql``} ${whereSql} order by s.seq limit 2000 offset ${off}`.execute(
              this.db,
            )
          ).rows;
          for (const r of rows) if (this.accepts(parse<Service>(r.doc), search)) total++;
          if (rows.length < 2000) break;
        }
      }
    }
    return { items, next, ...(total !== undefined ? { total } : {}) };
  }

  /**
   * The services matching a search's text and its age and cost filters, in the order the SQL search gives
   * (relevance, then name, then id), or undefined when the search has no text or filters SQL must apply
   * (taxonomy). The relevance ranking of every match of the text is the expensive part (26 ms for a word in 15%
   * of 100,000 services) and is the same whatever the filters, so it is kept per text, with each match's age
   * range and cost, under the services stamp; the filters are then applied here exactly as the SQL applies them.
   */
  private async rankedMatches(search: ServiceSearch, stamp: string): Promise<RankedMatches | undefined> {
    const q = search.query;
    if (!q.q || q.taxonomy || !searchTokens(q.q).length) return undefined;
    const key = searchTokens(q.q).join(' ');
    let ranking = this.rankings.get(key);
    if (ranking && ranking.stamp === stamp) {
      this.rankings.delete(key);
      this.rankings.set(key, ranking);
    } else {
      // Requests for the same text that arrive while it is being ranked wait for that ranking, not their own.
      const flight = `${stamp}\u0000${key}`;
      let pending = this.rankingsInFlight.get(flight);
      if (!pending) {
        pending = this.rankText(q.q, stamp, key).finally(() => this.rankingsInFlight.delete(flight));
        this.rankingsInFlight.set(flight, pending);
      }
      ranking = await pending;
    }
    // The same conditions as serviceConditions' SQL, with NULL (no limit) as NaN. Filtered only as far as a
    // page needs: the first page of a broad word looks at a few dozen matches, not all of them.
    const { age, free } = q;
    const { min, max } = search.ageOverlap ?? {};
    const kept = ranking;
    const out: number[] = [];
    let i = 0;
    const fill = (upTo: number) => {
      for (; i < kept.seqs.length && out.length < upTo; i++) {
        const lo = kept.minAge[i]!;
        const hi = kept.maxAge[i]!;
        if (age !== undefined && ((!Number.isNaN(lo) && lo > age) || (!Number.isNaN(hi) && hi < age))) continue;
        if (min !== undefined && !Number.isNaN(hi) && hi < min) continue;
        if (max !== undefined && !Number.isNaN(lo) && lo > max) continue;
        if (free !== undefined && kept.free[i] !== (free ? 1 : 0)) continue;
        out.push(kept.seqs[i]!);
      }
    };
    return {
      take(offset, count) {
        fill(offset + count);
        return out.slice(offset, offset + count);
      },
      count() {
        fill(Infinity);
        return out.length;
      },
    };
  }

  /** Ranks every match of a text (off the hub's thread on SQLite) and keeps it, bounded, under `key`. */
  private async rankText(text: string, stamp: string, key: string): Promise<Ranking> {
    const { where, textJoin, rank } = this.serviceConditions({ query: { q: text }, position: null, limit: 0 });
    const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
    const from = this.dialect === 'sqlite' ? sql`services s indexed by services_narrow` : sql`services s`;
    const query = sql<{
      seq: number;
      min_age: number | null;
      max_age: number | null;
      free: number;
    }>`select s.seq, s.min_age, s.max_age, s.free from ${from} ${textJoin ?? sql``} ${whereSql} order by ${rank!}, s.name_sort, s.id`;
    let columns: RankingColumns | undefined;
    if (this.rankingThread?.usable) {
      const compiled = query.compile(this.db);
      columns = await this.rankingThread.run(compiled.sql, compiled.parameters).catch(() => undefined);
    }
    if (!columns) {
      const rows = (await query.execute(this.db)).rows;
      columns = {
        seqs: Int32Array.from(rows, (r) => Number(r.seq)),
        minAge: Float64Array.from(rows, (r) => (r.min_age === null ? NaN : Number(r.min_age))),
        maxAge: Float64Array.from(rows, (r) => (r.max_age === null ? NaN : Number(r.max_age))),
        free: Uint8Array.from(rows, (r) => Number(r.free)),
      };
    }
    const ranking: Ranking = { stamp, ...columns };
    // Bounded: at most 64 texts and 2 million matches in all (about 40 MB).
    if (ranking.seqs.length <= 200_000) {
      this.rankings.set(key, ranking);
      let held = 0;
      for (const r of this.rankings.values()) held += r.seqs.length;
      for (const [k, r] of this.rankings) {
        if (this.rankings.size <= 64 && held <= 2_000_000) break;
        this.rankings.delete(k);
        held -= r.seqs.length;
      }
    }
    return ranking;
  }

  private readonly rankingsInFlight = new Map<string, Promise<Ranking>>();

  private readonly rankings = new Map<string, Ranking>();

  /**
   * The services with these seqs, in the same order (any no longer there left out), parsed once per services
   * stamp and shared between searches: a page of results is mostly services an earlier search already read.
   * They are frozen, so a caller that tried to change one would throw rather than change every later answer.
   */
  private async servicesInOrder(seqs: readonly number[], stamp: string): Promise<Service[]> {
    const kept = this.keptServices;
    if (kept.stamp !== stamp) {
      kept.stamp = stamp;
      kept.bySeq.clear();
    }
    const missing = seqs.filter((seq) => !kept.bySeq.has(seq));
    const read = new Map<number, Service>();
    if (missing.length) {
      const rows = await this.db.selectFrom('services').select(['seq', 'doc']).where('seq', 'in', missing).execute();
      for (const r of rows) read.set(Number(r.seq), deepFreeze(parse<Service>(r.doc)));
      // Kept only if no newer stamp was seen while reading: these rows may already be the newer documents.
      if (kept.stamp === stamp) {
        for (const [seq, service] of read) kept.bySeq.set(seq, service);
        for (const seq of kept.bySeq.keys()) {
          if (kept.bySeq.size <= KEPT_SERVICES) break;
          kept.bySeq.delete(seq);
        }
      }
    }
    const out: Service[] = [];
    for (const seq of seqs) {
      const service = read.get(seq) ?? kept.bySeq.get(seq);
      if (service) out.push(service);
    }
    return out;
  }

  private readonly keptServices = { stamp: '', bySeq: new Map<number, Service>() };

  private async searchByDistance(
    search: ServiceSearch,
    lat: number,
    lng: number,
    stamp: string,
  ): Promise<ServiceSearchResult> {
    const { where, textJoin } = this.serviceConditions(search);
    const max = search.query.radiusKm ?? Infinity;
    if (search.position && 'u' in search.position)
      return this.searchUnlocated(search, search.position.u, search.limit, stamp);
    const after = search.position && 'd' in search.position ? search.position : null;
    // Grow a box around the point until it holds a full page: nearby searches touch few rows.
    let radius = Math.min(max, 5);
    for (;;) {
      const conds = [...where];
      const whole = radius >= 5000;
      if (!whole) {
        const dLat = radius / KM_PER_DEG_LAT;
        const dLng = radius / (KM_PER_DEG_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
        conds.push(
          sql`l.lat between ${lat - dLat} and ${lat + dLat} and l.lng between ${lng - dLng} and ${lng + dLng}`,
        );
      }
      const whereSql = conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;
      const rows = (
        await sql<{
          seq: number;
          id: string;
          lat: number;
          lng: number;
        }>`select s.seq, s.id, l.lat, l.lng from service_locations l join services s on s.seq = l.service_seq ${textJoin ?? sql``} ${whereSql}`.execute(
          this.db,
        )
      ).rows;
      const best = new Map<number, { id: string; d: number }>();
      for (const r of rows) {
        const d = distanceKm(lat, lng, r.lat, r.lng);
        const cur = best.get(r.seq);
        if (!cur || d < cur.d) best.set(r.seq, { id: r.id, d });
      }
      const limitD = Math.min(radius, max);
      const candidates = [...best.entries()]
        .filter(
          ([, v]) =>
            (whole || v.d <= limitD) && v.d <= max && (!after || v.d > after.d || (v.d === after.d && v.id > after.i)),
        )
        .sort((a, b) => a[1].d - b[1].d || (a[1].id < b[1].id ? -1 : 1));
      const items: ServiceSearchResult['items'] = [];
      let next: SearchPosition | null = null;
      for (let i = 0; i < candidates.length && !next; i += 50) {
        const chunk = await this.servicesInOrder(
          candidates.slice(i, i + 50).map(([seq]) => seq),
          stamp,
        );
        for (const service of chunk) {
          if (!this.accepts(service, search)) continue;
          const distance = nearestDistanceKm(service, lat, lng);
          if (distance === undefined) continue;
          if (items.length === search.limit) {
            const last = items[items.length - 1]!;
            next = { d: last.distanceKm!, i: last.service.id };
            break;
          }
          items.push({ service, distanceKm: Math.round(distance * 1000) / 1000 });
        }
      }
      if (next || whole || radius >= max) {
        if (next) {
          // The cursor keeps the exact distance, not the rounded one shown.
          const last = items[items.length - 1]!;
          next = { d: best.get(candidates.find(([, v]) => v.id === last.service.id)![0])!.d, i: last.service.id };
        } else if (search.query.radiusKm === undefined) {
          // Without a radius every matching service is listed, as matchesServiceFilters would: those without a
          // map position come last, by name.
          const rest = await this.searchUnlocated(search, 0, search.limit - items.length, stamp);
          items.push(...rest.items);
          next = rest.next;
        }
        let total: number | undefined;
        if (search.withTotal) total = await this.countByDistance(search, lat, lng, stamp);
        return { items, next, ...(total !== undefined ? { total } : {}) };
      }
      radius = Math.min(max, radius * 4);
    }
  }

  /** Services with no map position that match, by name, from `offset`; `room` of them, and whether more follow. */
  private async searchUnlocated(
    search: ServiceSearch,
    offset: number,
    room: number,
    stamp: string,
  ): Promise<ServiceSearchResult> {
    const { where, textJoin } = this.serviceConditions(search);
    const conds = [...where, sql`not exists (select 1 from service_locations l where l.service_seq = s.seq)`];
    const items: ServiceSearchResult['items'] = [];
    let position = offset;
    for (;;) {
      const seqs = (
        await sql<{
          seq: number;
        }>`select s.seq from services s ${textJoin ?? sql``} where ${sql.join(conds, sql` and `)} order by s.name_sort, s.seq limit 200 offset ${position}`.execute(
          this.db,
        )
      ).rows.map((r) => Number(r.seq));
      const found = await this.servicesInOrder(seqs, stamp);
      for (let i = 0; i < found.length; i++) {
        const service = found[i]!;
        if (!this.accepts(service, search)) continue;
        if (items.length >= room) return { items, next: { u: position + i } };
        items.push({ service });
      }
      if (seqs.length < 200) return { items, next: null };
      position += seqs.length;
    }
  }

  private async countByDistance(search: ServiceSearch, lat: number, lng: number, stamp: string): Promise<number> {
    let n = 0;
    let position: SearchPosition | null = null;
    for (;;) {
      const page: ServiceSearchResult = await this.searchByDistance(
        { ...search, withTotal: false, position, limit: 100 },
        lat,
        lng,
        stamp,
      );
      n += page.items.length;
      if (!page.next) return n;
      position = page.next;
    }
  }
}
