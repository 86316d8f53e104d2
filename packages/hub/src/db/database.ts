import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Generated,
  type Migration,
  type MigrationProvider,
} from 'kysely';

/** A UK postcode as the hub compares them: upper case, no spaces; `outward` is the part before the last three. */
export function postcodeKey(postcode: string | undefined | null): { postcode: string; outward: string } | null {
  const p = (postcode ?? '').replace(/\s+/g, '').toUpperCase();
  return /^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$/.test(p) ? { postcode: p, outward: p.slice(0, -3) } : null;
}

/** The `service_locations` rows of a service's venues: those with coordinates, with their postcode if valid. */
export function locationRows(
  serviceSeq: number,
  locations: ReadonlyArray<{ latitude?: number; longitude?: number; address?: { postcode?: string } }>,
): Tables['service_locations'][] {
  return locations
    .filter((l) => l.latitude !== undefined && l.longitude !== undefined)
    .map((l) => {
      const key = postcodeKey(l.address?.postcode);
      return {
        service_seq: serviceSeq,
        lat: l.latitude!,
        lng: l.longitude!,
        postcode: key?.postcode ?? null,
        outward: key?.outward ?? null,
      };
    });
}

/**
 * Row shapes of the hub's tables. Documents (a handover, a service) are stored whole as JSON text, typed by the
 * @c2c/schema schemas when read; the other columns exist so filters can use indexes. Booleans are 0/1 integers
 * and timestamps ISO 8601 UTC text in both dialects, so one code path serves SQLite and PostgreSQL.
 */
export interface Tables {
  settings: { key: string; value: string };
  organisations: { id: string; name: string; doc: string };
  users: { id: string; organisation_id: string; role: string; disabled: number; doc: string };
  learners: { id: string; organisation_id: string; search: string; doc: string };
  handovers: {
    id: string;
    learner_id: string;
    sending_organisation_id: string;
    receiving_organisation_id: string | null;
    status: string;
    transition: string;
    version: number;
    created_at: string;
    updated_at: string;
    doc: string;
  };
  handover_versions: {
    handover_id: string;
    version: number;
    status: string;
    changed_at: string;
    changed_by: string;
    sections: string;
    /** What the version changed: a `VersionChange` (version-change.ts). */
    change: string;
    /** On an acknowledgement's version: the version the receiving school read and acknowledged. */
    acknowledges: number | null;
  };
  services: {
    seq: Generated<number>;
    id: string;
    name_sort: string;
    search_text: string;
    min_age: number | null;
    max_age: number | null;
    free: number;
    doc: string;
  };
  /** One row per venue with coordinates; `postcode` (no spaces, upper case) and its `outward` part when known. */
  service_locations: {
    service_seq: number;
    lat: number;
    lng: number;
    postcode: string | null;
    outward: string | null;
  };
  service_terms: { service_seq: number; term: string };
  taxonomy_terms: { id: string; doc: string };
  pathway_events: { id: string; learner_id: string; organisation_id: string | null; date: string; doc: string };
  signposting: {
    id: string;
    organisation_id: string;
    learner_id: string | null;
    consent: number;
    created_at: string;
    doc: string;
  };
  audit: {
    id: Generated<number>;
    at: string;
    user_id: string;
    role: string;
    organisation_id: string;
    action: string;
    resource: string;
    resource_id: string;
    learner_id: string | null;
  };
  tokens: { hash: string; user_id: string; kind: string; expires_at: string; created_at: string };
  idempotency: {
    scope: string;
    key: string;
    request_hash: string;
    state: string;
    status: number | null;
    body: string | null;
    created_at: string;
  };
  /** Requests each hub instance has counted per rate-limit key (a hash), so instances drain each other's buckets. */
  rate_usage: { key: string; instance: string; count: number | string; seen_at: number | string };
}

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the query builder plus what differs between dialects. */
export interface Connection {
  db: Kysely<Tables>;
  dialect: Dialect;
  /** A description safe to log (no password). */
  description: string;
  /** The file of an SQLite database (not in memory), for a second, read-only connection. */
  sqliteFile?: string;
}

/** Where the hub keeps its data when `DATABASE_URL` is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/c2c-hub.sqlite';

/** Query parameters of a PostgreSQL URL that carry a secret: node-postgres takes `password` from the query too. */
const SECRET_PARAMS = ['password', 'sslpassword'];

/**
 * A PostgreSQL URL with its secrets masked, for logs and messages: the password in the address, and the
 * `password` parameter (which node-postgres honours just as well) and libpq's `sslpassword`.
 */
function loggableUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const name of SECRET_PARAMS) if (u.searchParams.has(name)) u.searchParams.set(name, '***');
    return u.href;
  } catch {
    // Not a URL this can read: say only what kind of database it is.
    return `${url.split(':')[0]}://***`;
  }
}

/**
 * Opens the database named by a `DATABASE_URL`: `sqlite:<path>`, `sqlite::memory:` or `postgres://...`.
 * SQLite runs in WAL mode with `synchronous=NORMAL`: a committed transaction survives the process being
 * killed (only a power cut can lose the last commits), which is the guarantee the hub promises.
 */
export function openDatabase(url: string, onIdleError: (error: Error) => void = () => undefined): Connection {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // A pooled connection the server ends while it is idle (a restart, a failover, a proxy's idle timeout) makes the
    // pool emit 'error', and an 'error' nobody listens for ends the process: every instance on the database at once.
    // The pool has already dropped that connection and the next query opens another, so it is only reported.
    pool.on('error', (error) => onIdleError(error));
    const safe = loggableUrl(url);
    return {
      db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      description: safe,
    };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const memory = path === ':memory:' || path === '';
    if (!memory) {
      // Every child's record is in this file: only the hub's account may read it, whatever the umask. A new
      // file is made owner-only before SQLite opens it, and SQLite gives its -wal and -shm files the database
      // file's own mode. Existing files and directories keep the mode their operator chose.
      mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
    }
    const database = new SqliteDatabase(memory ? ':memory:' : path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    return {
      db: new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }),
      dialect: 'sqlite',
      description: memory ? 'sqlite::memory:' : `sqlite:${path}`,
      ...(memory ? {} : { sqliteFile: resolve(path) }),
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:...").`);
}

/**
 * Kysely prepares every query afresh; preparing is a measurable share of a short request, so prepared
 * statements are kept by their SQL text (Kysely runs one query at a time on this connection, so sharing is safe).
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (source: string) => {
          let statement = cache.get(source);
          if (!statement) {
            statement = prepare(source);
            if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
            cache.set(source, statement);
          }
          return statement;
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Fields that hold one line (names, a postcode): tabs and line breaks are refused there too. */
const ONE_LINE_FIELDS = new Set([
  'name',
  'legalForename',
  'legalSurname',
  'preferredForename',
  'preferredSurname',
  'gender',
  'firstLanguage',
  'relationship',
  'postcode',
]);

/**
 * A stored JSON document with each control character in its strings made a space (tabs and line breaks too in
 * {@link ONE_LINE_FIELDS}), as the schemas now require; everything else as it was.
 */
function withoutControlCharacters(value: unknown, key = ''): unknown {
  if (typeof value === 'string')
    return ONE_LINE_FIELDS.has(key)
      ? value.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ')
      : value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, ' ');
  if (Array.isArray(value)) return value.map((v) => withoutControlCharacters(v, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControlCharacters(v, k)]));
  return value;
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const pg = dialect === 'postgres';
  return {
    '001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('organisations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('users_org').on('users').columns(['organisation_id']).execute();
        await db.schema
          .createTable('learners')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('search', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('learners_org').on('learners').columns(['organisation_id', 'id']).execute();
        await db.schema
          .createTable('handovers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('learner_id', 'text', (c) => c.notNull())
          .addColumn('sending_organisation_id', 'text', (c) => c.notNull())
          .addColumn('receiving_organisation_id', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('transition', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('handovers_sent')
          .on('handovers')
          .columns(['sending_organisation_id', 'created_at', 'id'])
          .execute();
        await db.schema
          .createIndex('handovers_received')
          .on('handovers')
          .columns(['receiving_organisation_id', 'status', 'created_at'])
          .execute();
        await db.schema.createIndex('handovers_learner').on('handovers').columns(['learner_id']).execute();
        await db.schema
          .createTable('handover_versions')
          .addColumn('handover_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .addColumn('changed_by', 'text', (c) => c.notNull())
          .addColumn('sections', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('handover_versions_pk', ['handover_id', 'version'])
          .execute();
        await db.schema
          .createTable('services')
          .addColumn('seq', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('name_sort', 'text', (c) => c.notNull())
          .addColumn('search_text', 'text', (c) => c.notNull())
          .addColumn('min_age', 'real')
          .addColumn('max_age', 'real')
          .addColumn('free', 'integer', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('services_name').on('services').columns(['name_sort', 'id']).execute();
        await db.schema.createIndex('services_age').on('services').columns(['min_age', 'max_age']).execute();
        await db.schema
          .createTable('service_locations')
          .addColumn('service_seq', 'integer', (c) => c.notNull())
          .addColumn('lat', 'real', (c) => c.notNull())
          .addColumn('lng', 'real', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('service_locations_lat')
          .on('service_locations')
          .columns(['lat', 'lng', 'service_seq'])
          .execute();
        await db.schema.createIndex('service_locations_seq').on('service_locations').columns(['service_seq']).execute();
        await db.schema
          .createTable('service_terms')
          .addColumn('service_seq', 'integer', (c) => c.notNull())
          .addColumn('term', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('service_terms_term')
          .on('service_terms')
          .columns(['term', 'service_seq'])
          .execute();
        await db.schema.createIndex('service_terms_seq').on('service_terms').columns(['service_seq']).execute();
        if (pg) {
          await sql`alter table services add column search_tsv tsvector generated always as (to_tsvector('simple', search_text)) stored`.execute(
            db,
          );
          await sql`create index services_search on services using gin (search_tsv)`.execute(db);
        } else {
          // A separate full-text index; its rowid is services.seq.
          await sql`create virtual table services_fts using fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
            db,
          );
        }
        await db.schema
          .createTable('taxonomy_terms')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('pathway_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('learner_id', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text')
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('pathway_events_learner')
          .on('pathway_events')
          .columns(['learner_id', 'date'])
          .execute();
        await db.schema
          .createTable('signposting')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('learner_id', 'text')
          .addColumn('consent', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('signposting_org')
          .on('signposting')
          .columns(['organisation_id', 'created_at', 'id'])
          .execute();
        await db.schema
          .createIndex('signposting_learner')
          .on('signposting')
          .columns(['learner_id', 'organisation_id'])
          .execute();
        await db.schema
          .createTable('audit')
          .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('resource', 'text', (c) => c.notNull())
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('learner_id', 'text')
          .execute();
        await db.schema.createIndex('audit_org').on('audit').columns(['organisation_id', 'id']).execute();
        await db.schema.createIndex('audit_learner').on('audit').columns(['learner_id', 'id']).execute();
        await db.schema
          .createTable('tokens')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('tokens_user').on('tokens').columns(['user_id']).execute();
        await db.schema
          .createTable('idempotency')
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('status', 'integer')
          .addColumn('body', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'key'])
          .execute();
        await db.schema.createIndex('idempotency_created').on('idempotency').columns(['created_at']).execute();
      },
    },
    // ORUK's `proximity` is measured from a postcode: venues' postcodes place it without an outside geocoder.
    '002-location-postcodes': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('service_locations').addColumn('postcode', 'text').execute();
        await db.schema.alterTable('service_locations').addColumn('outward', 'text').execute();
        await db.schema
          .createIndex('service_locations_postcode')
          .on('service_locations')
          .columns(['postcode'])
          .execute();
        await db.schema.createIndex('service_locations_outward').on('service_locations').columns(['outward']).execute();
        // Rebuild the rows of services stored before, from their documents, a batch at a time.
        for (let after = 0; ;) {
          const { rows } = await sql<{ seq: number; doc: string }>`
            select seq, doc from services where seq > ${after} order by seq limit 2000`.execute(db);
          if (!rows.length) break;
          after = Number(rows[rows.length - 1]!.seq);
          const seqs = rows.map((r) => Number(r.seq));
          await sql`delete from service_locations where service_seq in (${sql.join(seqs)})`.execute(db);
          const values = rows.flatMap((r) =>
            locationRows(Number(r.seq), (JSON.parse(r.doc) as { locations?: [] }).locations ?? []),
          );
          for (let i = 0; i < values.length; i += 500)
            await sql`insert into service_locations (service_seq, lat, lng, postcode, outward) values ${sql.join(
              values
                .slice(i, i + 500)
                .map((v) => sql`(${v.service_seq}, ${v.lat}, ${v.lng}, ${v.postcode}, ${v.outward})`),
            )}`.execute(db);
        }
      },
    },
    // A text search joins every full-text match to its service for the age and cost filters and the name order.
    // Reading those from the table means reading each service's whole row (its document too): 40 ms for a word
    // in 15% of 100,000 services. This index holds just those columns, keyed by seq, so the join never touches
    // the documents (10 ms). SQLite only: PostgreSQL plans this search from its GIN index on the tsvector.
    '003-services-narrow-index': {
      async up(db: Kysely<unknown>) {
        if (pg) return;
        await db.schema
          .createIndex('services_narrow')
          .on('services')
          .columns(['seq', 'min_age', 'max_age', 'free', 'name_sort', 'id'])
          .execute();
      },
    },
    // Rate limits hold across instances: each adds its counts here and subtracts the others' from its buckets.
    '004-rate-usage': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('rate_usage')
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('instance', 'text', (c) => c.notNull())
          .addColumn('count', 'bigint', (c) => c.notNull())
          .addColumn('seen_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('rate_usage_pk', ['key', 'instance'])
          .execute();
        await db.schema.createIndex('rate_usage_seen').on('rate_usage').columns(['seen_at']).execute();
      },
    },
    // The schemas refuse control characters in text (tabs and line breaks only where text may run over lines,
    // never in a name). The hub checks every answer against its schema, so a record stored before would make
    // each read of it fail: such characters become spaces, in the documents and in the columns copied from them.
    '005-no-control-characters': {
      async up(db: Kysely<unknown>) {
        /** How many records of each table were rewritten: the run's audit line holds these counts, nothing else. */
        const changed: Record<string, number> = {};
        const tables = [
          ['organisations', 'id', 'doc'],
          ['users', 'id', 'doc'],
          ['learners', 'id', 'doc'],
          ['handovers', 'id', 'doc'],
          ['pathway_events', 'id', 'doc'],
          ['signposting', 'id', 'doc'],
        ] as const;
        for (const [table, key, column] of tables)
          for (let after = ''; ;) {
            const { rows } = await sql<{ id: string; doc: string }>`
              select ${sql.ref(key)} as id, ${sql.ref(column)} as doc from ${sql.table(table)}
              where ${sql.ref(key)} > ${after} order by ${sql.ref(key)} limit 1000`.execute(db);
            if (!rows.length) break;
            after = rows[rows.length - 1]!.id;
            for (const row of rows) {
              const doc = withoutControlCharacters(JSON.parse(row.doc));
              const text = JSON.stringify(doc);
              if (text === row.doc) continue;
              changed[table] = (changed[table] ?? 0) + 1;
              if (table === 'organisations')
                await sql`update organisations set doc = ${text}, name = ${(doc as { name: string }).name} where id = ${row.id}`.execute(
                  db,
                );
              else
                await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${text} where ${sql.ref(key)} = ${row.id}`.execute(
                  db,
                );
            }
          }
        // A handover version keeps its answers as they were sent: the same cleaning, keyed by handover and version.
        for (let after = { id: '', v: 0 }; ;) {
          const { rows } = await sql<{ handover_id: string; version: number; sections: string }>`
            select handover_id, version, sections from handover_versions
            where handover_id > ${after.id} or (handover_id = ${after.id} and version > ${after.v})
            order by handover_id, version limit 1000`.execute(db);
          if (!rows.length) break;
          const last = rows[rows.length - 1]!;
          after = { id: last.handover_id, v: Number(last.version) };
          for (const row of rows) {
            const text = JSON.stringify(withoutControlCharacters(JSON.parse(row.sections)));
            if (text === row.sections) continue;
            changed.handover_versions = (changed.handover_versions ?? 0) + 1;
            await sql`update handover_versions set sections = ${text}
                where handover_id = ${row.handover_id} and version = ${row.version}`.execute(db);
          }
        }
        // Records were rewritten without a person asking: one line says so, in the migration's transaction, with
        // the number of records per table (never an id or a learner, so it is about no one). User `migration`,
        // role `system`, in the hub's own organisation (`HUB_ORGANISATION`), as the ORUK import's lines are.
        const counts = Object.entries(changed).map(([table, n]) => `${table}:${n}`);
        if (counts.length)
          await sql`insert into audit (at, user_id, role, organisation_id, action, resource, resource_id, learner_id)
            values (${new Date().toISOString()}, 'migration', 'system', '_hub', 'update',
              'migration:005-no-control-characters', ${counts.join(',')}, null)`.execute(db);
      },
    },
    // Lists are paged by text keys (ids, names, ISO times) and ordered by them in SQL. SQLite compares text byte by
    // byte; PostgreSQL by the database's collation, which on most servers is a locale's (en_GB.UTF-8, ICU), where
    // case and signs such as "-" and "_" sort otherwise, so the same request listed in another order on each. The
    // "C" collation is byte order, as SQLite's. Pages stay consistent either way (order and cursor compare in the
    // same collation); this makes them the same on both. Only the collation changes: no table is rewritten, and
    // the indexes on these columns are rebuilt with it.
    '006-byte-order-keys': {
      async up(db: Kysely<unknown>) {
        if (!pg) return;
        const columns = [
          ['organisations', 'id'],
          ['users', 'id'],
          ['learners', 'id'],
          ['handovers', 'id'],
          ['handovers', 'created_at'],
          ['handover_versions', 'handover_id'],
          ['services', 'id'],
          ['services', 'name_sort'],
          ['taxonomy_terms', 'id'],
          ['pathway_events', 'id'],
          ['pathway_events', 'date'],
          ['signposting', 'id'],
          ['signposting', 'created_at'],
        ] as const;
        for (const [table, column] of columns)
          await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
      },
    },
    // An acknowledgement is refused only when what the receiving school read has changed since, not when a message
    // was added: each version says what it changed (version-change.ts). Versions saved before cannot be told apart
    // (only their answers were kept), so each counts as a change to the content, as every version did until now: an
    // acknowledgement naming a version older than one of them is refused, as it was. An acknowledgement's version also
    // records which version it acknowledged, as that can now be an earlier one than the version before it.
    '007-version-changes': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('handover_versions')
          .addColumn('change', 'text', (c) => c.notNull().defaultTo('content'))
          .execute();
        await db.schema.alterTable('handover_versions').addColumn('acknowledges', 'integer').execute();
      },
    },
  };
}

/** Brings the database up to the latest schema. Safe to run on every start and from several instances. */
export async function migrateToLatest(conn: Connection, target?: string): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(conn.dialect) };
  // On PostgreSQL the migration tables live in the connection's current schema (search_path), like the rest.
  const schema =
    conn.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(conn.db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: conn.db,
    provider,
    migrationTableName: 'c2c_migrations',
    migrationLockTableName: 'c2c_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // A named target is for tests of a migration's data changes: a database left at an earlier version.
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
