import type { LocalisedText } from './common.js';
import type { HandoverTemplate, Question, TemplateSection, Transition } from './template.js';

const t = (en: string, cy: string): LocalisedText => ({ en, cy });
const q = (id: string, kind: Question['kind'], label: LocalisedText, extra: Partial<Question> = {}): Question => ({
  id,
  kind,
  label,
  required: false,
  ...extra,
});
const RAG = [
  { value: 'green', label: t('Green: no extra support expected', 'Gwyrdd: dim cymorth ychwanegol') },
  { value: 'amber', label: t('Amber: some extra support', 'Ambr: rhywfaint o gymorth ychwanegol') },
  { value: 'red', label: t('Red: significant support needed', 'Coch: angen cymorth sylweddol') },
];

function pupilVoice(prompt: LocalisedText, hint: LocalisedText): TemplateSection {
  return {
    id: 'pupil-voice',
    title: t('All about me', 'Popeth amdana i'),
    description: t(
      'In the child’s own words. Write down what they say, not a summary.',
      'Yng ngeiriau’r plentyn ei hun. Ysgrifennwch yr hyn maen nhw’n ei ddweud.',
    ),
    contributors: ['parent'],
    questions: [
      q('all-about-me', 'longtext', prompt, { hint, required: true, maxLength: 5000 }),
      q('worries', 'longtext', t('Is there anything you are worried about?', 'Oes unrhyw beth yn dy boeni di?'), {
        maxLength: 3000,
      }),
    ],
  };
}

const common = (extraAttainment: Question[]): TemplateSection[] => [
  {
    id: 'strengths',
    title: t('Strengths and interests', 'Cryfderau a diddordebau'),
    contributors: [],
    questions: [
      q('strengths', 'longtext', t('What is this child good at?', 'Beth mae’r plentyn hwn yn dda am ei wneud?'), {
        required: true,
        maxLength: 5000,
      }),
      q('interests', 'longtext', t('Interests and hobbies', 'Diddordebau a hobïau'), { maxLength: 3000 }),
    ],
  },
  {
    id: 'how-i-learn',
    title: t('What helps me learn', 'Beth sy’n fy helpu i ddysgu'),
    contributors: [],
    questions: [
      q('strategies', 'longtext', t('Strategies that work', 'Strategaethau sy’n gweithio'), { maxLength: 5000 }),
      q('rag', 'rag', t('Overall transition support rating', 'Sgôr cymorth pontio cyffredinol'), { options: RAG }),
    ],
  },
  {
    id: 'send',
    title: t('SEND and support in place', 'AAA a’r cymorth sydd ar waith'),
    contributors: [],
    questions: [
      q('support', 'longtext', t('Support in place now', 'Cymorth sydd ar waith nawr'), { maxLength: 5000 }),
      q('plans', 'multichoice', t('Plans in place', 'Cynlluniau sydd ar waith'), {
        options: [
          { value: 'ehcp', label: t('EHC plan', 'Cynllun EHC') },
          { value: 'idp', label: t('Individual development plan (Wales)', 'Cynllun datblygu unigol') },
          { value: 'sen-support', label: t('SEN support plan', 'Cynllun cymorth AAA') },
          { value: 'salt', label: t('Speech and language plan', 'Cynllun lleferydd ac iaith') },
        ],
      }),
    ],
  },
  {
    id: 'medical',
    title: t('Medical and care needs', 'Anghenion meddygol a gofal'),
    contributors: [],
    questions: [
      q(
        'medical',
        'longtext',
        t('Medical needs, medication and care plans', 'Anghenion meddygol, meddyginiaeth a chynlluniau gofal'),
        { maxLength: 5000 },
      ),
    ],
  },
  {
    id: 'attendance',
    title: t('Attendance', 'Presenoldeb'),
    contributors: [],
    questions: [
      q('attendance-percent', 'number', t('Attendance this year (%)', 'Presenoldeb eleni (%)')),
      q('attendance-notes', 'longtext', t('Patterns or concerns', 'Patrymau neu bryderon'), { maxLength: 3000 }),
    ],
  },
  {
    id: 'attainment',
    title: t('Attainment', 'Cyrhaeddiad'),
    contributors: [],
    questions: [
      ...extraAttainment,
      q('attainment-notes', 'longtext', t('Notes on progress', 'Nodiadau ar gynnydd'), { maxLength: 3000 }),
    ],
  },
  {
    id: 'family',
    title: t('Family and relationships', 'Teulu a pherthnasoedd'),
    contributors: ['parent'],
    questions: [
      q('family', 'longtext', t('Who is important at home', 'Pwy sy’n bwysig gartref'), { maxLength: 3000 }),
      q('young-carer', 'yesno', t('Young carer', 'Gofalwr ifanc')),
      q('service-child', 'yesno', t('Service child', 'Plentyn y lluoedd arfog')),
    ],
  },
  {
    id: 'friendships',
    title: t('Friendships', 'Cyfeillgarwch'),
    contributors: [],
    questions: [
      q(
        'friends',
        'longtext',
        t('Friendships to keep together, or apart', 'Cyfeillgarwch i’w gadw gyda’i gilydd, neu ar wahân'),
        { maxLength: 3000 },
      ),
    ],
  },
  {
    id: 'professionals',
    title: t('Professionals involved', 'Gweithwyr proffesiynol sy’n ymwneud'),
    contributors: [],
    questions: [
      q(
        'professionals',
        'longtext',
        t('Who else works with this child, and how to reach them', 'Pwy arall sy’n gweithio gyda’r plentyn hwn'),
        { maxLength: 3000 },
      ),
    ],
  },
];

const ks2 = [
  q('ks2-reading', 'choice', t('KS2 reading', 'Darllen CA2'), {
    options: [
      { value: 'EXS', label: t('Expected standard', 'Safon ddisgwyliedig') },
      { value: 'GDS', label: t('Greater depth', 'Dyfnder mwy') },
      { value: 'WTS', label: t('Working towards', 'Gweithio tuag at') },
      { value: 'NA', label: t('Not assessed yet', 'Heb ei asesu eto') },
    ],
  }),
  q('ks2-maths', 'choice', t('KS2 maths', 'Mathemateg CA2'), {
    options: [
      { value: 'EXS', label: t('Expected standard', 'Safon ddisgwyliedig') },
      { value: 'GDS', label: t('Greater depth', 'Dyfnder mwy') },
      { value: 'WTS', label: t('Working towards', 'Gweithio tuag at') },
      { value: 'NA', label: t('Not assessed yet', 'Heb ei asesu eto') },
    ],
  }),
];
const eyfs = [
  q(
    'eyfs-gld',
    'yesno',
    t('Good level of development reached (EYFS profile)', 'Lefel dda o ddatblygiad (proffil EYFS)'),
  ),
];
const gcse = [
  q('qualifications', 'longtext', t('Qualifications and predicted grades', 'Cymwysterau a graddau a ragwelir'), {
    maxLength: 3000,
  }),
  q('destination', 'text', t('Planned destination', 'Cyrchfan arfaethedig'), { maxLength: 200 }),
  q(
    'neet-risk',
    'rag',
    t(
      'Risk of not being in education, employment or training',
      'Risg o beidio â bod mewn addysg, cyflogaeth na hyfforddiant',
    ),
    { options: RAG },
  ),
];

const PROMPTS: Record<Transition, [LocalisedText, LocalisedText]> = {
  'ey-to-reception': [
    t('What do you like to play with? Who are your friends?', 'Gyda beth wyt ti’n hoffi chwarae? Pwy yw dy ffrindiau?'),
    t(
      'Young children can draw, point at photos or tell a key person.',
      'Gall plant ifanc dynnu llun, pwyntio at luniau neu ddweud wrth berson allweddol.',
    ),
  ],
  'infant-to-junior': [
    t(
      'What do you enjoy at school? What helps you when something is hard?',
      'Beth wyt ti’n ei fwynhau yn yr ysgol? Beth sy’n dy helpu pan fydd rhywbeth yn anodd?',
    ),
    t('Write their words as they say them.', 'Ysgrifennwch eu geiriau fel maen nhw’n eu dweud.'),
  ],
  'y6-to-y7': [
    t(
      'Tell your new school about you: what you love, what you are good at, and what helps you.',
      'Dywed wrth dy ysgol newydd amdanat ti dy hun: beth rwyt ti’n ei garu, beth rwyt ti’n dda am ei wneud, a beth sy’n dy helpu.',
    ),
    t('The pupil can write this themselves.', 'Gall y disgybl ysgrifennu hwn ei hun.'),
  ],
  'y11-to-post16': [
    t(
      'What do you want to do next, and what support works for you?',
      'Beth wyt ti eisiau ei wneud nesaf, a pha gymorth sy’n gweithio i ti?',
    ),
    t('In the young person’s own words.', 'Yng ngeiriau’r person ifanc ei hun.'),
  ],
  'in-year': [
    t('Tell your new school about you.', 'Dywed wrth dy ysgol newydd amdanat ti dy hun.'),
    t('In the child’s own words.', 'Yng ngeiriau’r plentyn ei hun.'),
  ],
};
const ATTAINMENT: Record<Transition, Question[]> = {
  'ey-to-reception': [],
  'infant-to-junior': eyfs,
  'y6-to-y7': ks2,
  'y11-to-post16': gcse,
  'in-year': [],
};
const TITLES: Record<Transition, LocalisedText> = {
  'ey-to-reception': t('Early years to reception', 'Blynyddoedd cynnar i’r dosbarth derbyn'),
  'infant-to-junior': t('Infant to junior', 'Babanod i iau'),
  'y6-to-y7': t('Year 6 to Year 7', 'Blwyddyn 6 i Flwyddyn 7'),
  'y11-to-post16': t('Year 11 to post-16', 'Blwyddyn 11 i ôl-16'),
  'in-year': t('In-year move', 'Symud yn ystod y flwyddyn'),
};

function build(transition: Transition): HandoverTemplate {
  const [prompt, hint] = PROMPTS[transition];
  return {
    id: `std-${transition}`,
    transition,
    title: TITLES[transition],
    version: 1,
    sections: [pupilVoice(prompt, hint), ...common(ATTAINMENT[transition])],
  };
}

/**
 * The standard templates, one per transition. The safeguarding section is not a template section:
 * it has a fixed shape ({@link SafeguardingSchema}) that only the DSL role may see.
 */
export const STANDARD_TEMPLATES: Readonly<Record<Transition, HandoverTemplate>> = Object.freeze({
  'ey-to-reception': build('ey-to-reception'),
  'infant-to-junior': build('infant-to-junior'),
  'y6-to-y7': build('y6-to-y7'),
  'y11-to-post16': build('y11-to-post16'),
  'in-year': build('in-year'),
});

/** The standard template for a transition. */
export function templateFor(transition: Transition): HandoverTemplate {
  return STANDARD_TEMPLATES[transition];
}
