import type { LearnerCore } from '@c2c/schema';

/** One pupil found in a CTF, ready to fill in the learner details. */
export interface CtfChoice {
  label: string;
  learner: Partial<LearnerCore>;
  filled: string[];
  unread: string[];
}

/** What an import did: which learner details it filled (as form paths), and what it could not read. */
export interface CtfOutcome {
  learner?: Partial<LearnerCore>;
  filled: string[];
  unread: string[];
  /** Several pupils and none matched this handover's UPN: the person picks one. */
  pupils?: CtfChoice[];
  /** `no-pupil`, or the reader's message for a file it could not read at all. */
  error?: string;
}

/** Details the form shows; the others (contacts, SEN needs) are still carried to the hub. */
const SHOWN: ReadonlyArray<keyof LearnerCore> = [
  'legalForename',
  'legalSurname',
  'preferredForename',
  'dateOfBirth',
  'upn',
  'uln',
  'sex',
  'senStatus',
  'eal',
  'firstLanguage',
  'lookedAfter',
  'previouslyLookedAfter',
  'freeSchoolMeals',
  'pupilPremium',
];
const MAX_UNREAD = 12;

/**
 * Reads a Common Transfer File on this device. The CTF reader (and its XML parser) is loaded only now, as a
 * separate chunk, so pages that never import a file never download it.
 */
export async function importCtf(file: Blob, currentUpn?: string): Promise<CtfOutcome> {
  try {
    const [{ parseCtf }, xml] = await Promise.all([import('@c2c/schema/ctf'), file.text()]);
    const parsed = parseCtf(xml);
    const fatal = parsed.errors.find((e) => e.severity === 'error' && !e.path.includes('/Pupil['));
    if (!parsed.pupils.length) return { filled: [], unread: [], error: fatal?.message ?? 'no-pupil' };
    const choices: CtfChoice[] = parsed.pupils.map((p, i) => {
      const prefix = `/Pupil[${i + 1}]`;
      const problems = parsed.errors.filter((e) => e.path.includes(prefix)).map((e) => e.message);
      const unknown = p.unknown.map((path) => `<${path.split('/').pop() ?? path}>`);
      const unread = [...new Set([...problems, ...unknown])];
      const learner = p.learner as Partial<LearnerCore>;
      const name = [learner.legalForename, learner.legalSurname].filter(Boolean).join(' ');
      return {
        label: [name || `#${i + 1}`, learner.dateOfBirth, learner.upn].filter(Boolean).join(', '),
        learner,
        filled: SHOWN.filter((k) => learner[k] !== undefined && learner[k] !== '').map((k) => `learner.${k}`),
        unread:
          unread.length > MAX_UNREAD ? [...unread.slice(0, MAX_UNREAD), `+${unread.length - MAX_UNREAD}`] : unread,
      };
    });
    const wanted = currentUpn?.replace(/\s+/g, '').toUpperCase();
    const match =
      (wanted && choices.find((c) => c.learner.upn === wanted)) || (choices.length === 1 ? choices[0] : undefined);
    if (!match) return { filled: [], unread: [], pupils: choices };
    return { learner: match.learner, filled: match.filled, unread: match.unread };
  } catch (err) {
    return { filled: [], unread: [], error: err instanceof Error ? err.message : String(err) };
  }
}
