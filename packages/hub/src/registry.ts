import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import {
  IDEMPOTENCY_KEY,
  ProblemSchema,
  toFieldIssues,
  type FieldIssue,
  type OrganisationRecord,
  type Strand,
  type User,
  MilestoneWithStateSchema,
} from '@c2c/schema';
import { jsonSchemaCatalogue } from '@c2c/schema/json-schema';
import { LearnerCreateSchema, ServiceResultSchema, TokenCreatedSchema } from './api-schemas.js';
import { HttpProblem, PROBLEM_STATUS } from './problem.js';
import { toNfc } from './nfc.js';
import { handoverAudit, isDsl, pathwayAudit } from './access.js';
import { canonicalJson, sha256, type CursorCodec } from './cursor.js';
import { errorFields, issueSummary, type Logger } from './logger.js';
import type { RetentionPolicy } from './retention.js';
import type { AuditInput, Store } from './store.js';

/** Who is calling, once their bearer token has been checked. */
export interface Caller {
  user: User;
  organisation: OrganisationRecord;
  tokenKind: 'api-key' | 'session';
  tokenHash: string;
}

/** What every handler can reach: the store, the clock, the logger, the cursor signer and the hub's settings. */
export interface HubServices {
  store: Store;
  logger: Logger;
  cursors: CursorCodec;
  now(): Date;
  /** The hub's retention periods, which apply wherever an organisation has not chosen its own. */
  retention: RetentionPolicy;
  /** Whether the hub is reachable only through its own proxy, whose `X-Forwarded-*` headers it may believe. */
  trustProxy: boolean;
}

export type HubEnv = {
  Variables: {
    requestId: string;
    route: string;
    caller: Caller | null;
    /**
     * The learner the request turned out to be about, once a handler knows (null until then): a refusal after
     * that point is audited against them, so their school finds it when it asks who tried to reach the child.
     */
    learnerId: string | null;
  };
};

type Schema = z.ZodMiniType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/** What a handler receives: validated params, query and body, and the caller (null on public routes). */
export interface HandlerContext<P, Q, B> {
  c: Context<HubEnv>;
  hub: HubServices;
  params: P;
  query: Q;
  body: B;
  caller: Caller | null;
  requestId: string;
}

/** What a handler returns; the registry validates `body` against the route's response schema for `status`. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Receives the body once it has been checked and serialised, so a handler can cache the text. */
  keepText?: (text: string) => void;
  /** A body already checked and serialised by an earlier reply (via `keepText`); sent as it is. */
  text?: string;
  /**
   * The page's `data` as item texts from {@link checkedItemText} (each already checked against the item
   * schema): the registry checks `body` with an empty `data` against the route's schema, then sends the texts
   * as the page's items.
   */
  dataTexts?: readonly string[];
}

const itemTexts = new WeakMap<Schema, WeakMap<object, string>>();

/**
 * `item` checked against `schema` and serialised, once per object: for records a handler keeps between
 * requests, frozen so that nothing can change them after the check. A failed check is logged (paths and codes
 * only) and ends the request as any response that fails its schema does.
 */
export function checkedItemText(
  ctx: Pick<HandlerContext<unknown, unknown, unknown>, 'hub' | 'requestId' | 'c'>,
  schema: Schema,
  item: object,
): string {
  let texts = itemTexts.get(schema);
  if (!texts) itemTexts.set(schema, (texts = new WeakMap()));
  let text = texts.get(item);
  if (text === undefined) {
    mustMatch(ctx.hub, ctx.requestId, ctx.c.get('route') ?? 'unknown', schema, item);
    text = JSON.stringify(item);
    if (Object.isFrozen(item)) texts.set(item, text);
  }
  return text;
}

/** Checks an answer against its schema; a mismatch is a bug in the hub, logged without values. */
function mustMatch(hub: HubServices, requestId: string, route: string, schema: Schema, value: unknown): void {
  const checked = schema.safeParse(value);
  if (checked.success) return;
  // Paths and codes only: the values could be personal data.
  hub.logger.error('response failed its schema', {
    requestId,
    route,
    issues: issueSummary(checked.error.issues),
  });
  throw new HttpProblem(
    'internal_error',
    'The hub produced an answer it should not have. The problem has been logged.',
  );
}

/**
 * One route: method, path and the @c2c/schema schemas of its parts. The registry is the single source of
 * truth: it validates requests and responses with these schemas and writes the OpenAPI document from them.
 */
export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono path, e.g. `/v1/handovers/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `token`: a bearer token is required. `public`: open data, no token needed. */
  auth: 'token' | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out entirely (`POST .../submit`). */
  bodyOptional?: boolean;
  /**
   * A POST that only reads (a search sent in the body to keep what was typed out of URLs). It changes nothing,
   * so it needs no Idempotency-Key, and one sent is ignored: a stored replay would keep its answer (personal
   * data) for a day.
   */
  readOnly?: boolean;
  /**
   * The answer carries a secret that is shown once and stored nowhere (`POST /v1/tokens`): with an
   * Idempotency-Key the request still happens once, but the store keeps this sentence instead of the answer, and
   * a retry with the key gets it as `409 invalid_state`. A stored replay would keep a live credential in the
   * database for a day, next to tokens kept only as hashes.
   */
  shownOnce?: string;
  /**
   * The audit lines for this route's answer handed out again to an Idempotency-Key retry: the record it carries
   * (a learner, a signposting record) leaves the hub a second time, so it is a read like any other.
   */
  replayRead?: (caller: Caller, at: Date, answer: unknown) => AuditInput[];
  /**
   * Whether the record this route's stored answer carries is still held. A record deleted since (a family's
   * consent withdrawn, a learner erased) is not handed out again to an Idempotency-Key retry, which gets
   * `409 invalid_state` instead: the stored answer would otherwise give back, for up to a day, what was deleted.
   */
  replayHeld?: (hub: HubServices, answer: unknown) => Promise<boolean>;
  /**
   * The route's access check, as its handler makes it (the handler calls the same function): throws the problem a
   * request refused now gets, 403 or 404, and writes the audit line the refusal does. Required of every route that
   * honours an Idempotency-Key, and run again before a stored answer is replayed: the caller may have lost the
   * right since the first request (a DSL stepped down, a user moved to another organisation), and a replay must
   * not hand them, for up to a day, what a new request would refuse.
   */
  authorise?: (ctx: HandlerContext<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>;
  /** Extra request headers to document, e.g. `If-Match`. */
  headers?: Array<{ name: string; required: boolean; description: string }>;
  responses: Record<number, { description: string; schema: Schema | null }>;
  handler(ctx: HandlerContext<Out<P>, Out<Q>, Out<B>>): Promise<Reply>;
}

export type AnyRoute = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** The problem code for a list of validation issues: unknown fields get their own code. */
function validationProblem(issues: FieldIssue[], where: string): HttpProblem {
  if (issues.some((i) => i.code === 'unknown_field')) {
    return new HttpProblem(
      'unknown_field',
      `The ${where} has fields the hub does not recognise. Remove them and try again.`,
      { errors: issues, status: 400 },
    );
  }
  const status = where === 'request body' ? 422 : 400;
  const first = issues[0];
  const detail =
    issues.length === 1 && first
      ? `${first.path ? `${first.path}: ` : ''}${first.message}`
      : `${issues.length} details in the ${where} need correcting. Each is listed under “errors”.`;
  return new HttpProblem('validation_failed', detail, { errors: issues, status });
}

function parseWith<S extends Schema>(schema: S, input: unknown, where: string): z.output<S> {
  // With the input in each issue, "wrong kind of value" is told apart from "missing".
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationProblem(toFieldIssues(result.error), where);
  return result.data;
}

/** The field schemas of an object schema, unwrapping optional. */
function shapeOf(schema: Schema): Record<string, Schema> {
  const def = (schema as unknown as { def: { shape?: Record<string, Schema> } }).def;
  return def.shape ?? {};
}
function baseType(schema: Schema): string {
  let s = schema as unknown as { def: { type: string; innerType?: unknown } };
  while ((s.def.type === 'optional' || s.def.type === 'nullable') && s.def.innerType) s = s.def.innerType as typeof s;
  return s.def.type;
}

/**
 * Turns query-string text into the types the query schema expects (numbers, booleans), so the same schema
 * that types the SDK's call validates the URL. Text that is not a number stays text and fails validation.
 */
export function coerceQuery(schema: Schema, raw: Record<string, string>): Record<string, unknown> {
  const shape = shapeOf(schema);
  // A parameter's name is the caller's choice: `constructor`, `toString` or `__proto__` must be looked up as the
  // schema's own fields only, and kept as a plain key, so the schema refuses (or, leniently, ignores) it as any other
  // name it does not know; read through the prototype, it was taken for a field and the request ended in a 500.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const type = field ? baseType(field) : 'string';
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) out[key] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else out[key] = value;
  }
  return out;
}

/** Whether an object schema refuses fields it does not know (the hub's own API) rather than ignoring them (ORUK). */
function refusesUnknown(schema: Schema): boolean {
  const def = (schema as unknown as { def: { catchall?: { def?: { type?: string } } } }).def;
  return def.catchall?.def?.type === 'never';
}

/**
 * Refuses a query string that gives a parameter more than once. Only the first would be read, and a proxy, a log
 * reader or a firewall rule in front of the hub may read another (HTTP parameter pollution), so a filter such as
 * `learnerId` would not mean the same thing to everyone who sees the request. No client of the hub's own API sends one
 * twice; ORUK's lenient queries keep reading the first.
 */
function refuseRepeated(schema: Schema, all: Record<string, string[]>): void {
  const shape = shapeOf(schema);
  // A name the schema does not know is refused as unknown, once or twice.
  const repeated = Object.entries(all)
    .filter(([name, values]) => values.length > 1 && Object.hasOwn(shape, name))
    .map(([name]) => name);
  if (!repeated.length) return;
  const issues: FieldIssue[] = repeated.map((path) => ({
    path,
    code: 'repeated',
    message: 'Give this parameter once.',
  }));
  throw new HttpProblem(
    'validation_failed',
    issues.length === 1
      ? `${issues[0]!.path}: Give this parameter once.`
      : `${issues.length} parameters are given more than once. Each is listed under “errors”.`,
    { errors: issues, status: 400 },
  );
}

/** Routes that honour an Idempotency-Key: writes that are not safe to repeat blindly (a read-only POST is). */
const keyed = (route: AnyRoute) => (route.method === 'post' && !route.readOnly) || route.method === 'delete';
const DAY_MS = 86_400_000;

/** Sends a problem+json response. */
export function problemResponse(c: Context<HubEnv>, problem: HttpProblem): Response {
  const body = problem.body(c.get('requestId') ?? 'unknown');
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    ...(problem.extra.headers ?? {}),
  };
  return c.body(JSON.stringify(body), problem.status as 400, headers);
}

/**
 * Mounts routes on the app. Each request goes: auth (for `token` routes), params, query, body (JSON only,
 * unknown fields refused), idempotency for POST, the handler, then the response is checked against its schema
 * before it leaves, so a bug cannot leak a field the contract does not allow.
 */
export function mountRoutes(
  app: Hono<HubEnv>,
  routes: AnyRoute[],
  hub: HubServices,
  authenticate: (c: Context<HubEnv>) => Promise<Caller | null>,
): void {
  let headHub: HubServices | undefined;
  for (const route of routes) {
    if (keyed(route) && route.auth === 'token' && !route.authorise)
      throw new Error(`${route.method.toUpperCase()} ${route.path} honours an Idempotency-Key, so it needs authorise.`);
    app[route.method](route.path, async (c) => {
      c.set('route', route.path);
      const caller = await authenticate(c);
      if (route.auth === 'token' && !caller) {
        throw new HttpProblem(
          'unauthenticated',
          'Sign in first: send your access token in the Authorization header as “Bearer <token>”.',
          { headers: { 'www-authenticate': 'Bearer' } },
        );
      }
      const params = route.params ? parseWith(route.params, c.req.param(), 'address') : undefined;
      if (route.query && refusesUnknown(route.query)) refuseRepeated(route.query, c.req.queries());
      const query = route.query
        ? parseWith(route.query, coerceQuery(route.query, c.req.query()), 'query string')
        : undefined;
      if (!route.query && Object.keys(c.req.query()).length > 0) {
        throw new HttpProblem(
          'unknown_field',
          'This address takes no query-string parameters. Remove them and try again.',
          { status: 400 },
        );
      }
      let rawBody = '';
      let body: unknown;
      /** The body as sent, parsed but not yet checked: what an Idempotency-Key's request is compared by. */
      let json: unknown;
      if (route.method !== 'get') {
        rawBody = await c.req.text();
        if (rawBody.trim() === '') {
          if (route.body && !route.bodyOptional)
            throw new HttpProblem('validation_failed', 'The request needs a JSON body.', {
              status: 422,
              errors: [{ path: '', code: 'required', message: 'Send the record as JSON.' }],
            });
        } else {
          const type = c.req.header('content-type') ?? '';
          if (!/^application\/(.+\+)?json\b/i.test(type))
            throw new HttpProblem(
              'unsupported_media_type',
              'Send the body as JSON, with the header Content-Type: application/json.',
            );
          // The hub decompresses nothing: a compressed body would be read as its bytes and refused as bad JSON, and
          // one that only claims to be compressed would be taken as it is, so neither says what went wrong.
          const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
          if (encoding && encoding !== 'identity')
            throw new HttpProblem(
              'unsupported_media_type',
              'Send the body uncompressed: the hub does not accept a Content-Encoding such as gzip.',
              { headers: { 'accept-encoding': 'identity' } },
            );
          try {
            body = JSON.parse(rawBody);
          } catch {
            throw new HttpProblem(
              'malformed_json',
              'The body is not valid JSON. Check for a missing comma, quote or bracket.',
            );
          }
          // In NFC before anything reads it, the Idempotency-Key's comparison included: see nfc.ts.
          body = toNfc(body);
          json = body;
          if (!route.body)
            throw new HttpProblem('unknown_field', 'This request takes no body. Remove it and try again.', {
              status: 400,
            });
        }
        if (route.body && body !== undefined) body = parseWith(route.body, body, 'request body');
      }
      const ctx = {
        c,
        hub: c.req.method === 'HEAD' ? (headHub ??= headServices(hub)) : hub,
        params,
        query,
        body,
        caller,
        requestId: c.get('requestId'),
      } as HandlerContext<never, never, never>;

      // A write that a lost answer makes the client retry: a POST creates twice without this, and a DELETE would
      // answer its retry with 404 although it worked.
      const key = keyed(route) ? c.req.header('idempotency-key') : undefined;
      if (key !== undefined && caller) {
        if (!IDEMPOTENCY_KEY.test(key))
          throw new HttpProblem(
            'validation_failed',
            'The Idempotency-Key header must be 1 to 200 visible characters.',
            { status: 400 },
          );
        const now = hub.now();
        // By what the body says, not its bytes: the same object with its keys in another order, or other spacing,
        // is the same request, as Stripe compares a retry's parameters.
        const hash = sha256(`${route.method} ${c.req.path}\n${json === undefined ? '' : canonicalJson(json)}`);
        const scope = `user:${caller.user.id}`;
        const claim = await hub.store.beginIdempotent(
          scope,
          key,
          hash,
          now,
          new Date(now.getTime() - 60_000),
          new Date(now.getTime() - DAY_MS),
        );
        if (claim.state === 'mismatch')
          throw new HttpProblem(
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
          );
        if (claim.state === 'pending')
          throw new HttpProblem(
            'idempotency_in_progress',
            'The first request with this Idempotency-Key is still being processed. Wait a moment and retry.',
            { headers: { 'retry-after': '1' } },
          );
        if (claim.state === 'done') {
          // An empty answer hands nothing out, and the record a DELETE removed is gone, so there is nothing the
          // check could be run against again.
          if (claim.status === 204) return c.body(null, 204, { 'idempotent-replayed': 'true' });
          // Refused, and audited, as a new request would be when the caller has lost the right since.
          await route.authorise?.(ctx as never);
          let text = claim.body;
          const replayed = JSON.parse(text) as unknown;
          // The handover the stored answer hands out again: the answer itself, or the current copy a
          // `409 version_conflict` carries (as much a read as a GET).
          const shown =
            claim.status < 400
              ? isHandover(replayed)
                ? replayed
                : null
              : isHandover((replayed as { current?: unknown } | null)?.current)
                ? (replayed as { current: { version: number } }).current
                : null;
          if (shown) {
            // A replay hands the handover out again: audited as a read, and without a safeguarding record the
            // caller may no longer see (their role changed since the first request).
            const h = shown as unknown as { id: string; learnerId: string; safeguarding?: unknown };
            if (h.safeguarding !== undefined && !isDsl(caller)) {
              delete h.safeguarding;
              text = JSON.stringify(replayed);
            }
            await hub.store.audit(handoverAudit(caller, now, h));
          }
          // A pathway event handed out again (to a role still sent its strand, as `authorise` made sure): audited
          // as a read of the pathway.
          if (claim.status < 400 && isPathwayEvent(replayed))
            await hub.store.audit(pathwayAudit(caller, now, replayed.learnerId, 'read'));
          if (claim.status < 400 && route.replayHeld && !(await route.replayHeld(hub, replayed)))
            throw new HttpProblem(
              'invalid_state',
              'The record this request made has been deleted since, so it is not sent again. Send a new request (with a new Idempotency-Key) if it is still needed.',
            );
          if (claim.status < 400 && route.replayRead) await hub.store.audit(route.replayRead(caller, now, replayed));
          const type = claim.status >= 400 ? 'application/problem+json' : 'application/json';
          return c.body(text, claim.status as 200, {
            'content-type': type,
            'idempotent-replayed': 'true',
            ...(isHandover(replayed) ? { etag: `"${replayed.version}"` } : {}),
          });
        }
        let response: Response;
        try {
          response = await respond(c, route, ctx, hub);
        } catch (error) {
          if (error instanceof HttpProblem && error.status < 500 && error.code !== 'rate_limited') {
            await hub.store.finishIdempotent(scope, key, error.status, JSON.stringify(error.body(c.get('requestId'))));
          } else {
            await hub.store.abandonIdempotent(scope, key);
          }
          throw error;
        }
        if (response.status >= 500) {
          await hub.store.abandonIdempotent(scope, key);
          return response;
        }
        // The change is committed by now. Were storing its answer to fail and the key be given up, the caller
        // would get a 500 for a change that happened, and its retry with the key would make it again (a second
        // handover). So the answer goes out, and the key stays claimed: a retry within the minute a claim is
        // held gets 409 idempotency_in_progress (see Store.beginIdempotent for what happens after).
        try {
          if (route.shownOnce && response.status < 400) {
            const kept = new HttpProblem('invalid_state', route.shownOnce);
            await hub.store.finishIdempotent(scope, key, kept.status, JSON.stringify(kept.body(c.get('requestId'))));
          } else await hub.store.finishIdempotent(scope, key, response.status, await response.clone().text());
        } catch (error) {
          hub.logger.warn('could not store the answer to an idempotent request', {
            requestId: ctx.requestId,
            route: route.path,
            ...errorFields(error),
          });
        }
        return response;
      }
      return respond(c, route, ctx, hub);
    });
  }
}

/**
 * What a HEAD request's handler is given. Hono answers a HEAD with its GET handler and drops the body, so the
 * handler runs in full; but no record leaves the hub, and the audit log is the trail of who saw what, so a HEAD
 * writes none of the `read` (or `read-safeguarding`, `export`) lines its GET would. A refusal is still an attempt
 * on a child's record, so its `denied` line is written, as for a GET.
 */
function headServices(hub: HubServices): HubServices {
  const store = new Proxy(hub.store, {
    get(target, key) {
      if (key === 'audit') return (entries: AuditInput[]) => target.audit(entries.filter((e) => e.action === 'denied'));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...hub, store };
}

const isPathwayEvent = (v: unknown): v is { learnerId: string; strand: Strand } =>
  typeof v === 'object' && v !== null && typeof (v as { strand?: unknown }).strand === 'string' && 'learnerId' in v;

const isHandover = (v: unknown): v is { version: number } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { version?: unknown }).version === 'number' &&
  'sendingOrganisationId' in v;

async function respond(
  c: Context<HubEnv>,
  route: AnyRoute,
  ctx: HandlerContext<never, never, never>,
  hub: HubServices,
): Promise<Response> {
  const reply = await route.handler(ctx);
  if (reply.status === 204 && route.responses[204]) return c.body(null, 204, reply.headers ?? {});
  if (reply.text !== undefined)
    return c.body(reply.text, reply.status as 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
  const spec = route.responses[reply.status];
  if (!spec) {
    hub.logger.error('response status not declared', {
      requestId: ctx.requestId,
      route: route.path,
      status: reply.status,
    });
    throw new HttpProblem(
      'internal_error',
      'The hub produced an answer it should not have. The problem has been logged.',
    );
  }
  const items = reply.dataTexts;
  const body = items ? { ...(reply.body as Record<string, unknown>), data: [] } : reply.body;
  if (spec.schema) mustMatch(hub, ctx.requestId, route.path, spec.schema, body);
  let text = JSON.stringify(body);
  if (items) {
    const { data: _d, ...rest } = body as Record<string, unknown>;
    const after = JSON.stringify(rest).slice(1);
    text = `{"data":[${items.join(',')}]${after === '}' ? '}' : `,${after}`}`;
  }
  reply.keepText?.(text);
  return c.body(text, reply.status as 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
}

// ------------------------------------------------------------------------------------------------ OpenAPI

type Io = 'input' | 'output';

/**
 * Every public schema of `@c2c/schema` (and the hub's own response shapes) under its name (`Handover`,
 * `HandoverCreate`, `Service` ...), so the document refers to one component wherever a schema appears and code
 * generators make one named type of it. Each is described in the direction it usually goes: requests as sent
 * (before defaults and trimming), answers as sent back; see {@link componentId} for the other direction.
 */
function namedSchemas() {
  const registry = z.registry<{ id: string }>();
  const hubOwn = [
    { name: 'LearnerCreate', io: 'input' as const, schema: LearnerCreateSchema },
    { name: 'ServiceResult', io: 'output' as const, schema: ServiceResultSchema },
    { name: 'MilestoneWithState', io: 'output' as const, schema: MilestoneWithStateSchema },
    { name: 'TokenCreated', io: 'output' as const, schema: TokenCreatedSchema },
  ];
  for (const entry of [...jsonSchemaCatalogue(), ...hubOwn])
    if (!registry.has(entry.schema)) {
      registry.add(entry.schema as Schema, { id: entry.name });
      usualIo.set(entry.name, entry.io);
    }
  return registry;
}

/** Whether each named schema is mostly sent (`HandoverCreate`) or received (`Handover`). */
const usualIo = new Map<string, Io>();

/** `Handover` and `HandoverCreate` as they usually go; `LearnerCoreInput` or `HandoverCreateOutput` otherwise. */
const componentId = (id: string, io: Io) =>
  io === (usualIo.get(id) ?? 'output') ? id : `${id}${io === 'input' ? 'Input' : 'Output'}`;
const componentRef = (id: string, io: Io) => `#/components/schemas/${componentId(id, io)}`;

const strip = (js: Record<string, unknown>) => {
  const { $schema: _s, id: _id, ...rest } = js;
  return rest;
};

/** The names of the components a part of the document refers to. */
function refsIn(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
        into.add(v.slice('#/components/schemas/'.length));
      else refsIn(v, into);
    }
  return into;
}

/** Writes the OpenAPI 3.1 document from the route registry. */
export function openApiDocument(routes: AnyRoute[], info: { version: string }): Record<string, unknown> {
  const registry = namedSchemas();
  const toJson = (schema: Schema, io: Io): Record<string, unknown> => {
    const named = registry.get(schema);
    if (named) return { $ref: componentRef(named.id, io) };
    // Named schemas inside come out as $defs under their ids; they point at the components instead.
    const { $defs: _defs, ...json } = strip(
      z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', metadata: registry }) as Record<
        string,
        unknown
      >,
    );
    return JSON.parse(
      JSON.stringify(json).replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => JSON.stringify(componentRef(id, io))),
    ) as Record<string, unknown>;
  };
  const all: Record<string, unknown> = {};
  for (const io of ['output', 'input'] as const) {
    const { schemas } = z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: (id) => componentRef(id, io),
    }) as { schemas: Record<string, Record<string, unknown>> };
    for (const [id, schema] of Object.entries(schemas)) all[componentId(id, io)] = strip(schema);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = toJson(ProblemSchema, 'output');
  for (const route of routes) {
    const oaPath = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    if (route.params) {
      for (const [name, field] of Object.entries(shapeOf(route.params)))
        parameters.push({ name, in: 'path', required: true, schema: toJson(field, 'input') });
    }
    if (route.query) {
      for (const [name, field] of Object.entries(shapeOf(route.query))) {
        const optional = baseType(field) !== (field as unknown as { def: { type: string } }).def.type;
        parameters.push({ name, in: 'query', required: !optional, schema: toJson(field, 'input') });
      }
    }
    for (const h of route.headers ?? [])
      parameters.push({
        name: h.name,
        in: 'header',
        required: h.required,
        description: h.description,
        schema: { type: 'string' },
      });
    if (keyed(route) && route.auth === 'token') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Retry-safe key (1..200 chars), kept 24 hours.',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? {
            description: spec.description,
            content: { 'application/json': { schema: toJson(spec.schema, 'output') } },
          }
        : { description: spec.description };
    }
    responses.default = {
      description: 'A problem (RFC 9457), with a stable `code`.',
      content: { 'application/problem+json': { schema: problem } },
    };
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'token' ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: !route.bodyOptional,
              content: { 'application/json': { schema: toJson(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
    (paths[oaPath] ??= {})[route.method] = op;
  }
  // Only the components something refers to, directly or through another component.
  const used = refsIn(paths, new Set());
  for (const queue = [...used]; queue.length;)
    for (const id of refsIn(all[queue.pop()!], new Set()))
      if (!used.has(id)) {
        used.add(id);
        queue.push(id);
      }
  const schemas = Object.fromEntries(
    [...used].sort().map((id) => {
      if (!all[id]) throw new Error(`OpenAPI: no component ${id}`);
      return [id, all[id]];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'c2c-kit hub API',
      version: info.version,
      description:
        'Handovers, pathways, services (Open Referral UK), signposting and audit for schools and services. Errors are RFC 9457 problem+json; see the `code` values in `x-problem-codes`.',
    },
    'x-problem-codes': PROBLEM_STATUS,
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key or a session token.' } },
    },
    paths,
  };
}
