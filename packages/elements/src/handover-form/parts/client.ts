import type { Handover, HandoverCreate, HandoverTemplate, HandoverUpdate, Principal } from '@c2c/schema';

type Opts = { signal?: AbortSignal; idempotencyKey?: string; timeoutMs?: number };

/**
 * The part of the `@c2c/sdk` client the handover form uses. Written structurally so the form never bundles
 * the SDK itself (the host passes its client in) and so any object with these methods works, such as a
 * vendor's own wrapper around the hub.
 */
export interface HandoverFormClient {
  me(opts?: Opts): Promise<Principal>;
  handovers: {
    get(id: string, opts?: Opts): Promise<Handover>;
    create(input: HandoverCreate, opts?: Opts): Promise<Handover>;
    update(id: string, version: number, patch: HandoverUpdate, opts?: Opts): Promise<Handover>;
    submit(id: string, opts?: Opts & { version?: number }): Promise<Handover>;
    acknowledge(id: string, input: { message?: string }, opts?: Opts): Promise<Handover>;
    addMessage(id: string, body: string, opts?: Opts): Promise<Handover>;
  };
  templates: { get(id: string, opts?: Opts): Promise<HandoverTemplate> };
}

/** The SDK's ConflictError, recognised by shape so the SDK need not be bundled. */
export function asConflict(err: unknown): { currentVersion: number; current?: Handover } | undefined {
  const e = err as {
    name?: string;
    status?: number;
    code?: string;
    currentVersion?: number;
    current?: Handover;
  } | null;
  if (
    e &&
    (e.name === 'ConflictError' || (e.status === 409 && e.code === 'version_conflict')) &&
    typeof e.currentVersion === 'number'
  ) {
    return { currentVersion: e.currentVersion, ...(e.current ? { current: e.current } : {}) };
  }
  return undefined;
}

/** True when the failure means "try again later" (offline, timeout, busy hub) rather than "this is wrong". */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; status?: number; code?: string } | null;
  if (!e) return false;
  if (e.name === 'NetworkError' || e.name === 'TimeoutError' || e.name === 'TypeError' || e.name === 'AbortError')
    return true;
  if (e.code === 'idempotency_in_progress' || e.code === 'rate_limited' || e.code === 'unavailable') return true;
  return typeof e.status === 'number' && e.status >= 500;
}

/** The message of an SDK error, for a school administrator (the hub's `detail`), with its stable code. */
export function describeError(err: unknown): { code: string; message: string } {
  const e = err as { code?: string; detail?: string; message?: string } | null;
  return { code: e?.code ?? 'unknown', message: e?.detail ?? e?.message ?? '' };
}
