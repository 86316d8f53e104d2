import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import { CursorCodec, sha256 } from './cursor.js';
import { createLogger, errorFields, type Logger } from './logger.js';
import { HttpProblem } from './problem.js';
import { auditLine } from './access.js';
import { mountRoutes, problemResponse, type AnyRoute, type Caller, type HubEnv, type HubServices } from './registry.js';
import { RateLimiter } from './rate-limit.js';
import { orukRoutes } from './routes/oruk.js';
import { v1Routes } from './routes/v1.js';
import { Store } from './store.js';
import { DEFAULT_DATABASE_URL } from './db/database.js';
import { seedDemo, type SeedOptions } from './seed.js';
import { DEFAULT_RETENTION, runRetention, type RetentionPolicy } from './retention.js';
import type { RetentionMode } from './config.js';

/** Options shared by {@link createHub} and `startHub`. */
export interface HubOptions {
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://...`. Default: `sqlite:./data/c2c-hub.sqlite`. */
  databaseUrl?: string;
  /** An already open store (the database URL is then ignored). */
  store?: Store;
  /** Seed the demo cluster when the database is empty: `true`, or how many learners and services. */
  seed?: boolean | SeedOptions;
  /** Where structured logs go; default JSON lines on stdout at `info`. */
  logger?: Logger;
  /** The hub's clock starts here (demo and tests); it then moves on in real time. */
  now?: Date;
  /** Requests per minute per token or anonymous address; 0 turns limiting off. Default 600. */
  rateLimitPerMinute?: number;
  /**
   * Only behind your own proxy: use the last address in `X-Forwarded-For`, the one it appended, as the client's,
   * and the last `X-Forwarded-Proto` as the scheme of the URLs the hub gives out (ORUK's `openapi_url`).
   */
  trustProxy?: boolean;
  /**
   * The retention schedule, run at start and then daily: `apply` (default) deletes what has reached the end of
   * its keep, `report` logs the counts only, `off` does neither. `policy` overrides the default keeps.
   */
  retention?: { mode?: RetentionMode; policy?: Partial<RetentionPolicy> };
}

/** A hub that is not listening: the Hono app (use `app.request()` or `app.fetch`), its store and its routes. */
export interface Hub {
  app: Hono<HubEnv>;
  store: Store;
  routes: AnyRoute[];
  logger: Logger;
  /**
   * Adds this instance's rate-limit counts to the database and takes the other instances' into its buckets now,
   * as it does every second anyway (only when the database can be shared: PostgreSQL or a SQLite file).
   */
  shareRateLimits(): Promise<void>;
  /** Stops background work, shares the last rate-limit counts and closes the database (when the hub opened it). */
  close(): Promise<void>;
}

const PUBLIC_PATHS = [
  /^\/oruk(\/|$)/,
  /^\/v1\/services(\/|$)/,
  /^\/v1\/taxonomies$/,
  /^\/v1\/openapi\.json$/,
  /^\/(healthz|readyz)$/,
];
const EXPOSED = 'X-Request-Id, ETag, Retry-After, Idempotent-Replayed, Location';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * A client's `X-Request-Id` is kept only when it looks like what proxies and tracers generate: 1 to 64 letters,
 * digits, `.`, `_` or `-`, with at least one digit. It goes into every log line and back in the answer, so anything
 * else is replaced by a new id: no spaces, quotes or braces that could forge a log field, and no bare words such as
 * `Ada.Lovelace`, which are more likely a name than an id.
 */
const REQUEST_ID = /^(?=[^0-9]*[0-9])[A-Za-z0-9._-]{1,64}$/;

/**
 * Builds the hub without listening: opens (and migrates) the store, seeds it if asked, and wires every route.
 * Used by `startHub`, by tests through `app.request()`, and by hosts that mount the hub in their own server.
 */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const logger = options.logger ?? createLogger('info');
  const ownStore = !options.store;
  const store = options.store ?? (await Store.open(options.databaseUrl ?? DEFAULT_DATABASE_URL));
  store.onIdleConnectionError ??= (e) =>
    logger.warn('a database connection was lost while idle; the next query opens another', errorFields(e));
  const offset = options.now ? options.now.getTime() - Date.now() : 0;
  const now = () => new Date(Date.now() + offset);
  if (options.seed && (await store.isEmpty())) {
    const counts = await seedDemo(store, { ...(typeof options.seed === 'object' ? options.seed : {}), now: now() });
    logger.info('seeded demo data', counts);
  }
  // Instances on one database share their counts, so the limit is per token, not per token per instance.
  const instance = randomUUID();
  const limiter = new RateLimiter(
    options.rateLimitPerMinute ?? 600,
    store.sharedByInstances ? (added, keys) => store.shareRateUsage(instance, added, keys, now().getTime()) : undefined,
    (e) => logger.warn('could not share rate-limit counts', errorFields(e)),
  );
  // Idempotency keys are kept 24 hours, expired tokens 7 days; forget older ones now and then.
  const prune = () =>
    Promise.all([
      store.pruneIdempotency(new Date(now().getTime() - 86_400_000)),
      store.pruneExpiredTokens(new Date(now().getTime() - 7 * 86_400_000)),
    ]).catch((e: unknown) => logger.warn('could not prune idempotency keys or tokens', errorFields(e)));
  await prune();
  const pruner = setInterval(() => void prune(), 3_600_000);
  pruner.unref();
  const retentionMode = options.retention?.mode ?? 'apply';
  const retentionPolicy: RetentionPolicy = { ...DEFAULT_RETENTION, ...options.retention?.policy };
  const hub: HubServices = {
    store,
    logger,
    cursors: new CursorCodec(await store.secret('cursor-key')),
    now,
    retention: retentionPolicy,
    trustProxy: options.trustProxy ?? false,
  };
  // Counts only in the log: never which learners.
  const retain = () =>
    runRetention(store, retentionPolicy, now(), retentionMode === 'apply')
      .then((counts) => {
        if (Object.values(counts).some((n) => n > 0))
          logger.info(retentionMode === 'apply' ? 'retention: deleted' : 'retention: would delete', { ...counts });
      })
      .catch((e: unknown) => logger.warn('retention run failed', errorFields(e)));
  let retainer: ReturnType<typeof setInterval> | undefined;
  if (retentionMode !== 'off') {
    await retain();
    retainer = setInterval(() => void retain(), 86_400_000);
    retainer.unref();
  }

  /** Whether any organisation allows this `Origin` (one that is not an address is allowed by none). */
  const allowedOrigin = async (origin: string) => {
    let normalised: string;
    try {
      normalised = new URL(origin).origin;
    } catch {
      return false;
    }
    return (await store.allowedOriginsCached()).has(normalised);
  };

  // Not strict: `/oruk/` and `/oruk` are the same address, as ORUK clients expect.
  const app = new Hono<HubEnv>({ strict: false });
  app.use('*', async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    c.set('requestId', given && REQUEST_ID.test(given) ? given : randomUUID());
    c.set('route', 'unmatched');
    c.set('caller', null);
    c.set('learnerId', null);
    // Headers go on before the handler runs: set afterwards, Hono rebuilds the finished response as a full
    // web Response and @hono/node-server then streams it, which cost a fifth of a cached search's time.
    c.header('x-request-id', c.get('requestId'));
    // An answer to a signed-in request may hold a child's record: no browser or proxy keeps it, unless the
    // route says otherwise (public directory pages do).
    if (c.req.header('authorization')) c.header('cache-control', 'no-store');
    await next();
    // The route pattern, never the URL: URLs can carry names in query strings.
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.get('route'),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  });
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin',
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      // As frame-ancestors 'none' says, for browsers that only read the older header: no page frames an answer,
      // not even one on the hub's own host (Hono's default, SAMEORIGIN, allowed that).
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', async (c, next) => {
    const isPublic = PUBLIC_PATHS.some((p) => p.test(c.req.path));
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      const allowed = isPublic ? '*' : origin && (await allowedOrigin(origin)) ? origin : null;
      if (!allowed) return c.body(null, 204, { vary: 'Origin' });
      return c.body(null, 204, {
        'access-control-allow-origin': allowed,
        'access-control-allow-methods': isPublic ? 'GET, OPTIONS' : 'GET, POST, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    if (isPublic) {
      c.header('access-control-allow-origin', '*');
      c.header('access-control-expose-headers', EXPOSED);
    } else if (origin && (await allowedOrigin(origin))) {
      c.header('access-control-allow-origin', origin);
      c.header('access-control-expose-headers', EXPOSED);
      c.header('vary', 'Origin', { append: true });
    }
    return next();
  });
  app.use('*', async (c, next) => {
    if (!limiter.enabled) return next();
    // One bucket per token however the header spells "Bearer"; hashed, so neither a token nor an address
    // reaches the database where instances share their counts.
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1];
    const address = sha256(clientAddress(c, options.trustProxy ?? false));
    if (token) {
      // An address that has used up its failed sign-ins gets no token looked up until it may try again: were the
      // token only checked first, a right guess would still get in, and each wrong one would leave a bucket here.
      const failed = limiter.waiting(`f:${address}`);
      if (failed > 0)
        throw new HttpProblem('rate_limited', `Too many failed sign-ins. Wait ${failed} seconds and try again.`, {
          headers: { 'retry-after': String(failed) },
        });
    }
    const key = token ? `t:${sha256(token)}` : `ip:${address}`;
    const wait = limiter.take(key);
    if (wait > 0)
      throw new HttpProblem('rate_limited', `Too many requests. Wait ${wait} seconds and try again.`, {
        headers: { 'retry-after': String(wait) },
      });
    await next();
  });
  const limitBody = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new HttpProblem(
        'body_too_large',
        'The request is larger than 1 MiB. Send less at once, for example one handover at a time.',
      );
    },
  });
  // Reads carry no body; asking for one makes @hono/node-server build a full web Request for nothing.
  app.use('*', (c, next) => (READ_METHODS.has(c.req.method) ? next() : limitBody(c, next)));

  /**
   * Counts a failed sign-in against the caller's address: each guessed token would have a bucket of its own, so
   * failures also draw on their address's, and once it is empty the address is refused (see the rate limit above).
   */
  const failedSignIn = (c: Context<HubEnv>) => {
    const wait = limiter.enabled ? limiter.take(`f:${sha256(clientAddress(c, options.trustProxy ?? false))}`) : 0;
    if (wait > 0)
      throw new HttpProblem('rate_limited', `Too many failed sign-ins. Wait ${wait} seconds and try again.`, {
        headers: { 'retry-after': String(wait) },
      });
  };

  const authenticate = async (c: Context<HubEnv>): Promise<Caller | null> => {
    const header = c.req.header('authorization');
    if (!header) return null;
    const m = /^Bearer\s+([\x21-\x7e]{8,512})$/i.exec(header.trim());
    if (!m) {
      failedSignIn(c);
      throw new HttpProblem('unauthenticated', 'The Authorization header must be “Bearer ” followed by your token.', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const tokenHash = sha256(m[1]!);
    const record = await store.tokenByHashCached(tokenHash);
    if (!record || record.user.disabled) {
      failedSignIn(c);
      throw new HttpProblem(
        'unauthenticated',
        'This token is not recognised. Sign in again, or ask your administrator for a new API key.',
        { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
      );
    }
    if (record.expiresAt <= now().toISOString())
      throw new HttpProblem('token_expired', 'Your sign-in has expired. Sign in again.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    const organisation = record.organisation;
    if (!organisation)
      throw new HttpProblem('unauthenticated', 'This token’s organisation no longer exists on this hub.');
    const caller: Caller = { user: record.user, organisation, tokenKind: record.kind, tokenHash };
    const origin = c.req.header('origin');
    // A page served by the hub's own host (the demo, or a portal mounted beside the API) is same-origin, not a
    // third-party website: the browser only sends Origin because the request is a write.
    const host = c.req.header('host');
    const fromSelf = !!origin && !!host && (origin === `http://${host}` || origin === `https://${host}`);
    if (
      origin &&
      !fromSelf &&
      !PUBLIC_PATHS.some((p) => p.test(c.req.path)) &&
      !organisation.allowedOrigins.some((o) => sameOrigin(o, origin))
    ) {
      // The caller's own Origin is not repeated back: the page knows where it is, and the detail ends up in logs
      // and error reports. No administrator can change the list through the API; the hub's operator can.
      throw new HttpProblem(
        'forbidden',
        `This website is not on ${organisation.name}’s list of allowed websites. Ask whoever runs this hub to add it (with the command c2c-hub set-allowed-origins).`,
      );
    }
    c.set('caller', caller);
    return caller;
  };

  const routes: AnyRoute[] = [];
  routes.push(...orukRoutes(), ...v1Routes(() => routes));
  mountRoutes(app, routes, hub, authenticate);

  app.notFound((c) =>
    problemResponse(
      c,
      new HttpProblem(
        'not_found',
        'There is nothing at this address. Check it against the API documentation at /v1/openapi.json.',
      ),
    ),
  );
  app.onError(async (error, c) => {
    if (error instanceof HttpProblem) {
      // Every refused attempt by a signed-in caller is in the audit log (404s for records they may not see are
      // written where the record is known; 403s here, in one place, by route and id, and against the learner
      // when the handler got as far as knowing who that is).
      const caller = c.get('caller');
      if (error.code === 'forbidden' && caller)
        await store
          .audit([
            auditLine(
              caller,
              now(),
              'denied',
              `${c.req.method} ${c.get('route')}`,
              error.extra.deniedAbout ? error.extra.deniedAbout.resourceId : (c.req.param('id') ?? ''),
              error.extra.deniedAbout ? error.extra.deniedAbout.learnerId : (c.get('learnerId') ?? null),
            ),
          ])
          .catch(() => undefined);
      return problemResponse(c, error);
    }
    logger.error('unhandled error', { requestId: c.get('requestId'), route: c.get('route'), ...errorFields(error) });
    return problemResponse(
      c,
      new HttpProblem(
        'internal_error',
        'Something went wrong on the hub. Try again; if it keeps happening, tell your administrator and quote the request id.',
      ),
    );
  });

  return {
    app,
    store,
    routes,
    logger,
    shareRateLimits: () => limiter.shareNow(),
    async close() {
      limiter.stop();
      await limiter.shareNow();
      clearInterval(pruner);
      clearInterval(retainer);
      if (ownStore) await store.close();
    },
  };
}

function sameOrigin(allowed: string, origin: string): boolean {
  try {
    return new URL(allowed).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

function clientAddress(c: Context<HubEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    // The last address is the one the hub's own proxy saw and appended; anything before it came from the client,
    // who could write a new address on every request and so have a new rate-limit bucket each time.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}
