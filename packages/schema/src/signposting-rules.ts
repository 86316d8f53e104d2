import type { SignpostingCreate } from './signposting.js';

/** A referral needs consent; signposting records whether it was given. */
export function signpostingConsentProblem(input: SignpostingCreate): string | null {
  if (input.kind === 'referred' && !input.consent.given) {
    return 'A referral needs the family’s consent. Record consent, or signpost the family instead.';
  }
  return null;
}
