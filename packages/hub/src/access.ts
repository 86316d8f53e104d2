/**
 * Who may see and change what. Each rule of docs/hub-api.md is one function here, so the rules can be read
 * (and reviewed by a data protection officer) in one place.
 */
import {
  HANDOVER_STAFF_ROLES,
  SAFEGUARDING_ROLES,
  receivesStrand,
  type Handover,
  type HandoverView,
  type Learner,
  type Role,
} from '@c2c/schema';
import type { AuditInput, Store } from './store.js';
import type { Caller } from './registry.js';

/** Sections a parent or carer may read and add to. */
export const PARENT_SECTIONS = ['pupil-voice', 'family'] as const;

/** Roles that work with youth, families or social care: they see a pathway once they work with the learner. */
const PATHWAY_WORKER_ROLES: readonly Role[] = ['youth-worker', 'family-worker', 'social-worker'];

export const isParent = (caller: Caller) => caller.user.role === 'parent';
export const isStaff = (caller: Caller) => caller.user.role !== 'parent';
export const isHandoverStaff = (caller: Caller) => HANDOVER_STAFF_ROLES.includes(caller.user.role);
export const isDsl = (caller: Caller) => SAFEGUARDING_ROLES.includes(caller.user.role);

/** How a caller relates to a handover, or null when they may not see it at all (answered as 404). */
export type HandoverRelation = 'sending' | 'receiving' | 'parent';

export function handoverRelation(caller: Caller, h: Handover): HandoverRelation | null {
  if (isParent(caller)) return caller.user.learnerIds.includes(h.learnerId) ? 'parent' : null;
  if (!isHandoverStaff(caller)) return null;
  if (caller.organisation.id === h.sendingOrganisationId) return 'sending';
  if (caller.organisation.id === h.receivingOrganisationId && h.status !== 'draft') return 'receiving';
  return null;
}

/**
 * Whether the caller may take the receiving school's part in a handover (acknowledge it, confirm that the
 * child-protection file arrived): staff of the receiving organisation once it is submitted. That includes a handover
 * an organisation sent to itself (an all-through primary's Year 2 teacher handing over to the Year 3 teacher), whose
 * staff are the sending school too: {@link handoverRelation} says `sending` for them, so the sender's actions and
 * view (drafts included, as they wrote them) stay as they are, and this opens the receiver's actions beside them.
 * Anyone of them may acknowledge, whoever submitted it: in a one-teacher school that is the same person, and the
 * audit log and the version history name both. A draft is for nobody to acknowledge, as ever.
 */
export function receivesHandover(caller: Caller, h: Handover, relation: HandoverRelation): boolean {
  if (relation === 'receiving') return true;
  return relation === 'sending' && h.receivingOrganisationId === caller.organisation.id && h.status !== 'draft';
}

/**
 * The handover as this caller may see it: safeguarding only for a DSL, a parent gets the learner's names and
 * the parent sections only.
 */
export function viewHandover(caller: Caller, h: Handover, relation: HandoverRelation): HandoverView {
  if (relation === 'parent') {
    const sections: Handover['sections'] = {};
    for (const id of PARENT_SECTIONS) if (h.sections[id]) sections[id] = h.sections[id];
    const {
      safeguarding: _s,
      safeguardingTransferRequired: _t,
      messages: _m,
      acknowledgedBy: _a,
      learner,
      ...rest
    } = h;
    return {
      ...rest,
      sections,
      learner: {
        legalForename: learner.legalForename,
        legalSurname: learner.legalSurname,
        ...(learner.preferredForename ? { preferredForename: learner.preferredForename } : {}),
      },
    };
  }
  if (isDsl(caller)) return h;
  const { safeguarding: _s, ...rest } = h;
  return rest;
}

/**
 * Whether the caller may read a learner's record (`GET /v1/learners/:id`). Records are for school or setting staff
 * and a child's own parents: a youth, family or social worker is given a learner's pathway once their organisation
 * works with the child, never the record (contacts, SEN, free school meals), even when an administrator gave them
 * an account in a school, or a handover was sent to their organisation.
 */
export async function canReadLearner(store: Store, caller: Caller, learner: Learner): Promise<boolean> {
  if (isParent(caller)) return caller.user.learnerIds.includes(learner.id);
  if (!isHandoverStaff(caller)) return false;
  if (learner.organisationId === caller.organisation.id) return true;
  return store.isReceivingOrganisation(learner.id, caller.organisation.id);
}

/** Whether the caller may read a learner's pathway: as the record, plus workers who work with the learner. */
export async function canReadPathway(store: Store, caller: Caller, learner: Learner): Promise<boolean> {
  if (await canReadLearner(store, caller, learner)) return true;
  return (
    PATHWAY_WORKER_ROLES.includes(caller.user.role) && store.organisationWorksWith(caller.organisation.id, learner.id)
  );
}

/** One audit line for this caller. */
export function auditLine(
  caller: Caller,
  at: Date,
  action: AuditInput['action'],
  resource: string,
  resourceId: string,
  learnerId: string | null,
): AuditInput {
  return {
    at: at.toISOString(),
    userId: caller.user.id,
    role: caller.user.role,
    organisationId: caller.organisation.id,
    action,
    resource,
    resourceId,
    learnerId,
  };
}

/**
 * The audit lines for pathway events leaving the hub in a response: a read, and a safeguarding read when the caller
 * is sent the safe strand. That second line is written for every such response, whether or not the strand has
 * events, so the log (which administrators read) does not itself say which children have safeguarding events.
 */
export function pathwayAudit(
  caller: Caller,
  at: Date,
  learnerId: string,
  action: 'read' | 'update' | 'export',
): AuditInput[] {
  return [
    auditLine(caller, at, action, action === 'export' ? 'learner' : 'pathway', learnerId, learnerId),
    ...(receivesStrand(caller.user.role, 'safe')
      ? [auditLine(caller, at, 'read-safeguarding', 'pathway', learnerId, learnerId)]
      : []),
  ];
}

/**
 * The audit lines for a handover leaving the hub in a response: a read, and for a DSL a safeguarding read. That
 * second line records the DSL's access to the handover's safeguarding section, and is written for every handover a
 * DSL is sent whether or not it holds a safeguarding record, so the log (which administrators read) does not itself
 * say which handovers carry one, as {@link pathwayAudit} does for the safe strand.
 */
export function handoverAudit(caller: Caller, at: Date, h: { id: string; learnerId: string }): AuditInput[] {
  return [
    auditLine(caller, at, 'read', 'handover', h.id, h.learnerId),
    ...(isDsl(caller) ? [auditLine(caller, at, 'read-safeguarding', 'handover', h.id, h.learnerId)] : []),
  ];
}

/** Why a role not sent a strand may not record an event in it (the only such strand is `safe`). */
export const SAFE_STRAND_REFUSAL =
  'Only the designated safeguarding lead can record events in the safe strand (early help, child in need, child protection). Pass your concern to your DSL.';
