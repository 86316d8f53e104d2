import type {
  Handover,
  HandoverCreate,
  HandoverTemplate,
  HandoverUpdate,
  HandoverView,
  Principal,
  SafeguardingTransferMethod,
} from '@c2c/schema';

type Opts = { signal?: AbortSignal; idempotencyKey?: string; timeoutMs?: number };

/** The handover calls the form makes; `H` is what they answer (a parent gets the parent's view). */
export interface HandoverCalls<H> {
  get(id: string, opts?: Opts): Promise<H>;
  create(input: HandoverCreate, opts?: Opts): Promise<H>;
  update(id: string, version: number, patch: HandoverUpdate, opts?: Opts): Promise<H>;
  submit(id: string, opts?: Opts & { version?: number }): Promise<H>;
  /** `version`: the version read; the hub refuses it (409 with the current copy) when the sender changed it since. */
  acknowledge(id: string, input: { message?: string }, opts?: Opts & { version?: number }): Promise<H>;
  addMessage(id: string, body: string, opts?: Opts): Promise<H>;
  /** The receiving DSL confirms the child-protection file arrived; a client without it offers no such button. */
  confirmSafeguardingReceipt?(id: string, input: { method?: SafeguardingTransferMethod }, opts?: Opts): Promise<H>;
}

/**
 * The part of the `@c2c/sdk` client the handover form uses. Written structurally so the form never bundles
 * the SDK itself (the host passes its client in) and so any object with these methods works, such as a
 * vendor's own wrapper around the hub.
 */
export interface HandoverFormClient {
  me(opts?: Opts): Promise<Principal>;
  handovers: HandoverCalls<HandoverView>;
  templates: { get(id: string, opts?: Opts): Promise<HandoverTemplate> };
}

/**
 * A handover as the form works with it. A parent's view leaves out the safeguarding flag, the schools' messages
 * and who acknowledged it; the form reads them as "none", which is all a parent's form ever shows of them.
 */
export function asHandover(view: HandoverView): Handover {
  return { safeguardingTransferRequired: false, messages: [], acknowledgedBy: null, ...view } as Handover;
}

const wrapped = new WeakMap<HandoverFormClient, HandoverCalls<Handover>>();
/** The client's handover calls, answering in the form's shape whatever the caller's role. */
export function handoversOf(client: HandoverFormClient): HandoverCalls<Handover> {
  let calls = wrapped.get(client);
  if (!calls) {
    const h = client.handovers;
    calls = {
      get: async (...a) => asHandover(await h.get(...a)),
      create: async (...a) => asHandover(await h.create(...a)),
      update: async (...a) => asHandover(await h.update(...a)),
      submit: async (...a) => asHandover(await h.submit(...a)),
      acknowledge: async (...a) => asHandover(await h.acknowledge(...a)),
      addMessage: async (...a) => asHandover(await h.addMessage(...a)),
    };
    const confirm = h.confirmSafeguardingReceipt?.bind(h);
    if (confirm) calls.confirmSafeguardingReceipt = async (...a) => asHandover(await confirm(...a));
    wrapped.set(client, calls);
  }
  return calls;
}

/** The SDK's ConflictError, recognised by shape so the SDK need not be bundled. */
export function asConflict(err: unknown): { currentVersion: number; current?: Handover } | undefined {
  const e = err as {
    name?: string;
    status?: number;
    code?: string;
    currentVersion?: number;
    current?: HandoverView;
  } | null;
  if (
    e &&
    (e.name === 'ConflictError' || (e.status === 409 && e.code === 'version_conflict')) &&
    typeof e.currentVersion === 'number'
  ) {
    return { currentVersion: e.currentVersion, ...(e.current ? { current: asHandover(e.current) } : {}) };
  }
  return undefined;
}

/** Statuses that say "not now" (a timed-out request, too early, too many): the same request may go again later. */
const NOT_NOW = [408, 425, 429];

/** True when the failure means "try again later" (offline, timeout, busy hub) rather than "this is wrong". */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; status?: number; code?: string } | null;
  if (!e) return false;
  if (e.name === 'NetworkError' || e.name === 'TimeoutError' || e.name === 'TypeError' || e.name === 'AbortError')
    return true;
  if (e.code === 'idempotency_in_progress' || e.code === 'rate_limited' || e.code === 'unavailable') return true;
  // A proxy's 408 or 425 carries no problem code of the hub's: without this a submission it answered was dropped
  // as if the hub had refused it, and a save was not tried again.
  return typeof e.status === 'number' && (e.status >= 500 || NOT_NOW.includes(e.status));
}

/**
 * True when the hub answered a request with a refusal (a 4xx other than "not now"): it did not carry it out, and
 * the same request would only be refused again.
 */
export function isRefused(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 409 && !NOT_NOW.includes(status);
}

/** The message of an SDK error, for a school administrator (the hub's `detail`), with its stable code. */
export function describeError(err: unknown): { code: string; message: string } {
  const e = err as {
    code?: string;
    detail?: string;
    message?: string;
    issues?: { code?: string }[];
  } | null;
  // The receiving organisation the host chose cannot take this transition's handover (the hub's receivers.ts). No
  // answer in the form is wrong, and the hub's words say "choose a school", which nothing in the form can do: the
  // form says it in its own words, in both languages (`hubErrorReceiver`). So for one the hub does not know at all
  // (`unknown_organisation`, `hubErrorUnknownReceiver`), whose English the hub would show on a Welsh page.
  // These codes are the hub's for `receivingOrganisationId` only.
  for (const i of e?.issues ?? []) {
    if (/^receiver_/.test(i.code!)) return { code: 'receiver', message: '' };
    if (i.code === 'unknown_organisation') return { code: 'unknown_receiver', message: '' };
  }
  return { code: e?.code ?? 'unknown', message: e?.detail ?? e?.message ?? '' };
}
