import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { HandoverSchema, ProblemSchema, type Handover, type Problem, type Role, type User } from '@c2c/schema';
import { createHub, createLogger, type Hub, type LogEntry, type Logger } from '../src/index.js';

/** A database to run a suite against: SQLite in a temp dir always, PostgreSQL when C2C_TEST_DATABASE_URL is set. */
export interface Target {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database URL. */
  create(): Promise<string>;
  /** Removes everything `create` made. */
  dispose(): Promise<void>;
}

export function targets(): Array<() => Target> {
  const list: Array<() => Target> = [sqliteTarget];
  // Registered only when a server is given, so a run without PostgreSQL has no PostgreSQL tests at all.
  if (process.env.C2C_TEST_DATABASE_URL) list.push(() => postgresTarget(process.env.C2C_TEST_DATABASE_URL!));
  return list;
}

function sqliteTarget(): Target {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-test-'));
      dirs.push(dir);
      return `sqlite:${join(dir, 'hub.sqlite')}`;
    },
    async dispose() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Each suite gets its own PostgreSQL schema, selected through the connection's search_path. */
function postgresTarget(base: string): Target {
  const schemas: string[] = [];
  const admin = () => new pg.Client({ connectionString: base });
  return {
    name: 'postgres',
    async create() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const client = admin();
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      schemas.push(schema);
      const url = new URL(base);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    async dispose() {
      const client = admin();
      await client.connect();
      for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
      await client.end();
    },
  };
}

/** A logger that keeps every line, so tests can check what would have been written. */
export function captureLogger(level: 'debug' | 'info' | 'warn' = 'info') {
  const lines: Array<LogEntry & { time: string }> = [];
  return { lines, logger: createLogger(level, (e) => lines.push(e)) };
}

export const bearer = (userId: string) => ({ authorization: `Bearer demo_${userId}` });

/** A synthetic member of staff of `organisationId`, enabled, for tests that put users straight into a store. */
export function staffUser(id: string, role: Exclude<Role, 'parent'>, name: string, organisationId = 'pri-test'): User {
  return {
    id,
    name,
    email: `${id}@${organisationId}.example.org`,
    role,
    organisationId,
    learnerIds: [],
    disabled: false,
  };
}

/**
 * The body of `POST /v1/learners` for a synthetic pupil of `organisationId` with nothing of note recorded;
 * `extra` overrides any field.
 */
export function newLearner(
  extra: Record<string, unknown> = {},
  organisationId = 'pri-millbrook',
): Record<string, unknown> {
  return {
    legalForename: 'Test',
    legalSurname: 'Pupil',
    dateOfBirth: '2015-01-10',
    sex: 'F',
    senStatus: 'none',
    senNeeds: [],
    eal: false,
    lookedAfter: false,
    previouslyLookedAfter: false,
    freeSchoolMeals: false,
    pupilPremium: false,
    contacts: [],
    organisationId,
    ...extra,
  };
}

/** A request a test sends: who sends it (by their demo key), a JSON body or raw text, and any other headers. */
export interface CallOptions {
  as?: string;
  body?: unknown;
  /** Sent as it is, in place of `body`, for bodies that are not JSON or not well-formed. */
  raw?: string;
  headers?: Record<string, string>;
}

/** A hub's answer to a test's request, its body parsed as JSON (`{}` when empty). */
export interface CallResult {
  status: number;
  headers: Headers;
  json: unknown;
}

/**
 * A function that sends a request to the hub `hub()` answers at the time of the call, as suites open theirs in
 * `before`; a JSON body gets its content type unless the caller gave one.
 */
export function hubCaller(hub: () => Hub) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...(options.as ? bearer(options.as) : {}), ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await hub().app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : {};
    return { status: res.status, headers: res.headers, json };
  };
}

/** A hub on `databaseUrl` with the synthetic demo data, no rate limit, and its clock on 2 March 2026. */
export function seededHub(databaseUrl: string, logger: Logger): Promise<Hub> {
  return createHub({ databaseUrl, seed: true, logger, rateLimitPerMinute: 0, now: new Date('2026-03-02T10:00:00Z') });
}

/** Closes a hub from {@link seededHub} and removes its database. */
export async function closeHub(hub: Hub, target: Target): Promise<void> {
  await hub.close();
  await target.dispose();
}

/**
 * `value` as a JSON object whose fields are still `unknown`, failing the test when it is not one. For answers with
 * no shared schema to parse them by (a problem's extra fields, an OpenAPI document); read the rest by their schema.
 */
export function record(value: unknown, what = 'the answer'): Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is a JSON object`);
  return value as Record<string, unknown>;
}

/** `value` as a JSON array of still-`unknown` items, failing the test when it is not one. */
export function jsonArray(value: unknown, what = 'the answer'): unknown[] {
  assert.ok(Array.isArray(value), `${what} is a JSON array`);
  return value as unknown[];
}

/** A `409 version_conflict` answer: the problem, with the server's current copy of the handover it carries. */
export function versionConflict(body: unknown): Problem & { current: Handover } {
  const problem = ProblemSchema.parse(body);
  return { ...problem, current: HandoverSchema.parse(problem.current) };
}
