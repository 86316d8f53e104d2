import type {
  Answer,
  Handover,
  HandoverCreate,
  HandoverStatus,
  HandoverTemplate,
  LearnerCore,
  Safeguarding,
  Sections,
  Transition,
} from '@c2c/schema';

/**
 * Everything a person can change on a handover, in one plain object: the shape kept in IndexedDB, compared
 * in a conflict and sent to the hub. Types come from `@c2c/schema`; nothing here is written twice.
 */
export interface DraftState {
  learner: Partial<LearnerCore>;
  sections: Sections;
  safeguardingTransferRequired: boolean;
  /** Only for the DSL role; undefined for everyone else (the hub never sends it to them). */
  safeguarding?: Safeguarding;
  receivingOrganisationId: string | null;
}

/** What is waiting to be sent to the hub (the outbox), kept with the draft so both are written at once. */
export interface Pending {
  /** Local changes the hub has not got yet. */
  save: boolean;
  /** A submission asked for while offline (or interrupted), with the key that makes a retry safe. */
  submit?: { idempotencyKey: string; queuedAt: string };
  /**
   * Answers the last save to the hub left out because the hub would refuse them as they stand (a half-typed UPN,
   * a DSL contact without an email): they exist only on this device until they are completed.
   */
  heldBack?: boolean;
}

/** The local copy of one handover, as stored on this device. */
export interface LocalRecord {
  key: string;
  /** Set once the hub has created the draft. */
  handoverId?: string;
  version?: number;
  status: HandoverStatus;
  learnerId: string;
  transition: Transition;
  templateId: string;
  state: DraftState;
  /** The hub's values at the last successful sync: the common ancestor for a three-way merge. */
  base?: DraftState;
  /** When the person last changed something. */
  changedAt: string;
  savedLocallyAt?: string;
  savedToHubAt?: string;
  /** Kept so a retried create (after a crash, a timeout or going offline) can never make two drafts. */
  createKey: string;
  /**
   * The create as first sent under `createKey`, until the hub answers it. A retry must send it unchanged: the hub
   * refuses a key used again for a different request, so a retry carrying what was typed since would be refused
   * every time and the draft would never reach the hub. What was typed since follows in an update.
   */
  createBody?: HandoverCreate;
  /**
   * The answers as sent in updates that got no answer (a dropped connection): one may have landed on the hub, so
   * a conflict met afterwards can be told apart from another person's change. Cleared by the next answered save.
   */
  unanswered?: DraftState[];
  pending: Pending;
  /**
   * A submission the hub would not carry out, forgotten so that nothing sends it again unasked: kept until the
   * teacher submits again, so the form can say so whenever the handover is opened, even after the teacher had
   * moved on to another learner when the answer came. `code` and `message` are the hub's problem code and detail.
   */
  submitNotSent?: { at: string; code: string; message: string };
  /** Present on the record left under a learner's key once the hub has given the draft an id. */
  movedTo?: string;
  /** Only on a stash: the record was deleted (parts/autosave.ts). */
  gone?: true;
}

export function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The editable state of a handover as the hub returned it. */
export function stateFromHandover(h: Handover): DraftState {
  return {
    learner: { ...h.learner },
    sections: structuredClone(h.sections),
    safeguardingTransferRequired: h.safeguardingTransferRequired,
    ...(h.safeguarding ? { safeguarding: structuredClone(h.safeguarding) } : {}),
    receivingOrganisationId: h.receivingOrganisationId,
  };
}

export function emptyState(receivingOrganisationId: string | null): DraftState {
  return { learner: {}, sections: {}, safeguardingTransferRequired: false, receivingOrganisationId };
}

/** Reads a dotted path (`learner.upn`, `sections.send.plans`, `safeguarding.cpFileExists`). */
export function getAt(state: DraftState, path: string): unknown {
  const [head, ...rest] = path.split('.');
  if (head === 'sections') {
    const [section, question] = rest as [string, string];
    return state.sections[section]?.[question];
  }
  let node: unknown = (state as unknown as Record<string, unknown>)[head!];
  for (const part of rest) {
    if (node === undefined || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Writes a dotted path in place; empty answers are removed so drafts stay small and comparable. */
export function setAt(state: DraftState, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (head === 'sections') {
    const [section, question] = rest as [string, string];
    const answers = (state.sections[section] ??= {});
    if (empty) delete answers[question];
    else answers[question] = value as Answer;
    if (Object.keys(answers).length === 0) delete state.sections[section];
    return;
  }
  if (rest.length === 0) {
    (state as unknown as Record<string, unknown>)[head!] = value;
    return;
  }
  let node = state as unknown as Record<string, unknown>;
  const parents = [head!, ...rest.slice(0, -1)];
  for (const part of parents) node = (node[part] ??= {}) as Record<string, unknown>;
  const last = rest[rest.length - 1]!;
  if (empty) delete node[last];
  else node[last] = value;
}

/** Every field path a person can change, for comparing two states. */
export function fieldPaths(...states: Array<DraftState | undefined>): string[] {
  const paths = new Set<string>();
  for (const s of states) {
    if (!s) continue;
    for (const k of Object.keys(s.learner)) paths.add(`learner.${k}`);
    for (const [section, answers] of Object.entries(s.sections))
      for (const q of Object.keys(answers)) paths.add(`sections.${section}.${q}`);
    paths.add('safeguardingTransferRequired');
    paths.add('receivingOrganisationId');
    if (s.safeguarding) paths.add('safeguarding');
  }
  return [...paths];
}

export function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ? null : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** A field both people changed, differently: the person must choose. */
export interface ConflictField {
  path: string;
  mine: unknown;
  theirs: unknown;
}

/**
 * Three-way merge of this device's state with the hub's, against the last state both shared. Fields only the
 * other person changed are taken from the hub; fields only this person changed are kept; fields both changed
 * differently come back as conflicts for the person to settle. Nothing is overwritten without a choice.
 */
export function merge(
  base: DraftState | undefined,
  mine: DraftState,
  theirs: DraftState,
): { merged: DraftState; conflicts: ConflictField[] } {
  const merged = structuredClone(theirs);
  const conflicts: ConflictField[] = [];
  for (const path of fieldPaths(base, mine, theirs)) {
    const m = getAt(mine, path);
    const t = getAt(theirs, path);
    if (same(m, t)) continue;
    const b = base ? getAt(base, path) : undefined;
    if (base && same(m, b)) continue; // only they changed it
    if (base && same(t, b)) {
      setAt(merged, path, structuredClone(m)); // only I changed it
      continue;
    }
    conflicts.push({ path, mine: m, theirs: t });
  }
  return { merged, conflicts };
}

/** The answers of the sections a parent may add to (the template says which). */
export function sectionsFor(template: HandoverTemplate, sections: Sections, ids: readonly string[]): Sections {
  const out: Sections = {};
  for (const s of template.sections) if (ids.includes(s.id) && sections[s.id]) out[s.id] = sections[s.id]!;
  return out;
}
