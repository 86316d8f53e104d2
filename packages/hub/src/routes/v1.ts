import { randomBytes } from 'node:crypto';
import {
  HandoverAcknowledgeSchema,
  SafeguardingReceiptSchema,
  HandoverCreateSchema,
  HandoverMessageCreateSchema,
  HandoverSchema,
  HandoverTemplateSchema,
  HandoverUpdateSchema,
  HandoverVersionSchema,
  HandoverViewSchema,
  LearnerCoreSchema,
  LearnerSchema,
  OrganisationRetentionSchema,
  OrganisationSchema,
  RetentionUpdateSchema,
  PathwayEventCreateSchema,
  PathwayEventSchema,
  PathwaySchema,
  PrincipalSchema,
  SIGNPOSTING_ROLES,
  STANDARD_TEMPLATES,
  ServiceQuerySchema,
  ServiceSchema,
  SignpostingCreateSchema,
  SAFEGUARDING_ROLES,
  SignpostingSchema,
  TaxonomyTermSchema,
  TokenCreateSchema,
  AuditEntrySchema,
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
  checkAnswers,
  milestoneStanding,
  MilestoneWithStateSchema,
  milestonesFor,
  pageOf,
  signpostingConsentProblem,
  todayIso,
  validateUpn,
  type FieldIssue,
  type Handover,
  type HandoverTemplate,
  type Learner,
  type LearnerCore,
  type LearnerExport,
  type Organisation,
  type OrganisationRecord,
  type OrganisationRetention,
  LearnerExportSchema,
  type PathwayEvent,
  type Safeguarding,
  type Sections,
  receivesStrand,
  type Signposting,
  type Transition,
  type User,
} from '@c2c/schema';
import {
  AuditQuerySchema,
  HandoverListQuerySchema,
  IdParams,
  LearnerCreateSchema,
  LearnerListQuerySchema,
  LearnerSearchSchema,
  ListQuerySchema,
  ServiceIdParams,
  ServiceResultSchema,
  SignpostingListQuerySchema,
  TokenCreatedSchema,
  dataOf,
} from '../api-schemas.js';
import {
  PARENT_SECTIONS,
  SAFE_STRAND_REFUSAL,
  auditLine,
  canReadLearner,
  canReadPathway,
  handoverAudit,
  handoverRelation,
  isDsl,
  isHandoverStaff,
  isParent,
  pathwayAudit,
  receivesHandover,
  viewHandover,
  type HandoverRelation,
} from '../access.js';
import { staleningChanges } from '../version-change.js';
import { fingerprint } from '../cursor.js';
import { effectiveRetention } from '../retention.js';
import { HttpProblem, forbidden, notFound } from '../problem.js';
import { receiverIssue } from '../receivers.js';
import {
  checkedItemText,
  defineRoute,
  openApiDocument,
  type AnyRoute,
  type Caller,
  type HandlerContext,
  type HubServices,
} from '../registry.js';
import type { AuditInput, SearchPosition } from '../store.js';

const newId = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`;
const DEFAULT_LIMIT = 20;

const TEMPLATES_BY_ID = new Map<string, HandoverTemplate>(Object.values(STANDARD_TEMPLATES).map((t) => [t.id, t]));
const LEARNER_CORE_KEYS = Object.keys(
  (LearnerCoreSchema as unknown as { def: { shape: Record<string, unknown> } }).def.shape,
) as Array<keyof LearnerCore>;

/** Who may export everything about a learner: the school's administrator (subject access) and its DSL. */
const EXPORT_ROLES: readonly string[] = ['admin', 'dsl'];
/** A ceiling on each list in an export, far above what one learner gathers. */
const EXPORT_MAX = 10_000;

/** The caller of a `token` route (the registry has already refused anonymous calls). */
function who(ctx: { caller: Caller | null }): Caller {
  if (!ctx.caller) throw new HttpProblem('unauthenticated', 'Sign in first.');
  return ctx.caller;
}

/**
 * Records that the request is about this learner, so that a refusal from here on is audited against them (see
 * `learnerId` in `HubEnv`).
 */
function concerns(ctx: { c: HandlerContext<unknown, unknown, unknown>['c'] }, learnerId: string): void {
  ctx.c.set('learnerId', learnerId);
}

/**
 * Refuses a role before its record is looked at, with the same 403 whether or not the learner exists, but audited
 * against the learner when there is one, so their school sees who tried.
 */
async function refuseAbout(
  ctx: HandlerContext<unknown, unknown, unknown>,
  learnerId: string,
  detail: string,
): Promise<never> {
  if (await ctx.hub.store.learner(learnerId)) concerns(ctx, learnerId);
  throw forbidden(detail);
}

/**
 * The safeguarding record a sending DSL sent, with the receipt the receiving school's DSL confirmed on the hub kept
 * as they recorded it, so the sender sees a confirmation from the person who holds the file, never one changed on
 * their behalf. A record that leaves the receipt out (a copy read before it was confirmed, say) keeps it; one that
 * changes it is refused. `receiptConfirmedByReceiver` is never taken from a request. A receipt the sending DSL typed
 * in themselves, for a school not on the hub, stays theirs to correct.
 */
function withReceiverReceipt(stored: Safeguarding | undefined, sent: Safeguarding): Safeguarding {
  const confirmed = stored?.transfer?.receiptConfirmedByReceiver ? stored.transfer : undefined;
  if (!sent.transfer && !confirmed) return sent;
  type Transfer = NonNullable<Safeguarding['transfer']>;
  const { receiptConfirmedByReceiver: _claimed, ...transfer }: Partial<Transfer> = sent.transfer ?? {};
  if (!confirmed) return { ...sent, transfer: transfer as Transfer };
  for (const key of ['receiptConfirmedAt', 'receiptConfirmedBy'] as const)
    if (transfer[key] !== undefined && transfer[key] !== confirmed[key])
      throw new HttpProblem(
        'invalid_state',
        // No name: clients log problem bodies, and the DSL can read who confirmed it in the record itself.
        'Receipt of the child-protection file was confirmed by the receiving school’s DSL on the hub, so it stays as they recorded it.',
      );
  return {
    ...sent,
    transfer: {
      ...confirmed,
      ...transfer,
      receiptConfirmedAt: confirmed.receiptConfirmedAt,
      receiptConfirmedBy: confirmed.receiptConfirmedBy,
      receiptConfirmedByReceiver: true,
    },
  };
}

/**
 * Why a handover with several `issues` cannot be sent, by what each asks of the sender: a missing answer (`required`)
 * is to be given, any other (an answer of the wrong kind, too long, not one of the options) to be changed.
 */
function unsendable(issues: readonly FieldIssue[]): string {
  const missing = issues.filter((i) => i.code === 'required').length;
  const wrong = issues.length - missing;
  const parts = [
    ...(missing ? [missing === 1 ? '1 question needs answering' : `${missing} questions need answering`] : []),
    ...(wrong ? [wrong === 1 ? '1 answer needs changing' : `${wrong} answers need changing`] : []),
  ];
  return `${parts.join(' and ')} before this handover can be sent. Each is listed under “errors”.`;
}

/** Who may see an organisation's retention periods: its administrator and its DSL (who answer for its records). */
const RETENTION_READERS: readonly string[] = ['admin', 'dsl'];

/** The caller's own organisation when `:id` names it and their role is one of `roles`; refuses otherwise. */
async function ownOrganisation(
  ctx: { caller: Caller | null; params: { id: string }; hub: HubServices },
  roles: readonly string[],
  verb: 'see' | 'change',
): Promise<OrganisationRecord> {
  const caller = who(ctx);
  if (ctx.params.id !== caller.organisation.id || !roles.includes(caller.user.role))
    throw forbidden(
      `Only ${roles.length > 1 ? 'an administrator or the DSL' : 'an administrator'} of an organisation can ${verb} its retention periods.`,
    );
  const org = await ctx.hub.store.organisation(caller.organisation.id);
  if (!org) throw notFound('organisation');
  return org;
}

/**
 * What a signed-in caller sees of an organisation: its retention periods are for its administrator and DSL, and its
 * allowed websites for its administrators only (everyone else gets an empty list, as the shared schema requires the
 * field): the list names the portals and systems that hold the organisation's tokens, which is a map for an attacker
 * and of use to nobody else, as the hub's CORS check reads it from the database. The postcode is sent as the schema
 * writes it; one stored before postcodes were checked that is not a UK postcode is left out (and kept in the
 * database), so that reading the organisation goes on working, and no client is sent what the shared schema refuses.
 */
function publicOrganisation(
  caller: Caller,
  { retention: _chosen, postcode, allowedOrigins, ...org }: OrganisationRecord,
): Organisation {
  const own = caller.user.role === 'admin' && caller.organisation.id === org.id;
  const shown = { ...org, allowedOrigins: own ? allowedOrigins : [] };
  const checked = OrganisationSchema.shape.postcode.safeParse(postcode);
  return checked.success && checked.data !== undefined ? { ...shown, postcode: checked.data } : shown;
}

/** The periods in force for `org`, and those it chose. */
function retentionOf(hub: HubServices, org: OrganisationRecord): OrganisationRetention {
  return {
    organisationId: org.id,
    effective: effectiveRetention(hub.retention, org.retention),
    overrides: { ...org.retention },
  };
}

/**
 * Whose list a page link belongs to: the person, in their organisation and role, that a signed-in list was read by
 * (none for public lists). A position means something only within its own caller's scope (their organisation's
 * learners, a parent's children, an organisation's audit log), so a link made for someone else, however it reached
 * this caller (a shared URL, a log, a client mixing up its tokens), is refused as a link made for another search
 * would be, instead of answering a page that starts at someone else's place.
 */
const listOwner = (caller: Caller | null) =>
  caller ? JSON.stringify([caller.user.id, caller.organisation.id, caller.user.role]) : undefined;

/** Reads a signed cursor for this list, query and caller, or refuses it. */
function readCursor(
  hub: HubServices,
  kind: string,
  query: Record<string, unknown>,
  check: (p: unknown) => boolean,
  caller: Caller | null,
): unknown {
  const cursor = query.cursor;
  if (typeof cursor !== 'string') return null;
  const position = hub.cursors.decode(kind, fingerprint(query, listOwner(caller)), cursor);
  if (position === null || !check(position)) {
    throw new HttpProblem(
      'invalid_cursor',
      'This page link was not made by this hub for this search. Start again from the first page.',
    );
  }
  return position;
}
const writeCursor = (
  hub: HubServices,
  kind: string,
  query: Record<string, unknown>,
  position: unknown,
  caller: Caller | null,
) => hub.cursors.encode(kind, fingerprint(query, listOwner(caller)), position);

const isKeyset = (p: unknown): p is { c: string; i: string } =>
  typeof p === 'object' &&
  p !== null &&
  typeof (p as { c?: unknown }).c === 'string' &&
  typeof (p as { i?: unknown }).i === 'string';
const isString = (p: unknown): p is string => typeof p === 'string';
const isNumber = (p: unknown): p is number => typeof p === 'number' && Number.isFinite(p);
const isOffset = (v: unknown) => isNumber(v) && Number.isInteger(v) && v >= 0;
const isSearchPosition = (p: unknown): p is SearchPosition =>
  typeof p === 'object' &&
  p !== null &&
  (isOffset((p as { o?: unknown }).o) ||
    isOffset((p as { u?: unknown }).u) ||
    (isNumber((p as { d?: unknown }).d) && isString((p as { i?: unknown }).i)));

/** Splits `limit + 1` rows into a page and whether there is another. */
function pageFrom<T>(rows: T[], limit: number): { items: T[]; more: boolean } {
  return rows.length > limit ? { items: rows.slice(0, limit), more: true } : { items: rows, more: false };
}

/**
 * One page of a list read in key order: reads the page link (a position `check` accepts), loads one row more
 * than the page to learn whether another follows, and links the next page from the last row's position.
 */
async function keysetPage<T, P>(
  { hub, caller }: { hub: HubServices; caller: Caller | null },
  query: Record<string, unknown> & { limit?: number | undefined },
  kind: string,
  check: (p: unknown) => p is P,
  load: (after: P | null, count: number) => Promise<T[]>,
  positionOf: (item: T) => P,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = readCursor(hub, kind, query, check, caller) as P | null;
  const { items, more } = pageFrom(await load(after, limit + 1), limit);
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? writeCursor(hub, kind, query, positionOf(last), caller) : null };
}

/**
 * A learner as the caller may see them. A parent's view lists no contacts: those are other people's details (the
 * other parent's phone, say), which a subject access reply would withhold as third-party data too, and which can
 * put a child at risk where a court order keeps a parent away.
 */
function learnerView(caller: Caller, learner: Learner): Learner {
  return isParent(caller) ? { ...learner, contacts: [] } : learner;
}

/**
 * A page of the learners the caller works with (a parent: their own children), matching `q` when given, each
 * audited as read. `page` carries the cursor and limit, and is what the cursor is bound to.
 */
async function learnerPage(
  ctx: HandlerContext<unknown, unknown, unknown>,
  page: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const caller = who(ctx);
  if (!isParent(caller) && !isHandoverStaff(caller))
    throw forbidden(
      'Learner records are for school or setting staff. Open the pathway of a learner your organisation works with instead.',
    );
  const scope = isParent(caller) ? { ids: caller.user.learnerIds } : { organisationId: caller.organisation.id };
  const { items, nextCursor } = await keysetPage(
    ctx,
    page,
    'learners',
    isString,
    (after, n) => ctx.hub.store.learners(scope, page.q, after, n),
    (l) => l.id,
  );
  const now = ctx.hub.now();
  await ctx.hub.store.audit(items.map((l) => auditLine(caller, now, 'read', 'learner', l.id, l.id)));
  return { status: 200 as const, body: { data: items.map((l) => learnerView(caller, l)), nextCursor } };
}

const createdThenId = (r: { createdAt: string; id: string }) => ({ c: r.createdAt, i: r.id });

/**
 * `409` for a user id someone already holds. It names the field, not the id: a chosen id is often made from a
 * person's name, and a problem body ends up in clients' logs.
 */
function idTaken(): HttpProblem {
  const message =
    'Someone in your organisation already has this id. Choose another, or leave it out and the hub makes one.';
  return new HttpProblem('invalid_state', message, { errors: [{ path: 'id', code: 'taken', message }] });
}

/** Reads `If-Match`: a bare integer, `"3"` or `W/"3"`. */
function ifMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m)
    throw new HttpProblem(
      'validation_failed',
      'If-Match must be the handover’s version number, as sent in its ETag, like "3".',
      { status: 400 },
    );
  return Number(m[1]);
}

/**
 * Checks that answers only name sections and questions the template has. The path names the field; the message never
 * repeats the id that was sent: a problem body ends up in clients' logs, and whatever a caller typed there stays out.
 */
function unknownAnswers(template: HandoverTemplate, sections: Sections | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [sectionId, answers] of Object.entries(sections ?? {})) {
    const section = template.sections.find((s) => s.id === sectionId);
    if (!section) {
      issues.push({
        path: `sections.${sectionId}`,
        code: 'unknown_field',
        message: `The template “${template.title.en}” has no section with this id. Check the section ids in the template.`,
      });
      continue;
    }
    for (const questionId of Object.keys(answers)) {
      if (!section.questions.some((q) => q.id === questionId)) {
        issues.push({
          path: `sections.${sectionId}.${questionId}`,
          code: 'unknown_field',
          message: `The section “${section.title.en}” has no question with this id. Check the question ids in the template.`,
        });
      }
    }
  }
  return issues;
}

function mergeSections(current: Sections, patch: Sections | undefined): Sections {
  if (!patch) return current;
  const next: Sections = { ...current };
  for (const [id, answers] of Object.entries(patch)) next[id] = { ...(current[id] ?? {}), ...answers };
  return next;
}

const changedBy = (caller: Caller) => `${caller.user.name} (${caller.organisation.name})`;
const etag = (h: Handover) => ({ etag: `"${h.version}"` });

/** Loads a handover the caller may see, or answers 404 (and audits the refusal when the record exists). */
async function loadHandover(
  ctx: HandlerContext<unknown, unknown, unknown>,
  id: string,
): Promise<{ handover: Handover; relation: HandoverRelation; caller: Caller }> {
  const caller = who(ctx);
  const handover = await ctx.hub.store.handover(id);
  const relation = handover ? handoverRelation(caller, handover) : null;
  if (!handover || !relation) {
    if (handover)
      await ctx.hub.store.audit([auditLine(caller, ctx.hub.now(), 'denied', 'handover', id, handover.learnerId)]);
    throw notFound('handover');
  }
  concerns(ctx, handover.learnerId);
  return { handover, relation, caller };
}

/*
 * The access checks of the routes that honour an Idempotency-Key: each handler starts with its own, and the
 * registry runs it again before replaying a stored answer (see `authorise` in RouteSpec).
 */

async function addLearnerAccess(ctx: HandlerContext<unknown, unknown, { organisationId: string }>): Promise<Caller> {
  const caller = who(ctx);
  if (!isHandoverStaff(caller)) throw forbidden('Only school or setting staff can add learners.');
  if (ctx.body.organisationId !== caller.organisation.id)
    throw forbidden('You can only add learners to your own organisation.');
  return caller;
}

async function addEventAccess(
  ctx: HandlerContext<{ id: string }, unknown, { strand: PathwayEvent['strand'] }>,
): Promise<{ caller: Caller; learner: Learner }> {
  const caller = who(ctx);
  if (isParent(caller))
    await refuseAbout(ctx, ctx.params.id, 'Parents and carers cannot add events to a pathway. Ask the school.');
  const learner = await readableLearner(ctx, caller, ctx.params.id, canReadPathway);
  // The answer is the event: a role that may not read it back may not record it either (an event its author
  // cannot see is one they cannot check or correct). Concerns go to the DSL, as KCSIE asks of all staff.
  // The refusal is audited (who, when, which route), but naming no learner: a role that may read the pathway
  // is refused here only for the safe strand, so a line against the learner would tell their school's
  // administrator, who reads the audit log, that a safeguarding concern was raised about the child.
  if (!receivesStrand(caller.user.role, ctx.body.strand))
    throw new HttpProblem('forbidden', SAFE_STRAND_REFUSAL, { deniedAbout: { resourceId: '', learnerId: null } });
  return { caller, learner };
}

async function startHandoverAccess(
  ctx: HandlerContext<unknown, unknown, { learnerId: string; safeguarding?: unknown }>,
): Promise<{ caller: Caller; learner: Learner }> {
  const caller = who(ctx);
  if (!isHandoverStaff(caller)) throw forbidden('Only school or setting staff can start a handover.');
  const learner = await ctx.hub.store.learner(ctx.body.learnerId);
  if (!learner || learner.organisationId !== caller.organisation.id) {
    if (learner) await denied(ctx, caller, 'learner', learner.id, learner.id);
    throw notFound('learner in your organisation');
  }
  concerns(ctx, learner.id);
  if (ctx.body.safeguarding && !isDsl(caller)) throw safeguardingRefusal(SAFEGUARDING_WRITE_REFUSAL);
  return { caller, learner };
}

const SAFEGUARDING_WRITE_REFUSAL =
  'Only the designated safeguarding lead can record safeguarding transfer details. Pass your concern to your DSL.';

/**
 * A refusal of a safeguarding write by someone who is not the DSL, audited (who, when, which route) naming neither the
 * handover nor the learner, as a refused safe-strand event is: the attempt itself says that a member of staff has a
 * safeguarding concern about the child, and a line against them would tell whoever reads the audit log (the school's
 * administrator) so.
 */
const safeguardingRefusal = (detail: string) =>
  new HttpProblem('forbidden', detail, { deniedAbout: { resourceId: '', learnerId: null } });

type LoadedHandover = Awaited<ReturnType<typeof loadHandover>>;

async function submitAccess(ctx: HandlerContext<{ id: string }, unknown, unknown>): Promise<LoadedHandover> {
  const loaded = await loadHandover(ctx, ctx.params.id);
  if (loaded.relation !== 'sending') throw forbidden('Only the sending school can submit a handover.');
  return loaded;
}

async function acknowledgeAccess(ctx: HandlerContext<{ id: string }, unknown, unknown>): Promise<LoadedHandover> {
  const loaded = await loadHandover(ctx, ctx.params.id);
  const { handover, relation, caller } = loaded;
  if (receivesHandover(caller, handover, relation)) return loaded;
  // Sent to the caller's own organisation, but not yet: the question is when, not who.
  if (relation === 'sending' && handover.receivingOrganisationId === caller.organisation.id)
    throw new HttpProblem(
      'invalid_state',
      'This handover is still a draft. It can be acknowledged once it has been submitted.',
    );
  throw forbidden('Only the receiving school can acknowledge a handover.');
}

async function receiptAccess(ctx: HandlerContext<{ id: string }, unknown, unknown>): Promise<LoadedHandover> {
  const loaded = await loadHandover(ctx, ctx.params.id);
  if (!receivesHandover(loaded.caller, loaded.handover, loaded.relation) || !isDsl(loaded.caller))
    throw forbidden(
      'Only the receiving school’s designated safeguarding lead can confirm that the child-protection file has arrived.',
    );
  return loaded;
}

async function messageAccess(ctx: HandlerContext<{ id: string }, unknown, unknown>): Promise<LoadedHandover> {
  const loaded = await loadHandover(ctx, ctx.params.id);
  if (loaded.relation === 'parent')
    throw forbidden('Messages are between the two schools. Contact the school directly.');
  return loaded;
}

async function signpostAccess(ctx: HandlerContext<unknown, unknown, { learnerId?: string }>): Promise<Caller> {
  const caller = who(ctx);
  if (!SIGNPOSTING_ROLES.includes(caller.user.role))
    throw forbidden('Your role cannot record signposting or referrals.');
  // Naming a learner needs the right to read them (their school, or a worker already working with them):
  // the record itself opens the learner's pathway to the service's organisation. An unknown id and one the
  // caller may not read get the same 404, so ids cannot be probed.
  if (ctx.body.learnerId) await readableLearner(ctx, caller, ctx.body.learnerId, canReadPathway);
  return caller;
}

async function deleteSignpostAccess(
  ctx: HandlerContext<{ id: string }, unknown, unknown>,
): Promise<{ caller: Caller; record: Signposting }> {
  const caller = who(ctx);
  const record = await ctx.hub.store.signpostingRecord(ctx.params.id);
  // Only the organisation that recorded it holds it (any of its staff may delete it, as any may record
  // one); to anyone else, a parent included, it does not exist.
  if (!record || record.organisationId !== caller.organisation.id || isParent(caller)) {
    if (record)
      await ctx.hub.store.audit([
        auditLine(caller, ctx.hub.now(), 'denied', 'signposting', record.id, record.learnerId ?? null),
      ]);
    throw notFound('signposting record');
  }
  return { caller, record };
}

async function issueTokenAccess(
  ctx: HandlerContext<unknown, unknown, { userId: string; kind: 'api-key' | 'session' }>,
): Promise<{ caller: Caller; user: User; selfDsl: boolean }> {
  const caller = who(ctx);
  // A token for a DSL reads safeguarding records as them, and the token goes to whoever asked for it. So
  // nobody but the DSL themselves is handed one through the API: a DSL renews their own session from their
  // own token, and their first one comes from the hub's operator (`c2c-hub create-token`), never from an
  // administrator, who could otherwise read safeguarding records as the DSL.
  const selfDsl = SAFEGUARDING_ROLES.includes(caller.user.role) && ctx.body.userId === caller.user.id;
  if (caller.user.role !== 'admin' && !selfDsl)
    throw forbidden(
      SAFEGUARDING_ROLES.includes(caller.user.role)
        ? 'A DSL can issue a session for themselves only. Ask an administrator to issue tokens for others.'
        : 'Only an administrator can issue tokens.',
    );
  if (selfDsl && ctx.body.kind === 'api-key')
    throw forbidden('A DSL’s access to safeguarding records is by session only: ask for a session, not an API key.');
  const user = selfDsl ? caller.user : await ctx.hub.store.user(ctx.body.userId);
  if (!user || user.organisationId !== caller.organisation.id) {
    if (user) await denied(ctx, caller, 'user', user.id, null);
    throw notFound('user in your organisation');
  }
  if (!selfDsl && SAFEGUARDING_ROLES.includes(user.role))
    throw forbidden(
      'A DSL’s token reads safeguarding records as them, so an administrator cannot issue one. The DSL renews their own session with POST /v1/tokens from their own token; their first session comes from the hub’s operator (c2c-hub create-token <userId> --kind session).',
    );
  return { caller, user, selfDsl };
}

async function addUserAccess(ctx: HandlerContext<unknown, unknown, unknown>): Promise<Caller> {
  const caller = who(ctx);
  if (caller.user.role !== 'admin') throw forbidden('Only an administrator can add people.');
  return caller;
}

async function conflict(ctx: HandlerContext<unknown, unknown, unknown>, id: string, caller: Caller): Promise<never> {
  const current = await ctx.hub.store.handover(id);
  const relation = current ? handoverRelation(caller, current) : null;
  // The 409 carries the current copy: as much a read as a GET.
  if (current && relation) await ctx.hub.store.audit(handoverAudit(caller, ctx.hub.now(), current));
  throw new HttpProblem(
    'version_conflict',
    'Someone else saved a newer version of this handover. Review their changes, then save yours again.',
    {
      ...(current ? { currentVersion: current.version } : {}),
      ...(current && relation ? { current: viewHandover(caller, current, relation) } : {}),
    },
  );
}

/**
 * Stores the next version of a handover with its audit line in one transaction, then answers with the caller's
 * view; a version that moved on meanwhile becomes a 409 carrying the current copy.
 */
async function saveVersion(...args: Parameters<typeof trySaveVersion>) {
  const [ctx, caller, handover] = args;
  return (await trySaveVersion(...args)) ?? (await conflict(ctx, handover.id, caller));
}

/** {@link saveVersion}, answering undefined instead of a 409 when the version moved on meanwhile. */
async function trySaveVersion(
  ctx: HandlerContext<unknown, unknown, unknown>,
  caller: Caller,
  handover: Handover,
  next: Handover,
  relation: HandoverRelation,
  action: 'submit' | 'acknowledge' | 'update' | 'update-safeguarding',
  at: Date,
  acknowledges: number | null = null,
) {
  // The answer carries the handover, safeguarding included for a DSL: that read is audited with the write.
  const saved = await ctx.hub.store.updateHandover(
    handover,
    next,
    changedBy(caller),
    [
      auditLine(caller, at, action, 'handover', handover.id, handover.learnerId),
      ...handoverAudit(caller, at, next).filter((a) => a.action === 'read-safeguarding'),
    ],
    acknowledges,
  );
  if (saved === 'conflict') return undefined;
  return { status: 200 as const, body: viewHandover(caller, next, relation), headers: etag(next) };
}

/**
 * Refuses a receiving organisation the hub does not know, or one that cannot receive a `transition` handover (a
 * Year 6 to Year 7 handover addressed to a nursery): see receivers.ts.
 */
async function requireReceiver(
  ctx: HandlerContext<unknown, unknown, unknown>,
  organisationId: string,
  transition: Transition,
): Promise<void> {
  const path = 'receivingOrganisationId';
  const organisation = await ctx.hub.store.organisation(organisationId);
  if (!organisation) {
    throw new HttpProblem(
      'validation_failed',
      'The receiving school or setting is not known to this hub. Choose one from the list of organisations.',
      {
        errors: [
          { path, code: 'unknown_organisation', message: 'Choose a school or setting from the list of organisations.' },
        ],
      },
    );
  }
  const issue = receiverIssue(transition, organisation, path);
  if (issue) throw new HttpProblem('validation_failed', issue.message, { errors: [issue] });
}

const HandoverPage = pageOf(HandoverViewSchema);
/** Response text per cached search result; entries go when the store's cache drops the result. */
const pageTexts = new WeakMap<object, string>();
const problemDescription = (what: string) => ({ description: what, schema: null });

export function v1Routes(listRoutes: () => AnyRoute[]): AnyRoute[] {
  const routes: AnyRoute[] = [
    // ------------------------------------------------------------------------------------------ me, orgs, templates
    defineRoute({
      method: 'get',
      path: '/v1/me',
      operationId: 'getMe',
      tag: 'Identity',
      summary: 'Who the token belongs to',
      auth: 'token',
      responses: { 200: { description: 'The caller', schema: PrincipalSchema } },
      async handler(ctx) {
        const caller = who(ctx);
        return {
          status: 200,
          body: { user: caller.user, organisationName: caller.organisation.name, tokenKind: caller.tokenKind },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/organisations',
      operationId: 'listOrganisations',
      tag: 'Organisations',
      summary: 'Organisations on this hub',
      auth: 'token',
      query: ListQuerySchema,
      responses: {
        200: {
          description:
            'A page of organisations; `allowedOrigins` is the list only for an administrator’s own organisation, empty for every other',
          schema: pageOf(OrganisationSchema),
        },
      },
      async handler(ctx) {
        const { items, nextCursor } = await keysetPage(
          ctx,
          ctx.query,
          'organisations',
          isString,
          (after, n) => ctx.hub.store.organisations(after, n),
          (o) => o.id,
        );
        const caller = who(ctx);
        return { status: 200, body: { data: items.map((o) => publicOrganisation(caller, o)), nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/organisations/:id',
      operationId: 'getOrganisation',
      tag: 'Organisations',
      summary: 'One organisation',
      auth: 'token',
      params: IdParams,
      responses: {
        200: {
          description:
            'The organisation; `allowedOrigins` is the list only for its own administrators, empty for anyone else',
          schema: OrganisationSchema,
        },
      },
      async handler(ctx) {
        const org = await ctx.hub.store.organisation(ctx.params.id);
        if (!org) throw notFound('organisation');
        return { status: 200, body: publicOrganisation(who(ctx), org) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/organisations/:id/retention',
      operationId: 'getOrganisationRetention',
      tag: 'Organisations',
      summary: 'How long the hub keeps the organisation’s records (its administrator and DSL)',
      auth: 'token',
      params: IdParams,
      responses: {
        200: {
          description: 'The periods in force, and those the organisation chose',
          schema: OrganisationRetentionSchema,
        },
      },
      async handler(ctx) {
        const org = await ownOrganisation(ctx, RETENTION_READERS, 'see');
        return { status: 200, body: retentionOf(ctx.hub, org) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/organisations/:id/retention',
      operationId: 'updateOrganisationRetention',
      tag: 'Organisations',
      summary: 'Set the organisation’s own retention periods (its administrator)',
      auth: 'token',
      params: IdParams,
      body: RetentionUpdateSchema,
      responses: { 200: { description: 'The periods now in force', schema: OrganisationRetentionSchema } },
      async handler(ctx) {
        const caller = who(ctx);
        const own = await ownOrganisation(ctx, ['admin'], 'change');
        // Applied to the record as stored when saved: another administrator's change to other periods that lands
        // first is kept, and the EHC-plan rule is checked against what is then in force.
        const next = await ctx.hub.store.changeOrganisation(own.id, (org) => {
          const retention = { ...org.retention };
          for (const key of ['draftDays', 'learnerYears', 'ehcPlanYears', 'familySignpostingYears'] as const) {
            const value = ctx.body[key];
            if (value === null) delete retention[key];
            else if (value !== undefined) retention[key] = value;
          }
          const changed: OrganisationRecord = { ...org, retention };
          if (Object.keys(retention).length === 0) delete changed.retention;
          const { learnerYears } = effectiveRetention(ctx.hub.retention, changed.retention);
          if (retention.ehcPlanYears !== undefined && retention.ehcPlanYears < learnerYears) {
            // The EHC-plan period is the longer keep (IRMS: SEN files to 31 years); a shorter one would be overruled
            // by the learner period, so say so rather than store a number the hub does not apply.
            const message = `Enter ${learnerYears} years or more: a learner with an EHC plan is kept at least as long as any other learner.`;
            throw new HttpProblem('validation_failed', `ehcPlanYears: ${message}`, {
              errors: [{ path: 'ehcPlanYears', code: 'too_small', message }],
            });
          }
          return {
            org: changed,
            audit: [auditLine(caller, ctx.hub.now(), 'update', 'organisation-retention', org.id, null)],
          };
        });
        if (!next) throw notFound('organisation');
        return { status: 200, body: retentionOf(ctx.hub, next) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates',
      operationId: 'listTemplates',
      tag: 'Templates',
      summary: 'Handover templates',
      auth: 'token',
      responses: { 200: { description: 'Every template', schema: dataOf(HandoverTemplateSchema) } },
      async handler() {
        return { status: 200, body: { data: [...TEMPLATES_BY_ID.values()] } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates/:id',
      operationId: 'getTemplate',
      tag: 'Templates',
      summary: 'One handover template',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'The template', schema: HandoverTemplateSchema } },
      async handler(ctx) {
        const template = TEMPLATES_BY_ID.get(ctx.params.id);
        if (!template) throw notFound('template');
        return { status: 200, body: template };
      },
    }),

    // ------------------------------------------------------------------------------------------ learners
    defineRoute({
      method: 'get',
      path: '/v1/learners',
      operationId: 'listLearners',
      tag: 'Learners',
      summary: 'Learners the caller works with',
      auth: 'token',
      query: LearnerListQuerySchema,
      responses: { 200: { description: 'A page of learners', schema: pageOf(LearnerSchema) } },
      handler: (ctx) => learnerPage(ctx, ctx.query),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/learners/search',
      operationId: 'searchLearners',
      tag: 'Learners',
      summary: 'Find learners the caller works with by name or UPN',
      auth: 'token',
      readOnly: true,
      body: LearnerSearchSchema,
      responses: { 200: { description: 'A page of the learners that match', schema: pageOf(LearnerSchema) } },
      handler: (ctx) => learnerPage(ctx, ctx.body),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/learners/:id',
      operationId: 'getLearner',
      tag: 'Learners',
      summary: 'One learner',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'The learner', schema: LearnerSchema } },
      async handler(ctx) {
        const caller = who(ctx);
        const learner = await readableLearner(ctx, caller, ctx.params.id, canReadLearner);
        await ctx.hub.store.audit([auditLine(caller, ctx.hub.now(), 'read', 'learner', learner.id, learner.id)]);
        return { status: 200, body: learnerView(caller, learner) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/learners/:id/export',
      operationId: 'exportLearner',
      tag: 'Learners',
      summary:
        'Everything your organisation holds on the hub about a learner, for a subject access request (admin or DSL)',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'The learner’s records, as JSON', schema: LearnerExportSchema } },
      async handler(ctx) {
        const caller = who(ctx);
        if (!EXPORT_ROLES.includes(caller.user.role))
          await refuseAbout(ctx, ctx.params.id, 'Only an administrator or a DSL can export a learner’s records.');
        // Each school answers a subject access request for what it holds: the school whose learner it is, and a
        // school a handover was submitted to (after a move, the child's school now, which is where a family
        // asks), each for its own records below. Any other organisation gets the same 404 as for an unknown id.
        const learner = await readableLearner(ctx, caller, ctx.params.id, canReadLearner);
        const org = caller.organisation.id;
        const handovers = (await ctx.hub.store.handoversForLearner(learner.id)).flatMap((h) => {
          const relation =
            h.sendingOrganisationId === org
              ? 'sending'
              : h.receivingOrganisationId === org && h.status !== 'draft'
                ? 'receiving'
                : null;
          return relation ? [viewHandover(caller, h, relation) as Handover] : [];
        });
        // Earlier versions keep answers since changed: held about the child, so they are in the export too. A
        // receiving school gets what was sent to it, never the sender's drafts (as GET .../versions).
        const handoverVersions: LearnerExport['handoverVersions'] = [];
        for (const h of handovers)
          for (const v of await ctx.hub.store.handoverVersions(h.id))
            if (h.sendingOrganisationId === org || v.status !== 'draft')
              handoverVersions.push({ handoverId: h.id, ...v });
        const now = ctx.hub.now();
        const body: LearnerExport = {
          exportedAt: now.toISOString(),
          exportedBy: caller.user.id,
          learner,
          handovers,
          handoverVersions,
          // Its own events only: what another organisation recorded is that organisation's to answer for (it may
          // hold context, or third-party or safeguarding detail, the recorder must weigh before disclosure), as
          // LearnerExportSchema says, and as handovers, signposting and audit lines are filtered above and below.
          pathwayEvents: (await recordedEvents(ctx.hub, learner, caller)).filter(
            // One stored with no organisation (loaded into the hub directly) is the learner's school's.
            (e) => (e.source.organisationId ?? learner.organisationId) === org,
          ),
          signposting: await ctx.hub.store.signposting(org, learner.id, null, EXPORT_MAX),
          audit: await ctx.hub.store.auditEntries(
            { organisationId: org, learnerId: learner.id, aboutOwnLearners: true },
            null,
            EXPORT_MAX,
          ),
        };
        await ctx.hub.store.audit([
          ...pathwayAudit(caller, now, learner.id, 'export'),
          ...handovers.flatMap((h) => handoverAudit(caller, now, h).filter((a) => a.action === 'read-safeguarding')),
        ]);
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/learners',
      operationId: 'createLearner',
      tag: 'Learners',
      summary: 'Add a learner to the caller’s organisation',
      auth: 'token',
      body: LearnerCreateSchema,
      replayRead: (caller, at, answer) => {
        const { id } = answer as Learner;
        return [auditLine(caller, at, 'read', 'learner', id, id)];
      },
      replayHeld: async (hub, answer) => (await hub.store.learner((answer as Learner).id)) !== undefined,
      responses: { 201: { description: 'The learner, with its id', schema: LearnerSchema } },
      authorise: addLearnerAccess,
      async handler(ctx) {
        const caller = await addLearnerAccess(ctx);
        const learner: Learner = { ...ctx.body, id: newId('lrn') };
        if (learner.upn) {
          const checked = validateUpn(learner.upn);
          if (checked.valid) learner.upnTemporary = checked.temporary;
        }
        await ctx.hub.store.putLearners(
          [learner],
          [auditLine(caller, ctx.hub.now(), 'create', 'learner', learner.id, learner.id)],
        );
        return { status: 201, body: learner, headers: { location: `/v1/learners/${learner.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/learners/:id/pathway',
      operationId: 'getPathway',
      tag: 'Pathways',
      summary: 'A learner’s pathway from birth',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'The pathway', schema: PathwaySchema } },
      async handler(ctx) {
        const caller = who(ctx);
        const learner = await readableLearner(ctx, caller, ctx.params.id, canReadPathway);
        const events = await pathwayEvents(ctx.hub, learner, caller);
        await ctx.hub.store.audit(pathwayAudit(caller, ctx.hub.now(), learner.id, 'read'));
        return {
          status: 200,
          body: {
            learnerId: learner.id,
            dateOfBirth: learner.dateOfBirth,
            displayName: learner.preferredForename ?? learner.legalForename,
            events,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/learners/:id/pathway/events',
      operationId: 'addPathwayEvent',
      tag: 'Pathways',
      summary: 'Record an event on a learner’s pathway',
      auth: 'token',
      params: IdParams,
      body: PathwayEventCreateSchema,
      responses: { 201: { description: 'The event', schema: PathwayEventSchema } },
      authorise: addEventAccess,
      async handler(ctx) {
        const { caller, learner } = await addEventAccess(ctx);
        // A handover's stage on the pathway comes from the handover itself (see pathwayEvents), shown only to those
        // who may see it; one recorded by hand could claim a handover was sent or acknowledged when it was not, or
        // point at another school's draft.
        const handoverFields = (['handoverId', 'handoverStatus', 'transition'] as const).filter(
          (k) => ctx.body[k] !== undefined,
        );
        if (ctx.body.kind === 'handover' || handoverFields.length) {
          const message = 'Handover events come from the handover itself: submit the handover instead.';
          throw new HttpProblem('validation_failed', message, {
            errors: [
              ...(ctx.body.kind === 'handover' ? [{ path: 'kind', code: 'handover_event', message }] : []),
              ...handoverFields.map((path) => ({ path, code: 'handover_event', message })),
            ],
          });
        }
        const event: PathwayEvent = {
          ...ctx.body,
          id: newId('evt'),
          learnerId: learner.id,
          source: { organisationId: caller.organisation.id, name: caller.organisation.name },
        };
        await ctx.hub.store.putEvents([event], pathwayAudit(caller, ctx.hub.now(), learner.id, 'update'));
        return { status: 201, body: event };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/learners/:id/milestones',
      operationId: 'getMilestones',
      tag: 'Pathways',
      summary: 'Statutory milestones with where each stands',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'Milestones', schema: dataOf(MilestoneWithStateSchema) } },
      async handler(ctx) {
        const caller = who(ctx);
        const learner = await readableLearner(ctx, caller, ctx.params.id, canReadPathway);
        // From the events the caller is sent only: a milestone done by a safe-strand event must not show through.
        const done = new Set(
          (await recordedEvents(ctx.hub, learner, caller)).map((e) => e.milestoneId).filter(Boolean),
        );
        const today = todayIso(ctx.hub.now());
        const data = milestonesFor(learner.dateOfBirth).map((m) => ({
          ...m,
          state: milestoneStanding(m, learner.dateOfBirth, today, done.has(m.id)),
        }));
        // A DSL's done states come from safe-strand events too: audited as the pathway is, for the same reason.
        await ctx.hub.store.audit(pathwayAudit(caller, ctx.hub.now(), learner.id, 'read'));
        return { status: 200, body: { data } };
      },
    }),

    // ------------------------------------------------------------------------------------------ handovers
    defineRoute({
      method: 'get',
      path: '/v1/handovers',
      operationId: 'listHandovers',
      tag: 'Handovers',
      summary: 'Handovers sent or received',
      auth: 'token',
      query: HandoverListQuerySchema,
      responses: { 200: { description: 'A page of handovers', schema: HandoverPage } },
      async handler(ctx) {
        const caller = who(ctx);
        let filter: Parameters<HubServices['store']['listHandovers']>[0];
        if (isParent(caller)) filter = { learnerIds: caller.user.learnerIds };
        else if (!isHandoverStaff(caller)) throw forbidden('Only school or setting staff can list handovers.');
        else
          filter =
            ctx.query.box === 'received'
              ? { receivingOrganisationId: caller.organisation.id }
              : { sendingOrganisationId: caller.organisation.id };
        const list = {
          ...filter,
          status: ctx.query.status,
          transition: ctx.query.transition,
          learnerId: ctx.query.learnerId,
        };
        const { items, nextCursor } = await keysetPage(
          ctx,
          ctx.query,
          'handovers',
          isKeyset,
          (after, n) => ctx.hub.store.listHandovers(list, after, n),
          createdThenId,
        );
        const now = ctx.hub.now();
        await ctx.hub.store.audit(items.flatMap((h) => handoverAudit(caller, now, h)));
        const data = items.map((h) => viewHandover(caller, h, handoverRelation(caller, h)!));
        return { status: 200, body: { data, nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/handovers',
      operationId: 'createHandover',
      tag: 'Handovers',
      summary: 'Start a handover (a draft)',
      auth: 'token',
      body: HandoverCreateSchema,
      responses: { 201: { description: 'The draft handover, version 1', schema: HandoverSchema } },
      authorise: startHandoverAccess,
      async handler(ctx) {
        const { caller, learner } = await startHandoverAccess(ctx);
        const templateId = ctx.body.templateId ?? `std-${ctx.body.transition}`;
        const template = TEMPLATES_BY_ID.get(templateId);
        if (!template || template.transition !== ctx.body.transition) {
          throw new HttpProblem(
            'validation_failed',
            // Not the id sent: a problem body ends up in clients' logs, and what the caller typed stays out of them.
            'There is no template with this id for this transition. Leave the template out to use the standard one.',
            {
              errors: [
                { path: 'templateId', code: 'unknown_template', message: 'Choose a template for this transition.' },
              ],
            },
          );
        }
        if (ctx.body.receivingOrganisationId)
          await requireReceiver(ctx, ctx.body.receivingOrganisationId, ctx.body.transition);
        const unknown = unknownAnswers(template, ctx.body.sections);
        if (unknown.length)
          throw new HttpProblem(
            'validation_failed',
            'Some answers do not belong to this template. Each is listed under “errors”.',
            { errors: unknown },
          );
        const now = ctx.hub.now().toISOString();
        const core = Object.fromEntries(
          LEARNER_CORE_KEYS.filter((k) => learner[k] !== undefined).map((k) => [k, learner[k]]),
        ) as LearnerCore;
        const handover: Handover = {
          id: newId('hnd'),
          version: 1,
          status: 'draft',
          transition: ctx.body.transition,
          templateId,
          learnerId: learner.id,
          learner: core,
          sendingOrganisationId: caller.organisation.id,
          receivingOrganisationId: ctx.body.receivingOrganisationId,
          sections: ctx.body.sections ?? {},
          safeguardingTransferRequired: ctx.body.safeguardingTransferRequired ?? !!ctx.body.safeguarding?.cpFileExists,
          ...(ctx.body.safeguarding ? { safeguarding: withReceiverReceipt(undefined, ctx.body.safeguarding) } : {}),
          messages: [],
          createdAt: now,
          updatedAt: now,
          submittedAt: null,
          acknowledgedAt: null,
          acknowledgedBy: null,
        };
        const at = ctx.hub.now();
        await ctx.hub.store.insertHandovers([handover], changedBy(caller), [
          auditLine(caller, at, 'create', 'handover', handover.id, learner.id),
          ...(ctx.body.safeguarding
            ? [auditLine(caller, at, 'update-safeguarding', 'handover', handover.id, learner.id)]
            : []),
          // The answer carries the handover, safeguarding section included for a DSL: that read is audited with the
          // write, as saveVersion does.
          ...handoverAudit(caller, at, handover).filter((a) => a.action === 'read-safeguarding'),
        ]);
        return {
          status: 201,
          body: viewHandover(caller, handover, 'sending'),
          headers: { ...etag(handover), location: `/v1/handovers/${handover.id}` },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/handovers/:id',
      operationId: 'getHandover',
      tag: 'Handovers',
      summary: 'One handover, as the caller may see it',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'The handover (a parent gets the parent view)', schema: HandoverViewSchema } },
      async handler(ctx) {
        const { handover, relation, caller } = await loadHandover(ctx, ctx.params.id);
        const at = ctx.hub.now();
        await ctx.hub.store.audit(handoverAudit(caller, at, handover));
        return { status: 200, body: viewHandover(caller, handover, relation), headers: etag(handover) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/handovers/:id',
      operationId: 'updateHandover',
      tag: 'Handovers',
      summary: 'Change a handover (needs If-Match)',
      auth: 'token',
      params: IdParams,
      body: HandoverUpdateSchema,
      headers: [{ name: 'If-Match', required: true, description: 'The version being changed, from the ETag.' }],
      responses: { 200: { description: 'The new version', schema: HandoverViewSchema } },
      async handler(ctx) {
        const { handover, relation, caller } = await loadHandover(ctx, ctx.params.id);
        if (relation === 'receiving')
          throw forbidden('Only the sending school can change a handover. Send a message to ask for a change.');
        // Acknowledged, the handover is closed, but for the sending DSL's record of the child-protection transfer:
        // the file itself often goes after the receiving school has read the handover (KCSIE).
        const transferOnly =
          relation === 'sending' &&
          isDsl(caller) &&
          Object.keys(ctx.body).length > 0 &&
          Object.keys(ctx.body).every((k) => k === 'safeguarding' || k === 'safeguardingTransferRequired');
        if (handover.status === 'acknowledged' && !transferOnly)
          throw new HttpProblem(
            'invalid_state',
            'This handover has been acknowledged by the receiving school, so it can no longer be changed. Send a message instead.',
          );
        const expected = ifMatch(ctx.c.req.header('if-match'));
        if (expected === undefined)
          throw new HttpProblem(
            'precondition_required',
            'Send the version you are changing in the If-Match header (from the ETag), so that nobody’s changes are overwritten.',
          );
        if (expected !== handover.version) await conflict(ctx, handover.id, caller);
        const body = ctx.body;
        if (relation === 'parent') {
          const others = Object.keys(body).filter((k) => k !== 'sections');
          const sections = Object.keys(body.sections ?? {}).filter(
            (s) => !(PARENT_SECTIONS as readonly string[]).includes(s),
          );
          if (others.length || sections.length)
            throw forbidden('Parents and carers can add to “All about me” and “Family and relationships” only.');
        }
        if (body.safeguarding !== undefined && !isDsl(caller)) throw safeguardingRefusal(SAFEGUARDING_WRITE_REFUSAL);
        // Anyone sending may raise the flag; only the DSL may lower it.
        if (body.safeguardingTransferRequired === false && handover.safeguardingTransferRequired && !isDsl(caller)) {
          throw forbidden('Only the designated safeguarding lead can record that no safeguarding transfer is needed.');
        }
        const template = TEMPLATES_BY_ID.get(handover.templateId);
        if (template) {
          const unknown = unknownAnswers(template, body.sections);
          if (unknown.length)
            throw new HttpProblem(
              'validation_failed',
              'Some answers do not belong to this template. Each is listed under “errors”.',
              { errors: unknown },
            );
        }
        if (body.receivingOrganisationId) await requireReceiver(ctx, body.receivingOrganisationId, handover.transition);
        if (
          body.receivingOrganisationId !== undefined &&
          handover.status !== 'draft' &&
          body.receivingOrganisationId !== handover.receivingOrganisationId
        ) {
          throw new HttpProblem(
            'invalid_state',
            'A submitted handover cannot be redirected to another school. Start a new handover instead.',
          );
        }
        const at = ctx.hub.now();
        const next: Handover = {
          ...handover,
          version: handover.version + 1,
          updatedAt: at.toISOString(),
          sections: mergeSections(handover.sections, body.sections),
          ...(body.receivingOrganisationId !== undefined
            ? { receivingOrganisationId: body.receivingOrganisationId }
            : {}),
          ...(body.learner ? { learner: { ...handover.learner, ...body.learner } as LearnerCore } : {}),
          ...(body.safeguardingTransferRequired !== undefined
            ? { safeguardingTransferRequired: body.safeguardingTransferRequired }
            : {}),
          ...(body.safeguarding ? { safeguarding: withReceiverReceipt(handover.safeguarding, body.safeguarding) } : {}),
        };
        const result = await ctx.hub.store.updateHandover(handover, next, changedBy(caller), [
          auditLine(caller, at, 'update', 'handover', handover.id, handover.learnerId),
          ...(body.safeguarding
            ? [auditLine(caller, at, 'update-safeguarding', 'handover', handover.id, handover.learnerId)]
            : []),
          ...handoverAudit(caller, at, next).filter((a) => a.action === 'read-safeguarding'),
        ]);
        if (result === 'conflict') await conflict(ctx, handover.id, caller);
        return { status: 200, body: viewHandover(caller, next, relation), headers: etag(next) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/handovers/:id/submit',
      operationId: 'submitHandover',
      tag: 'Handovers',
      summary: 'Send a draft to the receiving school',
      auth: 'token',
      params: IdParams,
      headers: [
        {
          name: 'If-Match',
          required: false,
          description: 'The version being submitted; refused if it is no longer current.',
        },
      ],
      responses: { 200: { description: 'The submitted handover', schema: HandoverSchema } },
      authorise: submitAccess,
      async handler(ctx) {
        const { handover, relation, caller } = await submitAccess(ctx);
        if (handover.status !== 'draft')
          throw new HttpProblem('invalid_state', 'This handover has already been submitted.');
        const expected = ifMatch(ctx.c.req.header('if-match'));
        if (expected !== undefined && expected !== handover.version) await conflict(ctx, handover.id, caller);
        const issues: FieldIssue[] = [];
        if (!handover.receivingOrganisationId)
          issues.push({
            path: 'receivingOrganisationId',
            code: 'required',
            message: 'Choose the school or setting the child is moving to.',
          });
        else {
          // Checked again on sending: a draft started before this rule, or an organisation whose phases changed.
          const receiver = await ctx.hub.store.organisation(handover.receivingOrganisationId);
          const issue = receiver && receiverIssue(handover.transition, receiver);
          if (issue) issues.push(issue);
        }
        const template = TEMPLATES_BY_ID.get(handover.templateId);
        if (template) issues.push(...checkAnswers(template, handover.sections));
        if (issues.length) {
          throw new HttpProblem('validation_failed', issues.length === 1 ? issues[0]!.message : unsendable(issues), {
            errors: issues,
          });
        }
        const at = ctx.hub.now();
        const next: Handover = {
          ...handover,
          version: handover.version + 1,
          status: 'submitted',
          submittedAt: at.toISOString(),
          updatedAt: at.toISOString(),
        };
        return saveVersion(ctx, caller, handover, next, relation, 'submit', at);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/handovers/:id/acknowledge',
      operationId: 'acknowledgeHandover',
      tag: 'Handovers',
      summary: 'Confirm receipt of a handover',
      auth: 'token',
      params: IdParams,
      body: HandoverAcknowledgeSchema,
      bodyOptional: true,
      headers: [
        {
          name: 'If-Match',
          required: false,
          description:
            'The version the receiving school read; refused if the sending school has changed what it reads since (a message changes nothing), so an acknowledgement never stands for a copy nobody saw.',
        },
      ],
      responses: { 200: { description: 'The acknowledged handover', schema: HandoverSchema } },
      authorise: acknowledgeAccess,
      async handler(ctx) {
        // The version the receiving school read: the one it names, or else the one current when the request came.
        let read = ifMatch(ctx.c.req.header('if-match'));
        // Taken while nothing the reader was shown has changed since that version: a message (theirs or the
        // sender's reply) adds a version but changes nothing they acknowledge. So a save landing first (a message at
        // the same moment) is no reason to refuse it either: it is tried again on the new version, and refused only
        // if that save changed what was read (the sender's amendment, which must be read first).
        for (let attempt = 1; ; attempt++) {
          const { handover, relation, caller } = await acknowledgeAccess(ctx);
          if (handover.status !== 'submitted')
            throw new HttpProblem('invalid_state', 'This handover has already been acknowledged.');
          read ??= handover.version;
          if (
            read > handover.version ||
            (read < handover.version &&
              (await ctx.hub.store.changedSince(handover.id, read, handover.version, staleningChanges(isDsl(caller)))))
          )
            await conflict(ctx, handover.id, caller);
          const at = ctx.hub.now();
          const message = ctx.body?.message;
          const next: Handover = {
            ...handover,
            version: handover.version + 1,
            status: 'acknowledged',
            acknowledgedAt: at.toISOString(),
            acknowledgedBy: changedBy(caller),
            updatedAt: at.toISOString(),
            messages: message
              ? [
                  ...handover.messages,
                  {
                    id: newId('msg'),
                    authorName: caller.user.name,
                    organisationId: caller.organisation.id,
                    at: at.toISOString(),
                    body: message,
                  },
                ]
              : handover.messages,
          };
          const saved = await trySaveVersion(ctx, caller, handover, next, relation, 'acknowledge', at, read);
          if (saved) return saved;
          if (attempt >= 5) await conflict(ctx, handover.id, caller);
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/handovers/:id/safeguarding-receipt',
      operationId: 'confirmSafeguardingReceipt',
      tag: 'Handovers',
      summary: 'Confirm the child-protection file has arrived (the receiving school’s DSL)',
      auth: 'token',
      params: IdParams,
      body: SafeguardingReceiptSchema,
      bodyOptional: true,
      responses: { 200: { description: 'The handover, with who confirmed receipt and when', schema: HandoverSchema } },
      authorise: receiptAccess,
      async handler(ctx) {
        const { handover, relation, caller } = await receiptAccess(ctx);
        if (!handover.safeguardingTransferRequired)
          throw new HttpProblem('invalid_state', 'This handover needs no child-protection transfer.');
        const transfer = handover.safeguarding?.transfer;
        if (transfer?.receiptConfirmedAt)
          throw new HttpProblem(
            'invalid_state',
            // When, not who: clients log problem bodies, and a person's name has no place in a log.
            `Receipt of the child-protection file was already confirmed on ${transfer.receiptConfirmedAt.slice(0, 10)}.`,
          );
        // The file often arrives after the handover is acknowledged, so this is taken in either state.
        const method = transfer?.method ?? ctx.body?.method;
        if (!method)
          throw new HttpProblem('validation_failed', 'method: Choose how the child-protection file arrived.', {
            errors: [{ path: 'method', code: 'required', message: 'Choose how the child-protection file arrived.' }],
          });
        const at = ctx.hub.now();
        const by = changedBy(caller);
        const next: Handover = {
          ...handover,
          version: handover.version + 1,
          updatedAt: at.toISOString(),
          safeguarding: {
            cpFileExists: handover.safeguarding?.cpFileExists ?? true,
            dslContacts: handover.safeguarding?.dslContacts ?? [],
            transfer: {
              ...transfer,
              method,
              receiptConfirmedAt: at.toISOString(),
              // The record holds 120 characters: the person's name alone when their organisation's makes it longer.
              receiptConfirmedBy: by.length <= 120 ? by : caller.user.name.slice(0, 120),
              receiptConfirmedByReceiver: true,
            },
          },
        };
        return saveVersion(ctx, caller, handover, next, relation, 'update-safeguarding', at);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/handovers/:id/messages',
      operationId: 'addHandoverMessage',
      tag: 'Handovers',
      summary: 'Send a message between the two schools',
      auth: 'token',
      params: IdParams,
      body: HandoverMessageCreateSchema,
      responses: { 200: { description: 'The handover with the message', schema: HandoverSchema } },
      authorise: messageAccess,
      async handler(ctx) {
        // The caller names no version: a message goes onto the handover as it is when saved. Another save landing
        // first (the other school's message at the same moment, say) is no reason to refuse it, and a refusal
        // would be kept under the request's Idempotency-Key, so its retry could never send the message.
        for (let attempt = 1; ; attempt++) {
          const { handover, relation, caller } = await messageAccess(ctx);
          const at = ctx.hub.now();
          const next: Handover = {
            ...handover,
            version: handover.version + 1,
            updatedAt: at.toISOString(),
            messages: [
              ...handover.messages,
              {
                id: newId('msg'),
                authorName: caller.user.name,
                organisationId: caller.organisation.id,
                at: at.toISOString(),
                body: ctx.body.body,
              },
            ],
          };
          const saved = await trySaveVersion(ctx, caller, handover, next, relation, 'update', at);
          if (saved) return saved;
          if (attempt >= 5) await conflict(ctx, handover.id, caller);
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/handovers/:id/versions',
      operationId: 'listHandoverVersions',
      tag: 'Handovers',
      summary: 'Every version of a handover',
      auth: 'token',
      params: IdParams,
      responses: { 200: { description: 'Versions, oldest first', schema: dataOf(HandoverVersionSchema) } },
      async handler(ctx) {
        const { handover, relation, caller } = await loadHandover(ctx, ctx.params.id);
        if (relation === 'parent') throw forbidden('The version history is for the schools only.');
        await ctx.hub.store.audit([
          auditLine(caller, ctx.hub.now(), 'read', 'handover-versions', handover.id, handover.learnerId),
        ]);
        const versions = await ctx.hub.store.handoverVersions(handover.id);
        // The receiving school sees what was sent to it, from the submission on; the sender's drafts stay theirs.
        const shown = relation === 'receiving' ? versions.filter((v) => v.status !== 'draft') : versions;
        return { status: 200, body: { data: shown } };
      },
    }),

    // ------------------------------------------------------------------------------------------ services (public)
    defineRoute({
      method: 'get',
      path: '/v1/services',
      operationId: 'searchServices',
      tag: 'Services',
      summary: 'Search the service directory',
      auth: 'public',
      query: ServiceQuerySchema,
      responses: {
        200: {
          description: 'A page of services; by distance when lat/lng are given',
          schema: pageOf(ServiceResultSchema),
        },
      },
      async handler(ctx) {
        const { cursor: _c, limit = DEFAULT_LIMIT, ...query } = ctx.query;
        if ((query.lat === undefined) !== (query.lng === undefined)) {
          throw new HttpProblem('validation_failed', 'Give both lat and lng to search by distance.', {
            status: 400,
            errors: [
              { path: query.lat === undefined ? 'lat' : 'lng', code: 'required', message: 'Give both lat and lng.' },
            ],
          });
        }
        // The directory is public and its pages may be cached for anyone, so its links belong to no one.
        const position = readCursor(ctx.hub, 'services', ctx.query, isSearchPosition, null) as SearchPosition | null;
        const today = todayIso(ctx.hub.now());
        const result = await ctx.hub.store.searchServicesCached(
          `v1:${JSON.stringify([query, position, limit, today])}`,
          { query, position, limit, today },
        );
        // A search near a family's location carries where they are: for them alone, and kept nowhere.
        const located = query.lat !== undefined;
        const headers = { 'cache-control': located ? 'private, no-store' : 'public, max-age=60' };
        // A cached result keeps the text of the page made from it (already checked against the schema).
        const kept = pageTexts.get(result);
        if (kept !== undefined) return { status: 200, body: null, text: kept, headers };
        // Services come from the store frozen and shared between searches, so each is checked and serialised
        // once, not once per page it appears on.
        const dataTexts = result.items.map((r) =>
          checkedItemText(
            ctx,
            ServiceResultSchema,
            r.distanceKm !== undefined ? { ...r.service, distanceKm: r.distanceKm } : r.service,
          ),
        );
        return {
          status: 200,
          body: { nextCursor: result.next ? writeCursor(ctx.hub, 'services', ctx.query, result.next, null) : null },
          dataTexts,
          headers,
          keepText: (text) => pageTexts.set(result, text),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/services/:id',
      operationId: 'getService',
      tag: 'Services',
      summary: 'One service',
      auth: 'public',
      params: ServiceIdParams,
      responses: { 200: { description: 'The service', schema: ServiceSchema } },
      async handler(ctx) {
        const service = await ctx.hub.store.service(ctx.params.id);
        if (!service) throw notFound('service');
        return { status: 200, body: service, headers: { 'cache-control': 'public, max-age=60' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/taxonomies',
      operationId: 'listTaxonomies',
      tag: 'Services',
      summary: 'Service categories',
      auth: 'public',
      responses: { 200: { description: 'Every taxonomy term in use', schema: dataOf(TaxonomyTermSchema) } },
      async handler(ctx) {
        return { status: 200, body: { data: await ctx.hub.store.taxonomyTerms() } };
      },
    }),

    // ------------------------------------------------------------------------------------------ signposting
    defineRoute({
      method: 'post',
      path: '/v1/signposting',
      operationId: 'createSignposting',
      tag: 'Signposting',
      summary: 'Record that a family was signposted or referred',
      auth: 'token',
      body: SignpostingCreateSchema,
      replayRead: (caller, at, answer) => {
        const { id, learnerId } = answer as Signposting;
        return [auditLine(caller, at, 'read', 'signposting', id, learnerId ?? null)];
      },
      replayHeld: async (hub, answer) => (await hub.store.signpostingRecord((answer as Signposting).id)) !== undefined,
      responses: { 201: { description: 'The record', schema: SignpostingSchema } },
      authorise: signpostAccess,
      async handler(ctx) {
        const caller = await signpostAccess(ctx);
        const consent = signpostingConsentProblem(ctx.body);
        if (consent)
          throw new HttpProblem('validation_failed', consent, {
            errors: [{ path: 'consent.given', code: 'consent_required', message: consent }],
          });
        const service = await ctx.hub.store.service(ctx.body.serviceId);
        if (!service)
          throw new HttpProblem('validation_failed', 'There is no service with this id in the directory.', {
            errors: [{ path: 'serviceId', code: 'unknown_service', message: 'Choose a service from the directory.' }],
          });
        const at = ctx.hub.now().toISOString();
        const record: Signposting = {
          id: newId('sgn'),
          kind: ctx.body.kind,
          serviceId: service.id,
          serviceName: service.name,
          ...(ctx.body.learnerId ? { learnerId: ctx.body.learnerId } : {}),
          ...(ctx.body.familyReference ? { familyReference: ctx.body.familyReference } : {}),
          consent: { ...ctx.body.consent, recordedAt: at },
          ...(ctx.body.note ? { note: ctx.body.note } : {}),
          organisationId: caller.organisation.id,
          createdBy: caller.user.name,
          createdAt: at,
        };
        await ctx.hub.store.addSignposting(record, [
          auditLine(caller, ctx.hub.now(), 'signpost', 'signposting', record.id, record.learnerId ?? null),
        ]);
        return { status: 201, body: record };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/signposting',
      operationId: 'listSignposting',
      tag: 'Signposting',
      summary: 'Signposting recorded by the caller’s organisation',
      auth: 'token',
      query: SignpostingListQuerySchema,
      responses: { 200: { description: 'A page of records', schema: pageOf(SignpostingSchema) } },
      async handler(ctx) {
        const caller = who(ctx);
        if (isParent(caller)) throw forbidden('Signposting records are for staff.');
        const { items, nextCursor } = await keysetPage(
          ctx,
          ctx.query,
          'signposting',
          isKeyset,
          (after, n) => ctx.hub.store.signposting(caller.organisation.id, ctx.query.learnerId, after, n),
          createdThenId,
        );
        // A record of where a family was sent is about that child: who saw it is audited like any other read.
        const now = ctx.hub.now();
        await ctx.hub.store.audit(
          items.map((r) => auditLine(caller, now, 'read', 'signposting', r.id, r.learnerId ?? null)),
        );
        return { status: 200, body: { data: items, nextCursor } };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/v1/signposting/:id',
      operationId: 'deleteSignposting',
      tag: 'Signposting',
      summary: 'Delete a signposting record, as when the family withdraws consent',
      auth: 'token',
      params: IdParams,
      responses: { 204: { description: 'Deleted', schema: null } },
      authorise: deleteSignpostAccess,
      async handler(ctx) {
        const { caller, record } = await deleteSignpostAccess(ctx);
        await ctx.hub.store.deleteSignposting(record.id, [
          auditLine(caller, ctx.hub.now(), 'delete', 'signposting', record.id, record.learnerId ?? null),
        ]);
        return { status: 204, body: null };
      },
    }),

    // ------------------------------------------------------------------------------------------ audit and tokens
    defineRoute({
      method: 'get',
      path: '/v1/audit',
      operationId: 'listAudit',
      tag: 'Administration',
      summary: 'Who read or changed learners’ records (admins)',
      auth: 'token',
      query: AuditQuerySchema,
      responses: { 200: { description: 'A page of audit entries, newest first', schema: pageOf(AuditEntrySchema) } },
      async handler(ctx) {
        const caller = who(ctx);
        if (caller.user.role !== 'admin') throw forbidden('Only an administrator can read the audit log.');
        const filter = {
          organisationId: caller.organisation.id,
          learnerId: ctx.query.learnerId,
          userId: ctx.query.userId,
          aboutOwnLearners: true,
        };
        const { items, nextCursor } = await keysetPage(
          ctx,
          ctx.query,
          'audit',
          isNumber,
          (before, n) => ctx.hub.store.auditEntries(filter, before, n),
          (e) => e.id,
        );
        // The log says who read which child's records, safeguarding reads included, so reading it is itself a read
        // of each child it names (ASVS 16.2.5: logs protected from reading): one line per child on the page, and the
        // learner asked about even when nothing came back, so each child's trail shows who looked at it. A page about
        // no child still leaves a line naming whose entries were asked for.
        const now = ctx.hub.now();
        const learners = new Set(items.flatMap((e) => (e.learnerId ? [e.learnerId] : [])));
        if (ctx.query.learnerId) learners.add(ctx.query.learnerId);
        await ctx.hub.store.audit(
          learners.size
            ? [...learners].map((id) => auditLine(caller, now, 'read', 'audit', id, id))
            : [auditLine(caller, now, 'read', 'audit', ctx.query.userId ?? '', null)],
        );
        return { status: 200, body: { data: items, nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/tokens',
      operationId: 'createToken',
      tag: 'Administration',
      summary: 'Issue a token for a user of the admin’s organisation, or a DSL’s own session',
      auth: 'token',
      body: TokenCreateSchema,
      shownOnce:
        'This request was already answered with a token, which is shown only once and stored only as a hash. If it was lost, issue a new token.',
      responses: { 201: { description: 'The token: shown once, stored only as a hash', schema: TokenCreatedSchema } },
      authorise: issueTokenAccess,
      async handler(ctx) {
        const { caller, user, selfDsl } = await issueTokenAccess(ctx);
        if (user.disabled)
          throw new HttpProblem('invalid_state', 'This user is disabled. Enable them before issuing a token.');
        if (ctx.body.kind === 'session' && (ctx.body.ttlMinutes ?? 0) > SESSION_MAX_MINUTES)
          throw new HttpProblem(
            'validation_failed',
            `A session lasts 8 hours at most.${selfDsl ? '' : ' Issue an API key instead.'}`,
            {
              errors: [
                { path: 'ttlMinutes', code: 'too_big', message: `At most ${SESSION_MAX_MINUTES} for a session.` },
              ],
            },
          );
        // Who issued which kind of token to whom: with the token's own reads, this shows anyone acting as another. A
        // token for a parent reads their children's records, and writes in the family's sections, as the parent, and
        // goes to whoever asked for it (the administrator): so it is written against each child too, and the child's
        // trail shows who was handed a way in as their parent, beside the reads and changes made with it.
        const at = ctx.hub.now();
        const { token, expiresAt } = await issueToken(ctx.hub, user.id, ctx.body.kind, ctx.body.ttlMinutes, undefined, [
          auditLine(caller, at, 'create', `token:${ctx.body.kind}`, user.id, null),
          ...(user.role === 'parent'
            ? user.learnerIds.map((learnerId) =>
                auditLine(caller, at, 'create', `token:${ctx.body.kind}`, user.id, learnerId),
              )
            : []),
        ]);
        return {
          status: 201,
          body: { token, expiresAt: expiresAt.toISOString() },
          headers: { 'cache-control': 'no-store' },
        };
      },
    }),
    // ------------------------------------------------------------------------------------------------- users
    defineRoute({
      method: 'get',
      path: '/v1/users',
      operationId: 'listUsers',
      tag: 'Administration',
      summary: 'The people of the admin’s organisation and their roles',
      auth: 'token',
      query: ListQuerySchema,
      responses: { 200: { description: 'A page of users, by id', schema: pageOf(UserSchema) } },
      async handler(ctx) {
        const caller = who(ctx);
        if (caller.user.role !== 'admin')
          throw forbidden('Only an administrator can list the people of an organisation.');
        const { items, nextCursor } = await keysetPage(
          ctx,
          ctx.query,
          'users',
          isString,
          (after, n) => ctx.hub.store.users(caller.organisation.id, after, n),
          (u) => u.id,
        );
        // A parent's row says which children they are linked to, which is about each child: audited per child as a
        // read, as the rows of a learner list are, so a child's audit trail shows who saw who their parents are.
        const now = ctx.hub.now();
        await ctx.hub.store.audit(
          items.flatMap((u) =>
            u.learnerIds.map((learnerId) => auditLine(caller, now, 'read', 'user', u.id, learnerId)),
          ),
        );
        return { status: 200, body: { data: items, nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/users',
      operationId: 'createUser',
      tag: 'Administration',
      summary: 'Add a person to the admin’s organisation, with a role',
      auth: 'token',
      body: UserCreateSchema,
      responses: { 201: { description: 'The user; issue them a token with POST /v1/tokens', schema: UserSchema } },
      authorise: addUserAccess,
      async handler(ctx) {
        const caller = await addUserAccess(ctx);
        // User ids are global, so a chosen one must start with the organisation's id: a clash can then only be
        // with someone of the admin's own organisation (whom they can list anyway), and the answer never tells
        // one organisation which ids another has.
        const prefix = `${caller.organisation.id}-`;
        // Organisation ids can nest (`pri-st-marys` and `pri-st-marys-ce`): an id in a longer one's space is
        // that organisation's, refused the same way whether or not someone holds it.
        const nested = (id: string) =>
          ctx.hub.store
            .allOrganisations()
            .then((orgs) => orgs.some((o) => o.id.startsWith(prefix) && id.startsWith(`${o.id}-`)));
        if (ctx.body.id !== undefined && (!ctx.body.id.startsWith(prefix) || (await nested(ctx.body.id)))) {
          const message = `Choose an id that starts with “${prefix}”, or leave it out and the hub makes one.`;
          throw new HttpProblem('validation_failed', message, {
            status: 422,
            errors: [{ path: 'id', code: 'invalid_prefix', message }],
          });
        }
        const id = ctx.body.id ?? newId('usr');
        if (await ctx.hub.store.user(id)) throw idTaken();
        const user: User = {
          id,
          name: ctx.body.name,
          email: ctx.body.email,
          role: ctx.body.role,
          organisationId: caller.organisation.id,
          learnerIds: await parentLearners(ctx, caller, ctx.body.role, ctx.body.learnerIds ?? []),
          disabled: false,
        };
        if (!(await ctx.hub.store.addUser(user, userAudit(caller, ctx.hub.now(), 'create', user)))) throw idTaken();
        return { status: 201, body: user, headers: { location: `/v1/users/${user.id}` } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/users/:id',
      operationId: 'updateUser',
      tag: 'Administration',
      summary:
        'Change a person’s name, email, role or children, or disable them (disabling, a new role or a new child ends their tokens)',
      auth: 'token',
      params: IdParams,
      body: UserUpdateSchema,
      responses: { 200: { description: 'The user as changed', schema: UserSchema } },
      async handler(ctx) {
        const caller = who(ctx);
        if (caller.user.role !== 'admin') throw forbidden('Only an administrator can change people’s access.');
        // The change is worked out from the user as stored when it is saved: another administrator's change
        // that lands first is kept, and this one applied on top of it (see Store.updateUser).
        const user = await ctx.hub.store.updateUser(ctx.params.id, async (current) => {
          if (current.organisationId !== caller.organisation.id) {
            await denied(ctx, caller, 'user', current.id, null);
            throw notFound('user in your organisation');
          }
          if (
            current.id === caller.user.id &&
            ((ctx.body.role !== undefined && ctx.body.role !== 'admin') || ctx.body.disabled === true)
          )
            throw forbidden(
              'You cannot disable yourself or give up your own administrator role. Ask another administrator.',
            );
          const role = ctx.body.role ?? current.role;
          const next: User = {
            ...current,
            ...ctx.body,
            role,
            learnerIds: await parentLearners(
              ctx,
              caller,
              role,
              ctx.body.learnerIds ?? (role === 'parent' ? current.learnerIds : []),
            ),
          };
          return { user: next, audit: userAudit(caller, ctx.hub.now(), 'update', next, current) };
        });
        if (!user) throw notFound('user in your organisation');
        return { status: 200, body: user };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/openapi.json',
      operationId: 'getOpenApi',
      tag: 'Meta',
      summary: 'This API’s OpenAPI 3.1 document',
      auth: 'public',
      responses: { 200: problemDescription('OpenAPI 3.1') },
      async handler() {
        return { status: 200, body: openApiCache(listRoutes) };
      },
    }),
  ];
  return routes;
}

let cachedDoc: { routes: AnyRoute[]; doc: unknown } | undefined;
function openApiCache(listRoutes: () => AnyRoute[]): unknown {
  const routes = listRoutes();
  if (!cachedDoc || cachedDoc.routes !== routes)
    cachedDoc = { routes, doc: openApiDocument(routes, { version: '0.1.0' }) };
  return cachedDoc.doc;
}

/** The longest a session token may last, in minutes: a working day. */
export const SESSION_MAX_MINUTES = 8 * 60;

/**
 * Creates a token for a user and stores its hash. Sessions last 8 hours and API keys a year unless told. It checks
 * no rules: callers refuse what may not be issued (see {@link SESSION_MAX_MINUTES}; a DSL never gets an API key).
 * `audit` lines are stored in the same transaction as the token: a token is never issued without them.
 */
export async function issueToken(
  hub: Pick<HubServices, 'store' | 'now'>,
  userId: string,
  kind: 'api-key' | 'session',
  ttlMinutes?: number,
  value?: string,
  audit: AuditInput[] = [],
): Promise<{ token: string; expiresAt: Date }> {
  const token = value ?? `c2c_${kind === 'session' ? 's' : 'k'}_${randomBytes(32).toString('base64url')}`;
  const now = hub.now();
  const minutes = ttlMinutes ?? (kind === 'session' ? 8 * 60 : 365 * 24 * 60);
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  await hub.store.addToken(token, userId, kind, expiresAt, now, audit);
  return { token, expiresAt };
}

/**
 * Audits a refused attempt on a record that exists but belongs to another organisation (answered as if it did not
 * exist, so the caller learns nothing; the audit log still shows who tried).
 */
async function denied(
  ctx: HandlerContext<unknown, unknown, unknown>,
  caller: Caller,
  resource: string,
  id: string,
  learnerId: string | null,
): Promise<void> {
  await ctx.hub.store.audit([auditLine(caller, ctx.hub.now(), 'denied', resource, id, learnerId)]);
}

async function readableLearner(
  ctx: HandlerContext<unknown, unknown, unknown>,
  caller: Caller,
  id: string,
  rule: (store: HubServices['store'], caller: Caller, learner: Learner) => Promise<boolean>,
): Promise<Learner> {
  const learner = await ctx.hub.store.learner(id);
  if (!learner || !(await rule(ctx.hub.store, caller, learner))) {
    if (learner) await ctx.hub.store.audit([auditLine(caller, ctx.hub.now(), 'denied', 'learner', id, id)]);
    throw notFound('learner');
  }
  concerns(ctx, learner.id);
  return learner;
}

/** The events recorded on a learner's pathway in the strands the caller's role is sent (`STRAND_READERS`). */
async function recordedEvents(hub: HubServices, learner: Learner, caller: Caller): Promise<PathwayEvent[]> {
  return (await hub.store.events(learner.id)).filter((e) => receivesStrand(caller.user.role, e.strand));
}

const TRANSITION_TITLES: Record<string, string> = {
  'ey-to-reception': 'Transition handover: early years to Reception',
  'infant-to-junior': 'Transition handover: infant to junior',
  'y6-to-y7': 'Transition handover: Year 6 to Year 7',
  'y11-to-post16': 'Transition handover: Year 11 to post-16',
  'in-year': 'In-year move handover',
};

/**
 * Recorded events plus one event per handover (its stage only, never its content), without the strands the caller's
 * role is never sent (`STRAND_READERS`: the "safe" strand goes to the DSL only). A draft is the sending
 * organisation's own work: it appears on the pathway only for that organisation (its staff and the learner's
 * parents), as a receiving school sees a handover only once it is submitted to them.
 */
async function pathwayEvents(hub: HubServices, learner: Learner, caller: Caller): Promise<PathwayEvent[]> {
  const events = await recordedEvents(hub, learner, caller);
  const names = new Map<string, string>();
  for (const h of await hub.store.handoversForLearner(learner.id)) {
    if (h.status === 'draft' && h.sendingOrganisationId !== caller.organisation.id) continue;
    if (!names.has(h.sendingOrganisationId))
      names.set(
        h.sendingOrganisationId,
        (await hub.store.organisation(h.sendingOrganisationId))?.name ?? 'Sending school',
      );
    events.push({
      id: `${h.id}-event`,
      learnerId: learner.id,
      kind: 'handover',
      strand: 'achieving',
      date: (h.submittedAt ?? h.createdAt).slice(0, 10),
      title: TRANSITION_TITLES[h.transition] ?? 'Transition handover',
      source: { organisationId: h.sendingOrganisationId, name: names.get(h.sendingOrganisationId)! },
      handoverId: h.id,
      handoverStatus: h.status,
      transition: h.transition,
    });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * The learners a parent or carer is linked to: each must be a learner of the admin's own organisation. Other roles
 * reach learners through their organisation, so they hold none.
 */
async function parentLearners(
  ctx: HandlerContext<unknown, unknown, unknown>,
  caller: Caller,
  role: User['role'],
  learnerIds: readonly string[],
): Promise<string[]> {
  if (role !== 'parent') {
    if (learnerIds.length)
      throw new HttpProblem('validation_failed', 'Only a parent or carer is linked to learners.', {
        errors: [{ path: 'learnerIds', code: 'not_parent', message: 'Leave this out unless the role is parent.' }],
      });
    return [];
  }
  const unique = [...new Set(learnerIds)];
  for (const [i, id] of unique.entries()) {
    const learner = await ctx.hub.store.learner(id);
    if (learner && learner.organisationId !== caller.organisation.id)
      await denied(ctx, caller, 'learner', learner.id, learner.id);
    if (!learner || learner.organisationId !== caller.organisation.id)
      throw new HttpProblem('validation_failed', 'A parent can only be linked to learners of your organisation.', {
        errors: [
          { path: `learnerIds.${i}`, code: 'unknown_learner', message: 'Choose a learner of your organisation.' },
        ],
      });
  }
  return unique;
}

/**
 * Audit lines for a change to a user: one for the account, and one per learner a parent is linked to, before the
 * change as well as after it. A link removed (a court order keeps a parent away, say) is a change to who may see that
 * child's records, so it belongs in the child's trail as much as a link added: that is where a school looks to show
 * when the parent's access ended.
 */
function userAudit(caller: Caller, at: Date, action: 'create' | 'update', user: User, before?: User) {
  const learners = new Set([...(before?.learnerIds ?? []), ...user.learnerIds]);
  return [
    auditLine(caller, at, action, 'user', user.id, null),
    ...[...learners].map((learnerId) => auditLine(caller, at, action, 'user', user.id, learnerId)),
  ];
}
