/**
 * Request and response shapes that belong to the HTTP API rather than to the domain: list queries, small
 * envelopes. Built from @c2c/schema pieces so nothing is written twice.
 */
import * as z from 'zod/mini';
import { HANDOVER_STATUSES, Id, LearnerSchema, ServiceSchema, TRANSITIONS, Timestamp } from '@c2c/schema';

const Limit = z.optional(
  z.number().check(z.int(), z.gte(1, 'Ask for at least 1 item.'), z.lte(100, 'Ask for 100 items or fewer.')),
);
const Cursor = z.optional(z.string().check(z.maxLength(500)));

export const ListQuerySchema = z.strictObject({ cursor: Cursor, limit: Limit });
/**
 * `GET /v1/learners` lists; it takes no search. A child's name or UPN in a query string ends up in access logs,
 * proxies and browser history, so a search goes in the body of `POST /v1/learners/search`, and a `q` sent here
 * is refused with a message that says so.
 */
export const LearnerListQuerySchema = z.strictObject(
  { cursor: Cursor, limit: Limit },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && issue.keys.includes('q')
        ? 'Search learners with POST /v1/learners/search and { "q": "…" } in the body: a name or UPN in the address ends up in server and proxy logs.'
        : undefined,
  },
);
/** `POST /v1/learners/search`: what was typed (a name or UPN), kept out of the URL. */
export const LearnerSearchSchema = z.strictObject({
  q: z.string().check(z.trim(), z.minLength(1, 'Enter a name or UPN to search for.'), z.maxLength(100)),
  cursor: Cursor,
  limit: Limit,
});
export const HandoverListQuerySchema = z.strictObject({
  box: z.optional(z.enum(['sent', 'received'])),
  status: z.optional(z.enum(HANDOVER_STATUSES)),
  transition: z.optional(z.enum(TRANSITIONS)),
  learnerId: z.optional(Id),
  cursor: Cursor,
  limit: Limit,
});
export const SignpostingListQuerySchema = z.strictObject({ learnerId: z.optional(Id), cursor: Cursor, limit: Limit });
export const AuditQuerySchema = z.strictObject({
  learnerId: z.optional(Id),
  userId: z.optional(Id),
  cursor: Cursor,
  limit: Limit,
});

export const IdParams = z.strictObject({ id: Id });
export const ServiceIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(200)) });
/** A service at location's id is `<service id>:<location id>`, two feed ids of up to 200 characters each. */
export const ServiceAtLocationIdParams = z.strictObject({ id: z.string().check(z.minLength(3), z.maxLength(401)) });

/** `POST /v1/learners`: a learner without the id (the hub assigns it) and without derived fields. */
export const LearnerCreateSchema = z.omit(LearnerSchema, { id: true, upnTemporary: true });

export const ServiceResultSchema = z.extend(ServiceSchema, { distanceKm: z.optional(z.number()) });

export const TokenCreatedSchema = z.strictObject({ token: z.string(), expiresAt: Timestamp });
export const HealthSchema = z.strictObject({ status: z.enum(['ok']) });
export const dataOf = <T extends z.ZodMiniType>(item: T) => z.strictObject({ data: z.array(item) });

/** ORUK responses are published as HSDS-UK 3.0 JSON written by `toOruk`; described loosely here. */
export const OrukRecordSchema = z.looseObject({ id: z.string() });
export const OrukPageSchema = z.strictObject({
  total_items: z.number(),
  total_pages: z.number(),
  page_number: z.number(),
  size: z.number(),
  first_page: z.boolean(),
  last_page: z.boolean(),
  empty: z.boolean(),
  contents: z.array(z.looseObject({})),
});
export const OrukIndexSchema = z.strictObject({ version: z.string(), profile: z.string(), openapi_url: z.string() });
const PageNumber = z.optional(z.number().check(z.int(), z.gte(1)));
const PerPage = z.optional(z.number().check(z.int(), z.gte(1), z.lte(200, 'Ask for 200 items per page or fewer.')));
/** ORUK's `format`: `json` (its default) is what the hub answers in; it does not stream `ndjson`. */
const OrukFormat = z.optional(z.enum(['json']));
/** ORUK's `full` and `minimal` shape hints: the hub always answers with whole records, which carry what either asks for. */
const OrukFlag = z.optional(z.boolean());
/** A date, or a date and time with its zone (`2026-03-01`, `2026-03-01T09:00:00Z`): a time without one is ambiguous. */
const OrukDateTime = z.optional(
  z
    .string()
    .check(
      z.regex(
        /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/,
        'Enter a date, or a date and time with its zone, like 2026-03-01T09:00:00Z.',
      ),
    ),
);
const Text = z.optional(z.string().check(z.maxLength(200)));

/*
 * ORUK query strings are read leniently: parameters the hub does not know (another version's, a client's cache
 * buster) are ignored, as HTTP APIs and ORUK clients expect, rather than refused. Every parameter it does know is
 * checked as strictly as anywhere else, and each of the ORUK 3.0 API's parameters for an endpoint is known: those
 * that select records are honoured, so none is ignored into a wrong answer.
 */

/** `/oruk`, `/oruk/services/:id` and the other single records: only `format`; any others ignored. */
export const OrukItemQuerySchema = z.object({ format: OrukFormat });
export const OrukPagingQuerySchema = z.object({
  page: PageNumber,
  per_page: PerPage,
  format: OrukFormat,
  search: Text,
});
export const OrukTermQuerySchema = z.object({
  page: PageNumber,
  per_page: PerPage,
  format: OrukFormat,
  search: Text,
  taxonomy_id: Text,
  parent_id: Text,
  /** Only terms with no parent. */
  top_only: OrukFlag,
});
export const OrukServiceQuerySchema = z.object({
  search: Text,
  /** ORUK 1.0's name for `search`, so a 1.0 consumer's searches work too (`search` wins if both are sent). */
  text: Text,
  page: PageNumber,
  per_page: PerPage,
  format: OrukFormat,
  full: OrukFlag,
  minimal: OrukFlag,
  taxonomy_term_id: Text,
  taxonomy_id: Text,
  organization_id: Text,
  /** Services modified at or after this time, and those whose feed gave no modification time. */
  modified_after: OrukDateTime,
  minimum_age: z.optional(z.number().check(z.gte(0), z.lte(120))),
  maximum_age: z.optional(z.number().check(z.gte(0), z.lte(120))),
  start_time: z.optional(
    z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'Enter a time as HH:MM, like 09:30.')),
  ),
  end_time: z.optional(
    z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'Enter a time as HH:MM, like 17:00.')),
  ),
  day: z.optional(z.string().check(z.maxLength(20))),
  postcode: z.optional(z.string().check(z.maxLength(10))),
  proximity: z.optional(z.number().check(z.positive())),
});
