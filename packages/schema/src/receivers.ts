import type { Phase } from './dates.js';
import type { Organisation } from './organisation.js';
import type { Transition } from './template.js';

/** Who can receive one kind of handover: the organisations that take children on roll at that point. */
export interface ReceiverRule {
  /** The kinds of organisation that can receive it. */
  readonly kinds: readonly Organisation['kind'][];
  /** The phase the receiving organisation must teach; none for an in-year move, which can happen at any age. */
  readonly phase?: Phase;
}

/**
 * Which organisations can receive each transition's handover. A Year 6 to Year 7 handover addressed to a nursery
 * would send a child's SEND, medical and safeguarding details to an organisation with no part in the move; the hub
 * refuses it, and a host's picker offers only the organisations `canReceive` allows. Reception is taught in
 * schools; a move to post-16 goes to a school's sixth form or a college.
 */
export const RECEIVER_RULES: Readonly<Record<Transition, ReceiverRule>> = {
  'ey-to-reception': { kinds: ['school'], phase: 'early-years' },
  'infant-to-junior': { kinds: ['school'], phase: 'ks2' },
  'y6-to-y7': { kinds: ['school'], phase: 'ks3' },
  'y11-to-post16': { kinds: ['school', 'college'], phase: 'post-16' },
  'in-year': { kinds: ['school', 'college'] },
};

/** Whether `organisation` can receive a `transition` handover (see {@link RECEIVER_RULES}). */
export function canReceive(transition: Transition, organisation: Pick<Organisation, 'kind' | 'phases'>): boolean {
  const rule = RECEIVER_RULES[transition];
  return rule.kinds.includes(organisation.kind) && (!rule.phase || organisation.phases.includes(rule.phase));
}
