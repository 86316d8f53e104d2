/**
 * Which organisations can receive which handover. A draft names its receiving organisation from every organisation
 * on the hub, nurseries, youth services and council teams included; a Year 6 to Year 7 handover addressed to a
 * nursery would send a child's SEND, medical and safeguarding details to an organisation with no part in the
 * move, so the hub refuses it when the draft is started, changed and sent.
 */
import { RECEIVER_RULES, type FieldIssue, type Organisation, type Phase, type Transition } from '@c2c/schema';

type OrganisationKind = Organisation['kind'];

/** Each handover as a sentence names it. */
const WHAT: Readonly<Record<Transition, string>> = {
  'ey-to-reception': 'An early years to reception handover',
  'infant-to-junior': 'An infant to junior handover',
  'y6-to-y7': 'A Year 6 to Year 7 handover',
  'y11-to-post16': 'A Year 11 to post-16 handover',
  'in-year': 'A handover for an in-year move',
};

const KIND_NAMES: Record<OrganisationKind, string> = {
  'early-years-setting': 'an early years setting',
  school: 'a school',
  college: 'a college',
  'local-authority-service': 'a local authority service',
  'youth-organisation': 'a youth organisation',
  'social-care-team': 'a social care team',
  'voluntary-organisation': 'a voluntary organisation',
};

const PHASE_NAMES: Partial<Record<Phase, string>> = {
  'early-years': 'reception',
  ks2: 'Key Stage 2',
  ks3: 'Key Stage 3',
  'post-16': 'post-16',
};

const either = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}` : names[0]!;

/**
 * Why `organisation` cannot receive a `transition` handover, as the issue to report at `path`; undefined when it
 * can. The message names the kinds of organisation (and the phase) that can.
 */
export function receiverIssue(
  transition: Transition,
  organisation: Organisation,
  path = 'receivingOrganisationId',
): FieldIssue | undefined {
  const rule = RECEIVER_RULES[transition];
  const what = WHAT[transition];
  const allowed = either(rule.kinds.map((k) => KIND_NAMES[k]));
  if (!rule.kinds.includes(organisation.kind))
    return {
      path,
      code: 'receiver_kind_not_allowed',
      message: `${what} goes to ${allowed}. ${organisation.name} is ${KIND_NAMES[organisation.kind]}, so it cannot receive one: choose ${allowed}.`,
    };
  if (rule.phase && !organisation.phases.includes(rule.phase))
    return {
      path,
      code: 'receiver_phase_not_taught',
      message: `${what} goes to ${allowed} that teaches ${PHASE_NAMES[rule.phase] ?? rule.phase}. ${organisation.name} does not: choose one that does.`,
    };
  return undefined;
}
