import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import {
  checkAnswers,
  HandoverTemplateSchema,
  STANDARD_TEMPLATES,
  templateFor,
  TRANSITIONS,
  type HandoverTemplate,
} from '@c2c/schema';

test('every standard template is valid against HandoverTemplateSchema, one per transition', () => {
  assert.deepEqual(Object.keys(STANDARD_TEMPLATES).sort(), [...TRANSITIONS].sort());
  for (const transition of TRANSITIONS) {
    const t = templateFor(transition);
    const parsed = HandoverTemplateSchema.safeParse(t);
    assert.equal(parsed.success, true, `${transition}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`);
    assert.equal(t.transition, transition);
    assert.equal(t.sections[0]!.id, 'pupil-voice', 'pupil voice comes first');
  }
});

test('templates have unique section ids and unique question ids within a section, and every label has Welsh', () => {
  for (const t of Object.values(STANDARD_TEMPLATES)) {
    const ids = t.sections.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, t.id);
    for (const s of t.sections) {
      const q = s.questions.map((x) => x.id);
      assert.equal(new Set(q).size, q.length, `${t.id}/${s.id}`);
      assert.ok(s.title.cy, `${t.id}/${s.id} has a Welsh title`);
      for (const question of s.questions)
        assert.ok(question.label.cy, `${t.id}/${s.id}/${question.id} has a Welsh label`);
    }
    assert.ok(!ids.includes('safeguarding'), 'safeguarding is a fixed record, never template questions');
  }
});

test('the Year 6 to 7 template asks for KS2 results; early years to reception does not', () => {
  const ids = (t: HandoverTemplate) => t.sections.flatMap((s) => s.questions.map((q) => q.id));
  assert.ok(ids(templateFor('y6-to-y7')).includes('ks2-reading'));
  assert.ok(!ids(templateFor('ey-to-reception')).includes('ks2-reading'));
});

const template = templateFor('y6-to-y7');
const complete = {
  'pupil-voice': { 'all-about-me': 'I like space.' },
  strengths: { strengths: 'Kind and curious' },
};

test('checkAnswers accepts a draft with every required question answered', () => {
  assert.deepEqual(checkAnswers(template, complete), []);
});

test('checkAnswers reports unanswered required questions with the question in the message', () => {
  const issues = checkAnswers(template, { 'pupil-voice': { 'all-about-me': '' } });
  assert.deepEqual(
    issues.map((i) => [i.path, i.code]),
    [
      ['sections.pupil-voice.all-about-me', 'required'],
      ['sections.strengths.strengths', 'required'],
    ],
  );
  assert.match(issues[0]!.message, /Tell your new school about you/);
});

test('checkAnswers: text of spaces or line breaks alone does not answer a required question', () => {
  const issues = checkAnswers(template, { ...complete, 'pupil-voice': { 'all-about-me': ' \n\t ' } });
  assert.deepEqual(
    issues.map((i) => [i.path, i.code]),
    [['sections.pupil-voice.all-about-me', 'required']],
  );
});

test('checkAnswers: every choice of a multiple-choice question must be one of its options', () => {
  const send = STANDARD_TEMPLATES['y6-to-y7'].sections.find((s) => s.id === 'send')!;
  const plans = send.questions.find((q) => q.kind === 'multichoice')!;
  const one: HandoverTemplate = { ...template, sections: [{ ...send, questions: [plans] }] };
  const answer = (value: unknown) => checkAnswers(one, { send: { [plans.id]: value as never } }).map((i) => i.code);
  const first = plans.options![0]!.value;
  assert.deepEqual(answer([first]), []);
  assert.deepEqual(answer([first, 'made-up-plan']), ['invalid_choice']);
  assert.deepEqual(answer(first), ['invalid_choice'], 'a list, not one value');
});

test('checkAnswers reports too-long text, an invalid choice and a non-number', () => {
  const issues = checkAnswers(template, {
    ...complete,
    'pupil-voice': { 'all-about-me': 'x'.repeat(5001) },
    'how-i-learn': { rag: 'purple' },
    attendance: { 'attendance-percent': 'ninety' },
    attainment: { 'ks2-reading': 'EXS' },
  });
  assert.deepEqual(issues.map((i) => i.code).sort(), ['invalid_choice', 'not_a_number', 'too_long']);
  assert.match(issues.find((i) => i.code === 'too_long')!.message, /5000 characters or fewer/);
});
