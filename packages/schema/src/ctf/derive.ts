import { ContactSchema, SEN_NEED_CODES, type Contact, type LearnerCore } from '../learner.js';
import { toFieldIssues } from '../issues.js';
import type { IsoDate } from '../dates.js';
import type { CtfContact, CtfPupilDetails, CtfSen } from './schema.js';

/** SEN provision codes to the learner core's status; A, P and S are pre-2014 codes still found in old histories. */
export const SEN_STATUS_OF_PROVISION: Readonly<Record<string, LearnerCore['senStatus']>> = Object.freeze({
  N: 'none',
  K: 'sen-support',
  E: 'ehc-plan',
  A: 'sen-support',
  P: 'sen-support',
  S: 'ehc-plan',
});
export const PROVISION_OF_SEN_STATUS: Readonly<Record<LearnerCore['senStatus'], string>> = Object.freeze({
  none: 'N',
  'sen-support': 'K',
  'ehc-plan': 'E',
});
const SEN_NEEDS = new Set<string>(SEN_NEED_CODES);

/** The most recent SEN record: latest start date, and among equal dates the last in the file. */
export function latestSen(sen: CtfSen): CtfSen['history'][number] | undefined {
  return sen.history
    .map((h, i) => ({ h, i }))
    .sort((a, b) => (a.h.startDate ?? '').localeCompare(b.h.startDate ?? '') || a.i - b.i)
    .at(-1)?.h;
}

/** Areas of need in rank order, split into DfE codes the learner core knows and anything else. */
export function senNeedsOf(sen: CtfSen): { needs: LearnerCore['senNeeds']; unknown: string[] } {
  const needs: LearnerCore['senNeeds'] = [];
  const unknown: string[] = [];
  for (const need of [...sen.needs].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))) {
    const code = need.type.toUpperCase();
    if (!SEN_NEEDS.has(code)) unknown.push(need.type);
    else if (!needs.includes(code as LearnerCore['senNeeds'][number]))
      needs.push(code as LearnerCore['senNeeds'][number]);
  }
  return { needs, unknown };
}

/** Whether free school meals eligibility is current on `today`. */
export function fsmCurrent(fsm: NonNullable<CtfPupilDetails['fsm']>, today: IsoDate): boolean {
  return fsm.instances.some((i) => (!i.startDate || i.startDate <= today) && (!i.endDate || i.endDate >= today));
}

/** A CTF contact as the learner core holds it, before validation. Null when it has no name. */
export function coreContactOf(c: CtfContact): Contact | null {
  const name = [c.forename, c.surname].filter(Boolean).join(' ');
  if (!name) return null;
  const contact: Contact = {
    name,
    relationship: c.relationship ?? 'Not recorded',
    parentalResponsibility: c.parentalResponsibility ?? false,
  };
  const phone = c.phones[0]?.number;
  if (phone) contact.phone = phone;
  if (c.email) contact.email = c.email;
  if (c.order !== undefined && c.order >= 1 && c.order <= 9) contact.priority = c.order;
  return contact;
}

/** A problem with one CTF contact when making the learner core's contact list. */
export interface ContactIssue {
  /** 1-based position among the pupil's contacts. */
  index: number;
  field: string;
  message: string;
  /** True when the contact could not be added at all (no name, or a name or relationship the form rejects). */
  dropped: boolean;
}

/**
 * The learner core's contact list made from CTF contacts. A bad phone number, e-mail or order is left out of
 * that one contact rather than losing the contact; a contact without a usable name is left out of the list
 * (it stays in the CTF contacts).
 */
export function coreContactsOf(contacts: CtfContact[]): { contacts: Contact[]; issues: ContactIssue[] } {
  const out: Contact[] = [];
  const issues: ContactIssue[] = [];
  contacts.forEach((c, i) => {
    const contact = coreContactOf(c);
    if (!contact) {
      issues.push({ index: i + 1, field: 'name', message: 'It has no name.', dropped: true });
      return;
    }
    let checked = ContactSchema.safeParse(contact, { reportInput: true });
    if (!checked.success) {
      const found = toFieldIssues(checked.error);
      for (const f of found) {
        const field = f.path.split('.')[0] as keyof Contact;
        if (field === 'phone' || field === 'email' || field === 'priority') delete contact[field];
      }
      checked = ContactSchema.safeParse(contact);
      for (const f of found)
        issues.push({ index: i + 1, field: f.path, message: f.message, dropped: !checked.success });
    }
    if (checked.success) out.push(checked.data);
  });
  return { contacts: out, issues };
}

/** A learner core contact as CTF writes it: the last word of the name is the surname. */
export function ctfContactOf(c: Contact): CtfContact {
  const words = c.name.trim().split(/\s+/);
  const surname = words.pop()!;
  const out: CtfContact = {
    surname,
    relationship: c.relationship,
    parentalResponsibility: c.parentalResponsibility,
    phones: c.phone ? [{ number: c.phone }] : [],
  };
  if (words.length) out.forename = words.join(' ');
  if (c.priority !== undefined) out.order = c.priority;
  if (c.email) out.email = c.email;
  return out;
}

/** Structural equality of JSON-like values, ignoring key order and keys set to undefined. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
