import type { Sections } from '../handover.js';
import type { Answer, HandoverTemplate, Question } from '../template.js';

/** A plausible answer of `question`'s kind: its first option where it has options. */
function answerTo(question: Question): Answer {
  const first = question.options?.[0]?.value ?? 'green';
  switch (question.kind) {
    case 'number':
      return 1;
    case 'yesno':
      return 'no';
    case 'multichoice':
      return [first];
    case 'choice':
    case 'rag':
      return first;
    case 'date':
      return '2026-07-01';
    default:
      return 'Settles quickly with a named adult.';
  }
}

/**
 * Every required answer of `template`, each a plausible synthetic value, so that a handover can be submitted: for
 * tests and demos that need a complete handover without caring what it says. `checkAnswers(template, sections)` finds
 * nothing missing in it.
 */
export function syntheticAnswers(template: HandoverTemplate): Sections {
  const sections: Sections = {};
  for (const section of template.sections)
    for (const q of section.questions) if (q.required) (sections[section.id] ??= {})[q.id] = answerTo(q);
  return sections;
}
