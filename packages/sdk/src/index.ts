/**
 * @packageDocumentation
 * The typed client for a c2c-kit hub. Start with {@link createClient}:
 *
 * ```ts
 * import { createClient, ConflictError } from '@c2c/sdk';
 * const hub = createClient({ baseUrl: 'https://hub.example.org', token: process.env.C2C_API_KEY });
 * for await (const h of hub.handovers.list({ box: 'received', status: 'submitted' })) inbox.push(h.id);
 * ```
 */
import { PrincipalSchema, type Principal } from '@c2c/schema';
import { createTransport, type ClientOptions, type RequestOptions } from './client.js';

export { requestIdOf } from './client.js';
import { HUB } from './internal/status-errors.js';
import { AuditResource } from './resources/audit.js';
import { UsersResource } from './resources/users.js';
import { HandoversResource } from './resources/handovers.js';
import { LearnersResource } from './resources/learners.js';
import { OrganisationsResource } from './resources/organisations.js';
import { PathwaysResource } from './resources/pathways.js';
import { ServicesResource } from './resources/services.js';
import { SignpostingResource } from './resources/signposting.js';
import { TemplatesResource } from './resources/templates.js';

export type {
  ClientOptions,
  Logger,
  RequestInfo,
  RequestOptions,
  ResponseInfo,
  TokenContext,
  ValidationMode,
} from './client.js';
// Every export of errors.ts is public (the classes, errorFromResponse and their init types); the services entry
// names the classes it re-exports one by one, as it leaves errorFromResponse out.
export * from './errors.js';
export { PagePromise, DEFAULT_TO_ARRAY_MAX, MAX_EMPTY_PAGES, type Page } from './pagination.js';
export { AuditResource, type AuditListParams } from './resources/audit.js';
export { HandoversResource, isParentView, type HandoverListParams } from './resources/handovers.js';
export { LearnersResource, type LearnerCreate, type LearnerListParams } from './resources/learners.js';
export { OrganisationsResource, type OrganisationListParams } from './resources/organisations.js';
export { PathwaysResource } from './resources/pathways.js';
export { ServicesResource, ServiceHitSchema, type ServiceHit } from './resources/services.js';
export { SignpostingResource, type SignpostingListParams } from './resources/signposting.js';
export { TemplatesResource } from './resources/templates.js';
export { UsersResource, type UserListParams } from './resources/users.js';
export type {
  AuditEntry,
  FieldIssue,
  Handover,
  HandoverView,
  ParentHandover,
  HandoverCreate,
  HandoverStatus,
  HandoverTemplate,
  HandoverUpdate,
  HandoverVersion,
  Learner,
  MilestoneWithState,
  Organisation,
  Pathway,
  PathwayEvent,
  PathwayEventCreate,
  Principal,
  Problem,
  ProblemCode,
  Service,
  ServiceQuery,
  Signposting,
  SignpostingCreate,
  TaxonomyTerm,
  Transition,
  User,
  UserCreate,
  UserUpdate,
} from '@c2c/schema';

/** A client for one hub, with one property per resource. Create it with {@link createClient}. */
export interface C2cClient {
  /** Who the hub thinks is calling: the user, their role and organisation, and the token kind. */
  me(opts?: RequestOptions): Promise<Principal>;
  /** Transition handovers. */
  readonly handovers: HandoversResource;
  /** Handover templates. */
  readonly templates: TemplatesResource;
  /** Learners (personal data). */
  readonly learners: LearnersResource;
  /** Learners' pathway timelines and milestones. */
  readonly pathways: PathwaysResource;
  /** The family service directory. */
  readonly services: ServicesResource;
  /** Organisations. */
  readonly organisations: OrganisationsResource;
  /** Signposting and referral records. */
  readonly signposting: SignpostingResource;
  /** Your organisation's audit log (admins). */
  readonly audit: AuditResource;
  /** Your organisation's people and roles (admins). */
  readonly users: UsersResource;
  /**
   * The options the client was created with. Printed by Node (`console.log`) or turned into JSON, the token and any
   * credential header (`authorization`, a key or cookie) read `[redacted]`; reading or spreading them gives the real ones.
   */
  readonly options: Readonly<ClientOptions>;
  /**
   * A new client with some options changed, for one part of your code: a longer `timeoutMs` for a nightly export,
   * `retries: 0` where a person is waiting, a job's trace header. This client is unchanged, and the two share
   * nothing (each refreshes its own token). `headers` are added to this client's (a name in both takes the new
   * value); every other option given replaces this client's.
   *
   * @example
   * ```ts
   * const nightly = hub.withOptions({ timeoutMs: 120_000, headers: { 'x-job': 'ctf-export' } });
   * ```
   */
  withOptions(overrides: Partial<ClientOptions>): C2cClient;
}

/**
 * Creates a client for a hub. Every method is typed from `@c2c/schema`, validates what the hub sends back,
 * retries what is safe to retry, and throws a subclass of `C2cError` you can branch on.
 *
 * @example
 * ```ts
 * const hub = createClient({
 *   baseUrl: 'https://hub.example.org',
 *   getToken: async ({ refresh }) => (refresh ? await session.refresh() : session.token),
 * });
 * const me = await hub.me();
 * ```
 */
export function createClient(options: ClientOptions): C2cClient {
  const transport = createTransport(options, 'createClient', HUB);
  return {
    me: (opts) => transport.request({ method: 'GET', path: '/v1/me', schema: PrincipalSchema, options: opts }),
    handovers: new HandoversResource(transport),
    templates: new TemplatesResource(transport),
    learners: new LearnersResource(transport),
    pathways: new PathwaysResource(transport),
    services: new ServicesResource(transport),
    organisations: new OrganisationsResource(transport),
    signposting: new SignpostingResource(transport),
    audit: new AuditResource(transport),
    users: new UsersResource(transport),
    options: transport.options,
    withOptions: (overrides) =>
      createClient({
        ...transport.options,
        ...overrides,
        ...((transport.options.headers || overrides.headers) && {
          headers: { ...transport.options.headers, ...overrides.headers },
        }),
      }),
  };
}
