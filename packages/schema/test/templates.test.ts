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

/** A template of one question of each kind that has a type of its own, none required. */
const kinds: HandoverTemplate = {
  id: 'kinds',
  transition: 'in-year',
  title: { en: 'Kinds', cy: 'Mathau' },
  version: 1,
  sections: [
    {
      id: 'about',
      title: { en: 'About', cy: 'Amdano' },
      contributors: [],
      questions: [
        { id: 'name', kind: 'text', label: { en: 'Known as', cy: 'Enw' }, required: false },
        { id: 'story', kind: 'longtext', label: { en: 'Story', cy: 'Stori' }, required: false },
        { id: 'carer', kind: 'yesno', label: { en: 'Young carer', cy: 'Gofalwr ifanc' }, required: false },
        { id: 'joined', kind: 'date', label: { en: 'Date joined', cy: 'Dyddiad ymuno' }, required: false },
        { id: 'percent', kind: 'number', label: { en: 'Attendance', cy: 'Presenoldeb' }, required: false },
        { id: 'level', kind: 'choice', label: { en: 'Level', cy: 'Lefel' }, required: false },
      ],
    },
  ],
};
const kindOf = (questionId: string, value: unknown) =>
  checkAnswers(kinds, { about: { [questionId]: value as never } }).map((i) => [i.path, i.code]);

test('checkAnswers: each answer must be of its question’s kind', () => {
  assert.deepEqual(
    checkAnswers(kinds, {
      about: { name: 'Sam', story: 'Likes trains', carer: false, joined: '2016-02-29', percent: 96, level: 'any' },
    }),
    [],
    'answers of the right kind pass',
  );
  assert.deepEqual(kindOf('name', true), [['sections.about.name', 'not_text']]);
  assert.deepEqual(kindOf('story', 12), [['sections.about.story', 'not_text']]);
  assert.deepEqual(kindOf('story', ['a']), [['sections.about.story', 'not_text']]);
  assert.deepEqual(kindOf('carer', 'yes'), [['sections.about.carer', 'not_yes_or_no']], 'yes or no is true or false');
  assert.deepEqual(kindOf('carer', 1), [['sections.about.carer', 'not_yes_or_no']]);
  assert.deepEqual(kindOf('joined', 'banana'), [['sections.about.joined', 'not_a_date']]);
  assert.deepEqual(kindOf('joined', true), [['sections.about.joined', 'not_a_date']]);
  assert.deepEqual(kindOf('percent', '96'), [['sections.about.percent', 'not_a_number']]);
  assert.deepEqual(kindOf('level', false), [['sections.about.level', 'invalid_choice']], 'a choice is text');
});

test('checkAnswers: a date answer must be a real calendar day, written YYYY-MM-DD', () => {
  for (const day of ['2015-02-28', '2016-02-29', '2000-02-29', '2015-12-31'])
    assert.deepEqual(kindOf('joined', day), []);
  for (const notDay of ['2015-02-30', '2015-02-29', '1900-02-29', '2015-04-31', '2015-13-01', '2015-2-3', '3/2/2015'])
    assert.deepEqual(kindOf('joined', notDay), [['sections.about.joined', 'not_a_date']], notDay);
});

test('checkAnswers: the message for an answer of the wrong kind names the question and never quotes the value', () => {
  const messages = checkAnswers(kinds, {
    about: { name: true, carer: 'Sam Smith', joined: 'Sam Smith', percent: 'Sam Smith' },
  }).map((i) => i.message);
  assert.deepEqual(messages, [
    '“Known as” must be written as text.',
    'Answer “Young carer” with yes or no.',
    '“Date joined” must be a real date, for example 2014-09-27.',
    '“Attendance” must be a number.',
  ]);
});

test('checkAnswers: an answer of the wrong kind is one issue, not a length or choice issue as well', () => {
  const one: HandoverTemplate = {
    ...kinds,
    sections: [
      {
        ...kinds.sections[0]!,
        questions: [{ id: 'name', kind: 'text', label: { en: 'Known as' }, required: true, maxLength: 3 }],
      },
    ],
  };
  assert.deepEqual(
    checkAnswers(one, { about: { name: ['a long list', 'of words'] } }).map((i) => i.code),
    ['not_text'],
  );
});
