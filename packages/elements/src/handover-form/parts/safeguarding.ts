import type { Handover, Safeguarding } from '@c2c/schema';
import type { DraftState } from './model.js';
import type { HandoverFormMessageKey } from '../strings.js';

type Contact = Safeguarding['dslContacts'][number];
type Transfer = NonNullable<Safeguarding['transfer']>;

/** Dates are picked as days; the schema stores moments. Midday UTC is the same day in London all year. */
const toMoment = (day: string) => (day ? `${day}T12:00:00Z` : undefined);
// Up to the time, not the first ten characters: a half-typed day (`2026-7-`) waits here as `2026-7-T12:00:00Z`.
const toDay = (moment: string | undefined) => (moment ? moment.split('T')[0] : undefined);

/** Reads one safeguarding form field (`sg.*`) from the draft. */
export function readSafeguarding(state: DraftState, path: string): unknown {
  const sg = state.safeguarding;
  const [, a, b] = path.split('.');
  switch (a) {
    case 'required':
      return state.safeguardingTransferRequired;
    case 'cpFileExists':
      return sg?.cpFileExists;
    case 'sending':
    case 'receiving':
      return sg?.dslContacts.find((c) => c.side === a)?.[b as keyof Contact];
    case 'method':
      return sg?.transfer?.method;
    case 'sentAt':
      return toDay(sg?.transfer?.sentAt);
    case 'sentBy':
      return sg?.transfer?.sentBy;
    case 'receiptAt':
      return toDay(sg?.transfer?.receiptConfirmedAt);
    case 'receiptBy':
      return sg?.transfer?.receiptConfirmedBy;
    default:
      return undefined;
  }
}

/** Writes one safeguarding form field (`sg.*`) into the draft, keeping the record in the schema's shape. */
export function writeSafeguarding(state: DraftState, path: string, value: unknown): void {
  const [, a, b] = path.split('.');
  if (a === 'required') {
    state.safeguardingTransferRequired = value === true;
    return;
  }
  const sg: Safeguarding = (state.safeguarding ??= { cpFileExists: false, dslContacts: [] });
  const str = typeof value === 'string' ? value : '';
  if (a === 'cpFileExists') sg.cpFileExists = value === true;
  else if (a === 'sending' || a === 'receiving') {
    let contact = sg.dslContacts.find((c) => c.side === a);
    if (!contact) {
      contact = { name: '', email: '', side: a };
      sg.dslContacts.push(contact);
    }
    if (b === 'phone') {
      if (str) contact.phone = str;
      else delete contact.phone;
    } else if (b === 'name' || b === 'email') contact[b] = str;
    if (!contact.name && !contact.email && !contact.phone) sg.dslContacts = sg.dslContacts.filter((c) => c !== contact);
  } else {
    const transfer: Partial<Transfer> = { ...sg.transfer };
    const set = <K extends keyof Transfer>(k: K, v: Transfer[K] | undefined) => {
      if (v === undefined || v === '') delete transfer[k];
      else transfer[k] = v;
    };
    if (a === 'method') set('method', (str || undefined) as Transfer['method'] | undefined);
    if (a === 'sentAt') set('sentAt', toMoment(str));
    if (a === 'sentBy') set('sentBy', str);
    if (a === 'receiptAt') set('receiptConfirmedAt', toMoment(str));
    if (a === 'receiptBy') set('receiptConfirmedBy', str);
    // The schema needs a method whenever a transfer is recorded; details typed before the method wait locally.
    if (Object.keys(transfer).length === 0) delete sg.transfer;
    else sg.transfer = transfer as Transfer;
  }
}

/** The receipt fields, which the receiving DSL's own confirmation on the hub makes theirs alone. */
export const RECEIPT_PATHS: ReadonlySet<string> = new Set(['sg.receiptAt', 'sg.receiptBy']);

/** True when the receiving school's DSL confirmed receipt on the hub: the hub then keeps it as they recorded it. */
export function receiptConfirmedByReceiver(server: Handover | undefined): boolean {
  return server?.safeguarding?.transfer?.receiptConfirmedByReceiver === true;
}

/**
 * Takes the receiving DSL's confirmation from the hub's copy into the draft, so the draft shows (and sends) the
 * receipt the hub keeps rather than an older copy's blank, whatever else the draft holds that the hub has not seen.
 */
export function adoptReceiverReceipt(state: DraftState, server: Handover | undefined): void {
  const confirmed = server?.safeguarding?.transfer;
  if (!confirmed || !receiptConfirmedByReceiver(server)) return;
  const sg = (state.safeguarding ??= structuredClone(server!.safeguarding!));
  sg.transfer = {
    ...(sg.transfer ?? confirmed),
    receiptConfirmedAt: confirmed.receiptConfirmedAt,
    receiptConfirmedBy: confirmed.receiptConfirmedBy,
    receiptConfirmedByReceiver: true,
  };
}

/**
 * Parts of the safeguarding record the hub would refuse: a DSL with a name but no email (or the reverse), or
 * transfer details with no method. The record only goes to the hub whole, so each gap is named on submit
 * instead of the record being held back without a word.
 */
export function safeguardingGaps(state: DraftState): Array<{ path: string; key: HandoverFormMessageKey }> {
  const sg = state.safeguarding;
  if (!sg) return [];
  const gaps: Array<{ path: string; key: HandoverFormMessageKey }> = [];
  for (const c of sg.dslContacts) {
    if (!c.name.trim()) gaps.push({ path: `sg.${c.side}.name`, key: 'dslNameMissing' });
    if (!c.email.trim()) gaps.push({ path: `sg.${c.side}.email`, key: 'dslEmailMissing' });
  }
  if (sg.transfer && !sg.transfer.method) gaps.push({ path: 'sg.method', key: 'transferMethodMissing' });
  return gaps;
}
