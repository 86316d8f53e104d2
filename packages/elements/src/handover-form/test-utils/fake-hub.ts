/**
 * A tiny in-browser stand-in for the hub's handover endpoints, used as the SDK client's `fetch` in browser tests
 * (the real hub cannot be reached from the test runner; end-to-end tests cover it). It keeps the semantics the
 * form relies on: If-Match optimistic locking with 409 `version_conflict` + `current`, 428 without If-Match,
 * Idempotency-Key replay (same key + same body → the stored response), role-based visibility of safeguarding
 * and of sections for parents, and `checkAnswers` on submit.
 */
import {
  canReceive,
  checkAnswers,
  RECEIVER_RULES,
  STANDARD_TEMPLATES,
  type Handover,
  type HandoverCreate,
  type HandoverUpdate,
  type Learner,
  type Organisation,
  type Role,
  type Transition,
} from '@c2c/schema';
import { syntheticLearners } from '@c2c/schema/synthetic';
import { createClient } from '@c2c/sdk';

export interface FakeUser {
  id: string;
  role: Role;
  organisationId: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  ifMatch: string | null;
  body: unknown;
  user: string;
  /** The `tab` given to {@link FakeHub.client} that sent it, telling two tabs of one user apart. */
  tab: string | null;
}

const PARENT_SECTIONS = ['pupil-voice', 'family'];

/**
 * Handover ids count across every hub on the page, not from 1 in each: the form keeps its drafts on the device under
 * the handover's id, and a draft a test's form wrote late (after the next test emptied the device) would otherwise
 * belong to the next test's handover of the same number, which would then send it as unsent changes.
 */
let handoversSeeded = 0;

export class FakeHub {
  readonly handovers = new Map<string, Handover>();
  readonly learners = new Map<string, Learner>();
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, FakeUser>();
  /** When true every request fails as if the network were down. */
  offline = false;
  /** When set, writes (anything but GET) wait for it: lets a test look at the form before a send lands. */
  writesWait: Promise<void> | undefined;
  /** Writes held at {@link writesWait} right now, so a test can wait for one to be on its way. */
  waitingWrites = 0;
  /**
   * When true the page's own Content-Security-Policy refuses every request to the hub, as the browser reports it: a
   * `securitypolicyviolation` event naming the hub's address, then a fetch that fails. For stories; the browser test
   * of it uses a real policy (handover-form.policy.test.ts).
   */
  blockedByPage = false;
  /** When true the hub answers reads but refuses every write with a 503 (a hub that is up but failing). */
  refuseWrites = false;
  /** Requests that the hub carries out but whose answers are lost on the way back (a dropped connection). */
  loseResponses = 0;
  /** When it returns true for a create's body, the hub refuses it as invalid (422), as its validation does. */
  refuseCreate: ((body: HandoverCreate) => boolean) | undefined;
  /** When true the hub refuses every submission as invalid (422), as its validation does for rules the form lacks. */
  refuseSubmit = false;
  /**
   * When set, every submission is answered with this status before it reaches the hub, as a proxy answers a
   * request it timed out (408) or one it will not take yet (425): "not now", kept for no idempotency key.
   */
  submitNotNow: number | undefined;
  /** When set the hub answers every submission with this problem (one neither a refusal nor "try again later"). */
  submitProblem: { status: number; code: string; detail: string } | undefined;
  /**
   * The organisations a handover can be addressed to, as the hub's store has them: `sec-b`, the school the tests
   * send to, is all-through, so it receives every transition; `nur-c` (a nursery) and `pri-d` (a primary school) cannot receive a Year 6 to Year 7 handover.
   */
  readonly organisations = new Map<string, Pick<Organisation, 'kind' | 'phases'>>([
    ['pri-a', { kind: 'school', phases: ['ks1', 'ks2'] }],
    ['sec-b', { kind: 'school', phases: ['early-years', 'ks1', 'ks2', 'ks3', 'ks4', 'post-16'] }],
    ['nur-c', { kind: 'early-years-setting', phases: ['pre-school'] }],
    ['pri-d', { kind: 'school', phases: ['ks1', 'ks2'] }],
  ]);
  private readonly replay = new Map<string, { body: string; status: number; response: unknown }>();
  private seq = 0;

  constructor(learnerCount = 3) {
    for (const l of syntheticLearners(learnerCount, 42, '2026-03-01'))
      this.learners.set(l.id, { ...l, organisationId: 'pri-a' });
    this.addUser('tok-teacher', { id: 'u-teacher', role: 'teacher', organisationId: 'pri-a' });
    this.addUser('tok-teacher2', { id: 'u-teacher2', role: 'teacher', organisationId: 'pri-a' });
    this.addUser('tok-dsl', { id: 'u-dsl', role: 'dsl', organisationId: 'pri-a' });
    this.addUser('tok-parent', { id: 'u-parent', role: 'parent', organisationId: 'pri-a' });
    this.addUser('tok-receiver', { id: 'u-receiver', role: 'transition-lead', organisationId: 'sec-b' });
    this.addUser('tok-receiver-dsl', { id: 'u-receiver-dsl', role: 'dsl', organisationId: 'sec-b' });
  }

  addUser(token: string, user: FakeUser): void {
    this.users.set(token, user);
  }

  get firstLearner(): Learner {
    return [...this.learners.values()][0]!;
  }

  /** Puts a handover straight into the store (as another person's earlier work would be). */
  seed(learner: Learner, transition: Transition, patch: Partial<Handover> = {}): Handover {
    const now = new Date().toISOString();
    const { id: _id, organisationId: _o, upnTemporary: _u, gender: _g, preferredSurname: _p, ...core } = learner;
    const h: Handover = {
      id: `hnd-${++handoversSeeded}`,
      version: 1,
      status: 'draft',
      transition,
      templateId: `std-${transition}`,
      learnerId: learner.id,
      learner: core,
      sendingOrganisationId: 'pri-a',
      receivingOrganisationId: 'sec-b',
      sections: {},
      safeguardingTransferRequired: false,
      messages: [],
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ...patch,
    };
    this.handovers.set(h.id, h);
    return h;
  }

  /** An SDK client for one user, talking to this fake. */
  client(token = 'tok-teacher', tab?: string) {
    const headers = tab ? { 'x-test-tab': tab } : undefined;
    return createClient({
      baseUrl: 'https://hub.test',
      token,
      fetch: this.fetch,
      retries: 0,
      timeoutMs: 5000,
      headers,
    });
  }

  count(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    if (this.offline) throw new TypeError('Failed to fetch');
    if (this.blockedByPage) {
      const violation = { effectiveDirective: 'connect-src', violatedDirective: 'connect-src', blockedURI: req.url };
      dispatchEvent(
        new SecurityPolicyViolationEvent('securitypolicyviolation', {
          ...violation,
          originalPolicy: "connect-src 'self'",
          disposition: 'enforce',
          statusCode: 0,
        }),
      );
      throw new TypeError('Failed to fetch');
    }
    if (req.method !== 'GET' && this.writesWait) {
      this.waitingWrites++;
      await this.writesWait.finally(() => this.waitingWrites--);
    }
    const url = new URL(req.url);
    const text = req.method === 'GET' ? '' : await req.text();
    const body = text ? JSON.parse(text) : undefined;
    const user = this.users.get((req.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
    const key = req.headers.get('idempotency-key');
    this.requests.push({
      method: req.method,
      path: url.pathname,
      idempotencyKey: key,
      ifMatch: req.headers.get('if-match'),
      body,
      user: user?.id ?? '',
      tab: req.headers.get('x-test-tab'),
    });
    if (!user) return json(401, problem(401, 'unauthenticated', 'Sign in again.').body);
    if (this.refuseWrites && req.method !== 'GET')
      return json(503, problem(503, 'unavailable', 'The hub is busy. Try again shortly.').body);
    if (this.submitNotNow && req.method === 'POST' && url.pathname.endsWith('/submit'))
      return new Response(null, { status: this.submitNotNow, headers: { 'x-request-id': 'req-test' } });
    if (req.method === 'POST' && key) {
      const stored = this.replay.get(`${user.id}|${key}`);
      if (stored) {
        if (stored.body !== text)
          return json(422, problem(422, 'idempotency_key_reused', 'This key was used for a different request.').body);
        return json(stored.status, stored.response, { 'idempotent-replayed': 'true' });
      }
    }
    const res = this.route(req.method, url.pathname, body, user, req.headers.get('if-match'));
    if (req.method === 'POST' && key && res.status < 500)
      this.replay.set(`${user.id}|${key}`, { body: text, status: res.status, response: res.body });
    if (this.loseResponses > 0) {
      this.loseResponses--;
      throw new TypeError('Failed to fetch');
    }
    return json(
      res.status,
      res.body,
      res.status < 300 && res.body && typeof res.body === 'object' && 'version' in res.body
        ? { etag: `"${(res.body as Handover).version}"` }
        : {},
    );
  };

  private route(
    method: string,
    path: string,
    body: unknown,
    user: FakeUser,
    ifMatch: string | null,
  ): { status: number; body: unknown } {
    if (method === 'GET' && path === '/v1/me') {
      return ok({
        user: {
          id: user.id,
          name: `Test ${user.role}`,
          email: `${user.id}@example.org`,
          role: user.role,
          organisationId: user.organisationId,
          learnerIds: user.role === 'parent' ? [...this.learners.keys()] : [],
          disabled: false,
        },
        organisationName: 'Test School',
        tokenKind: 'session',
      });
    }
    let m = /^\/v1\/templates\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const t = Object.values(STANDARD_TEMPLATES).find((x) => x.id === m![1]);
      return t ? ok(t) : notFound();
    }
    m = /^\/v1\/learners\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const l = this.learners.get(m[1]!);
      return l ? ok(l) : notFound();
    }
    if (method === 'POST' && path === '/v1/handovers') {
      const input = body as HandoverCreate;
      const learner = this.learners.get(input.learnerId);
      if (!learner) return notFound();
      if (this.refuseCreate?.(input)) return problem(422, 'validation_failed', 'Some answers are not valid.');
      const refused = this.receiverRefused(input.transition, input.receivingOrganisationId);
      if (refused) return refused;
      const h = this.seed(learner, input.transition, {
        receivingOrganisationId: input.receivingOrganisationId,
        sections: input.sections ?? {},
        safeguardingTransferRequired: input.safeguardingTransferRequired ?? false,
        ...(input.safeguarding ? { safeguarding: input.safeguarding } : {}),
      });
      return { status: 201, body: this.view(h, user) };
    }
    m = /^\/v1\/handovers\/([^/]+)(\/[a-z-]+)?$/.exec(path);
    if (!m) return notFound();
    const h = this.handovers.get(m[1]!);
    if (!h) return notFound();
    const action = m[2];
    if (method === 'GET' && !action) return ok(this.view(h, user));
    const version = ifMatch ? Number(ifMatch.replace(/"/g, '')) : undefined;
    if (method === 'PATCH' && !action) {
      // As the hub: once acknowledged, only the sending DSL's record of the child-protection transfer.
      const keys = Object.keys(body as object);
      const transferOnly =
        user.role === 'dsl' &&
        user.organisationId === h.sendingOrganisationId &&
        keys.length > 0 &&
        keys.every((k) => k === 'safeguarding' || k === 'safeguardingTransferRequired');
      if (h.status === 'acknowledged' && !transferOnly)
        return problem(409, 'invalid_state', 'This handover has been acknowledged, so it can no longer be changed.');
      if (version === undefined) return problem(428, 'precondition_required', 'Send If-Match.');
      if (version !== h.version)
        return {
          status: 409,
          body: {
            ...problemBody(409, 'version_conflict', 'Someone else saved this handover first.'),
            currentVersion: h.version,
            current: this.view(h, user),
          },
        };
      const patch = body as HandoverUpdate;
      const refused =
        patch.receivingOrganisationId && this.receiverRefused(h.transition, patch.receivingOrganisationId);
      if (refused) return refused;
      if (patch.safeguarding && user.role !== 'dsl')
        return problem(403, 'forbidden', 'Only the DSL can change safeguarding.');
      const sections = { ...h.sections };
      for (const [id, answers] of Object.entries(patch.sections ?? {})) {
        if (user.role === 'parent' && !PARENT_SECTIONS.includes(id))
          return problem(403, 'forbidden', 'Parents add to two sections only.');
        // As the hub: answers are merged into the section, so an answer left out of a patch stays as it was.
        sections[id] = { ...sections[id], ...answers };
      }
      Object.assign(h, {
        sections,
        learner: { ...h.learner, ...(patch.learner ?? {}) },
        ...(patch.receivingOrganisationId !== undefined
          ? { receivingOrganisationId: patch.receivingOrganisationId }
          : {}),
        ...(patch.safeguardingTransferRequired !== undefined
          ? { safeguardingTransferRequired: patch.safeguardingTransferRequired }
          : {}),
        ...(patch.safeguarding ? { safeguarding: patch.safeguarding } : {}),
        version: h.version + 1,
        updatedAt: new Date().toISOString(),
      });
      return ok(this.view(h, user));
    }
    if (method === 'POST' && action === '/submit') {
      if (this.refuseSubmit) return problem(422, 'validation_failed', 'The hub does not take this handover yet.');
      if (this.submitProblem)
        return problem(this.submitProblem.status, this.submitProblem.code, this.submitProblem.detail);
      if (version !== undefined && version !== h.version)
        return {
          status: 409,
          body: {
            ...problemBody(409, 'version_conflict', 'Changed since.'),
            currentVersion: h.version,
            current: this.view(h, user),
          },
        };
      if (h.status !== 'draft') return problem(409, 'invalid_state', 'Already submitted.');
      // As the hub: the receiver is checked again on sending (a draft started before the rule).
      const refused = this.receiverRefused(h.transition, h.receivingOrganisationId);
      if (refused) return refused;
      const issues = checkAnswers(STANDARD_TEMPLATES[h.transition], h.sections);
      if (issues.length)
        return {
          status: 422,
          body: { ...problemBody(422, 'validation_failed', 'Some answers are missing.'), errors: issues },
        };
      Object.assign(h, {
        status: 'submitted',
        version: h.version + 1,
        submittedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      });
      return ok(this.view(h, user));
    }
    if (method === 'POST' && action === '/acknowledge') {
      if (h.status !== 'submitted') return problem(409, 'invalid_state', 'Not submitted.');
      // As the hub: an If-Match naming a version changed since is refused with the copy as it is now, so an
      // acknowledgement never stands for a copy nobody read; without one, it is taken as before.
      if (version !== undefined && version !== h.version) return this.conflict(h, user);
      const at = new Date().toISOString();
      const msg = (body as { message?: string }).message;
      Object.assign(h, {
        status: 'acknowledged',
        version: h.version + 1,
        acknowledgedAt: at,
        acknowledgedBy: `Test ${user.role}`,
        updatedAt: at,
        messages: msg
          ? [
              ...h.messages,
              {
                id: `m${++this.seq}`,
                authorName: `Test ${user.role}`,
                organisationId: user.organisationId,
                at,
                body: msg,
              },
            ]
          : h.messages,
      });
      return ok(this.view(h, user));
    }
    if (method === 'POST' && action === '/safeguarding-receipt') {
      // As the hub: the receiving school's DSL, where a transfer is needed, once.
      if (user.role !== 'dsl' || user.organisationId !== h.receivingOrganisationId)
        return problem(403, 'forbidden', 'Only the receiving DSL.');
      const transfer = h.safeguarding?.transfer;
      if (!h.safeguardingTransferRequired || transfer?.receiptConfirmedAt)
        return problem(409, 'invalid_state', 'Nothing to confirm.');
      const method = transfer?.method ?? (body as { method?: NonNullable<typeof transfer>['method'] }).method;
      if (!method) return problem(422, 'validation_failed', 'method: Choose how the file arrived.');
      const at = new Date().toISOString();
      h.version += 1;
      h.updatedAt = at;
      h.safeguarding = {
        cpFileExists: h.safeguarding?.cpFileExists ?? true,
        dslContacts: h.safeguarding?.dslContacts ?? [],
        transfer: { ...transfer, method, receiptConfirmedAt: at, receiptConfirmedBy: 'Test dsl (Secondary B)' },
      };
      return ok(this.view(h, user));
    }
    if (method === 'POST' && action === '/messages') {
      const at = new Date().toISOString();
      // As the hub: a message is a new version of the handover.
      h.version += 1;
      h.updatedAt = at;
      h.messages = [
        ...h.messages,
        {
          id: `m${++this.seq}`,
          authorName: `Test ${user.role}`,
          organisationId: user.organisationId,
          at,
          body: (body as { body: string }).body,
        },
      ];
      return ok(this.view(h, user));
    }
    return notFound();
  }

  /**
   * The hub's 422 for a receiving organisation it does not know (its routes' `requireReceiver`), or one that cannot
   * receive a `transition` handover (its receivers.ts, on create, on a change of receiver and on submit): one issue
   * at `receivingOrganisationId`, by kind, then by phase.
   */
  private receiverRefused(transition: Transition, id: string | null | undefined) {
    if (!id) return undefined;
    const org = this.organisations.get(id);
    if (!org) {
      const message = 'Choose a school or setting from the list of organisations.';
      return {
        status: 422,
        body: {
          ...problemBody(
            422,
            'validation_failed',
            'The receiving school or setting is not known to this hub. Choose one from the list of organisations.',
          ),
          errors: [{ path: 'receivingOrganisationId', code: 'unknown_organisation', message }],
        },
      };
    }
    if (canReceive(transition, org)) return undefined;
    const kind = RECEIVER_RULES[transition].kinds.includes(org.kind);
    const message = kind
      ? 'This school does not teach the phase this handover goes to: choose one that does.'
      : 'This organisation cannot receive this handover: choose a school.';
    return {
      status: 422,
      body: {
        ...problemBody(422, 'validation_failed', message),
        errors: [
          {
            path: 'receivingOrganisationId',
            code: kind ? 'receiver_phase_not_taught' : 'receiver_kind_not_allowed',
            message,
          },
        ],
      },
    };
  }

  /** 409 `version_conflict` with the current copy, as this user may see it (the hub's `conflict`). */
  private conflict(h: Handover, user: FakeUser): { status: number; body: unknown } {
    return {
      status: 409,
      body: {
        ...problemBody(409, 'version_conflict', 'Someone else saved a newer version of this handover.'),
        currentVersion: h.version,
        current: this.view(h, user),
      },
    };
  }

  /** The handover as this user may see it (the hub's field-level rules). */
  private view(h: Handover, user: FakeUser): Handover {
    const copy = structuredClone(h);
    if (user.role !== 'dsl') delete copy.safeguarding;
    if (user.role === 'parent') {
      copy.sections = Object.fromEntries(Object.entries(copy.sections).filter(([id]) => PARENT_SECTIONS.includes(id)));
      // As the hub's ParentHandoverSchema: nothing a parent must not learn (safeguarding, the schools' messages).
      const partial = copy as Partial<Handover>;
      delete partial.safeguardingTransferRequired;
      delete partial.messages;
      delete partial.acknowledgedBy;
      const { legalForename, legalSurname, preferredForename } = copy.learner;
      (copy as { learner: unknown }).learner = {
        legalForename,
        legalSurname,
        ...(preferredForename ? { preferredForename } : {}),
      };
    }
    return copy;
  }
}

const ok = (body: unknown) => ({ status: 200, body });
const notFound = () => problem(404, 'not_found', 'Not found.');
function problemBody(status: number, code: string, detail: string) {
  return { type: `https://hub.test/problems/${code}`, title: code, status, code, detail, requestId: 'req-test' };
}
function problem(status: number, code: string, detail: string) {
  return { status, body: problemBody(status, code, detail) };
}
function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const isProblem = status >= 400;
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': isProblem ? 'application/problem+json' : 'application/json',
      'x-request-id': 'req-test',
      ...headers,
    },
  });
}
