/*
 * CTF files as the main MIS products and older specifications write them, read from the synthetic fixtures in
 * fixtures/ctf (see its README). Each row says what an import must give: the pupils it could read and, for what it
 * could not, the problems it reports, or the one reason it refuses the whole file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type LearnerCore } from '@c2c/schema';
import { CtfFileSchema, parseCtf, toCtf, type CtfFile } from '@c2c/schema/ctf';

const TODAY = '2026-07-20';
const NOW = new Date('2026-07-21T10:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`./fixtures/ctf/${name}`, import.meta.url));
const problems = (f: CtfFile) =>
  f.errors.map((e) => `${e.severity} ${e.code} ${e.path.replace(/^CTfile\/CTFpupilData\//, '')}`);

interface Row {
  file: string;
  /** Part of each pupil's learner core, in file order. */
  learners?: Array<Partial<LearnerCore>>;
  /** Every problem, as `severity code path` (the path inside CTFpupilData). */
  problems: string[];
  /** The one message of a refused file. */
  refusal?: RegExp;
  check?: (f: CtfFile) => void;
}

const ROWS: Row[] = [
  {
    file: 'v18-gender.ctf.xml',
    learners: [{ legalForename: 'Nia', sex: 'F', yearGroup: 'Y6' }],
    // The contact's <Gender> has no place in the handover form's contact, so it is kept and listed.
    problems: ['warning ctf_unknown_element Pupil[1]/Contacts/Contact[1]/Gender'],
    check: (f) => {
      assert.equal(f.header.version, '18.0');
      assert.equal(f.pupils[0]!.contacts[0]!.addressAsPupil, true);
    },
  },
  {
    file: 'v20-namespace.ctf.xml',
    learners: [{ legalForename: 'Dafydd', upn: 'L938200125002', sex: 'M' }],
    problems: [],
    check: (f) => assert.deepEqual(Object.keys(f.raw), ['@xmlns'], 'namespaces kept to be written back'),
  },
  {
    file: 'v20-prefixed.ctf.xml',
    learners: [{ legalForename: 'Dafydd', upn: 'L938200125002', sex: 'M' }],
    problems: [],
  },
  {
    file: 'v21-bom-crlf.ctf.xml',
    learners: [
      { legalForename: 'Siân', legalSurname: 'Ó Briain' },
      { legalForename: 'Zoë', legalSurname: 'Brontë' },
    ],
    problems: [],
  },
  {
    file: 'windows-1252.ctf.xml',
    learners: [
      { legalForename: 'Siân', legalSurname: 'Ó Briain' },
      { legalForename: 'Zoë', legalSurname: 'O\u2019Brien' },
      { legalForename: '\u0160imon', legalSurname: 'Novák' },
    ],
    problems: [],
  },
  {
    file: 'iso-8859-1.ctf.xml',
    learners: [
      { legalForename: 'Siân', legalSurname: 'Ó Briain' },
      { legalForename: 'Zoë', legalSurname: 'O\u2019Brien' },
      { legalForename: '\u0160imon', legalSurname: 'Novák' },
    ],
    problems: [],
  },
  {
    file: 'undeclared-latin1.ctf.xml',
    problems: ['error ctf_bad_encoding '],
    refusal: /not valid UTF-8 text/,
  },
  {
    file: 'empty-elements.ctf.xml',
    learners: [{ legalSurname: 'Hughes', upn: 'G938200124006', contacts: [] }],
    problems: ['error ctf_missing_element Pupil[1]/Forename'],
    check: (f) => assert.equal(f.pupils[0]!.learner.legalForename, undefined),
  },
  {
    file: 'unexpected-order.ctf.xml',
    learners: [
      {
        legalForename: 'Gwenllian',
        preferredForename: 'Gwen',
        upn: 'X938200125001',
        uln: '1234567899',
        yearGroup: 'R',
        contacts: [{ name: 'Efa Pugh', relationship: 'PAM', parentalResponsibility: true, priority: 1 }],
      },
    ],
    problems: [],
    check: (f) => assert.equal(f.header.version, '25.0'),
  },
  {
    file: 'multi-pupil.ctf.xml',
    learners: [
      { upn: 'X938200125001', uln: '9276308686' },
      { legalForename: 'Dafydd', upn: undefined, uln: undefined },
      { upn: 'H93820012500A' },
    ],
    problems: ['error ctf_upn_check_letter Pupil[2]/UPN', 'error ctf_uln_check_digit Pupil[2]/UniqueLearnerNumber'],
  },
  {
    file: 'partial.ctf.xml',
    learners: [{ legalForename: 'Nia', sex: 'F' }],
    problems: [],
    check: (f) => {
      assert.equal(f.header.documentQualifier, 'partial');
      assert.equal(f.pupils[0]!.assessments[0]!.result, '25');
    },
  },
  { file: 'not-ctf-atf.xml', problems: ['error ctf_not_ctf ATfile'], refusal: /not a Common Transfer File/ },
  {
    file: 'multi-pupil.ctf.zip',
    problems: ['error ctf_compressed '],
    refusal: /^This file is a ZIP archive .* unzip it/,
  },
  { file: 'not-xml.csv', problems: ['error ctf_not_xml line 1'], refusal: /not well-formed XML/ },
  { file: 'billion-laughs.xml', problems: ['error ctf_doctype '], refusal: /DOCTYPE/ },
  { file: 'xxe.xml', problems: ['error ctf_doctype '], refusal: /DOCTYPE/ },
  { file: 'empty.xml', problems: ['error ctf_not_xml '], refusal: /^This file is empty\./ },
];

for (const row of ROWS) {
  test(`fixture ${row.file}: ${row.refusal ? 'refused with one clear reason' : 'read, with every problem listed'}`, () => {
    const file = parseCtf(fixture(row.file), { today: TODAY });
    assert.equal(CtfFileSchema.safeParse(file).success, true);
    assert.deepEqual(problems(file), row.problems);
    if (row.refusal) {
      assert.equal(file.pupils.length, 0);
      assert.match(file.errors[0]!.message, row.refusal);
      assert.doesNotMatch(file.errors[0]!.message, /undefined/);
    }
    const learners = row.learners ?? [];
    assert.equal(file.pupils.length, learners.length);
    learners.forEach((expected, i) => {
      const actual = file.pupils[i]!.learner as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected))
        assert.deepEqual(actual[key], value, `pupil ${i + 1} ${key}`);
    });
    row.check?.(file);
  });
}

test('fixtures that are read survive export and a second read unchanged', () => {
  // Not empty-elements: its empty <SENhistory/> reads as "no SEN needs" but, carrying nothing else, is not written.
  for (const row of ROWS.filter((r) => !r.refusal && r.file !== 'empty-elements.ctf.xml')) {
    const first = parseCtf(fixture(row.file), { today: TODAY });
    const again = parseCtf(toCtf(first, { now: NOW, today: TODAY }), { today: TODAY });
    assert.deepEqual(again.pupils, first.pupils, row.file);
  }
});

test('<Gender>, the older name for <Sex>, is read as the sex; beside a <Sex> it is kept and reported', () => {
  const pupil = (inner: string) =>
    parseCtf(
      `<CTfile><Header/><CTFpupilData><Pupil><UPN>X938200125001</UPN><Surname>Pennant</Surname><Forename>Nia</Forename><DOB>2011-03-02</DOB>${inner}</Pupil></CTFpupilData></CTfile>`,
    );
  const old = pupil('<Gender>f</Gender>');
  assert.equal(old.pupils[0]!.learner.sex, 'F');
  assert.deepEqual(problems(old), []);
  assert.doesNotMatch(toCtf(old, { now: NOW }), /<Gender>/, 'written back under the current name');
  assert.match(toCtf(old, { now: NOW }), /<Sex>F<\/Sex>/);

  const both = pupil('<Sex>M</Sex><Gender>F</Gender>');
  assert.equal(both.pupils[0]!.learner.sex, 'M');
  assert.deepEqual(problems(both), ['warning ctf_repeated_element Pupil[1]/Gender']);
  assert.deepEqual(both.pupils[0]!.raw.Gender, [{ name: 'Gender', text: 'F' }]);

  const emptySex = pupil('<Sex/><Gender>M</Gender>');
  assert.equal(emptySex.pupils[0]!.learner.sex, 'M');
  assert.deepEqual(problems(emptySex), []);

  const bad = pupil('<Gender>X</Gender>');
  assert.deepEqual(problems(bad), ['error ctf_invalid_code Pupil[1]/Gender']);
  assert.match(bad.errors[0]!.message, /Gender 'X' should be M or F/);
  assert.match(toCtf(bad, { now: NOW }), /<Gender>X<\/Gender>/, 'the bad value goes back out as it came in');
});

test('a contact’s AddressAsPupil is read inside its <Address>, and written there', () => {
  const contact = (inner: string) =>
    parseCtf(
      `<CTfile><Header/><CTFpupilData><Pupil><UPN>X938200125001</UPN><Surname>Pennant</Surname><Forename>Nia</Forename><DOB>2011-03-02</DOB><Sex>F</Sex><Contacts><Contact><Surname>Pennant</Surname><Forename>Huw</Forename><Responsibility>true</Responsibility>${inner}</Contact></Contacts></Pupil></CTFpupilData></CTfile>`,
      { today: TODAY },
    );
  const nested = contact('<Address><AddressAsPupil>false</AddressAsPupil><PostCode>CF10 1AA</PostCode></Address>');
  assert.deepEqual(problems(nested), []);
  assert.equal(nested.pupils[0]!.contacts[0]!.addressAsPupil, false);
  assert.equal(nested.pupils[0]!.contacts[0]!.address?.postcode, 'CF10 1AA');
  const xml = toCtf(nested, { now: NOW, today: TODAY });
  assert.match(
    xml,
    /<Contact>[\s\S]*<Address>\s*<AddressAsPupil>false<\/AddressAsPupil>\s*<PostCode>CF10 1AA<\/PostCode>/,
  );
  assert.doesNotMatch(
    xml,
    /<\/Responsibility>\s*<AddressAsPupil>/,
    'not beside the address, where an MIS would miss it',
  );

  // Written straight under the contact by some exporters: still read, and moved into the address on export.
  const direct = contact('<AddressAsPupil>true</AddressAsPupil>');
  assert.deepEqual(problems(direct), []);
  assert.equal(direct.pupils[0]!.contacts[0]!.addressAsPupil, true);
  assert.match(toCtf(direct, { now: NOW }), /<Address>\s*<AddressAsPupil>true<\/AddressAsPupil>\s*<\/Address>/);

  const twice = contact(
    '<AddressAsPupil>false</AddressAsPupil><Address><AddressAsPupil>true</AddressAsPupil></Address>',
  );
  assert.equal(twice.pupils[0]!.contacts[0]!.addressAsPupil, true);
  assert.deepEqual(problems(twice), ['warning ctf_repeated_element Pupil[1]/Contacts/Contact[1]/AddressAsPupil']);

  // A pupil's own address has no AddressAsPupil: there it stays an unknown element, kept and reported.
  const own = parseCtf(
    `<CTfile><Header/><CTFpupilData><Pupil><UPN>X938200125001</UPN><Surname>Pennant</Surname><Forename>Nia</Forename><DOB>2011-03-02</DOB><Sex>F</Sex><Address><AddressAsPupil>true</AddressAsPupil></Address></Pupil></CTFpupilData></CTfile>`,
  );
  assert.deepEqual(problems(own), ['warning ctf_unknown_element Pupil[1]/Address/AddressAsPupil']);
});

test('a file with no element at all says so without a missing column number', () => {
  const file = parseCtf('<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- nothing was exported -->\r\n');
  assert.deepEqual(problems(file), ['error ctf_not_xml line 1']);
  assert.equal(
    file.errors[0]!.message,
    'This file is not well-formed XML (line 1: Start tag expected.). It may be damaged or not a CTF; ask the sending school to export it again.',
  );
});

test('another kind of XML file is named as not a CTF, even when it is cut short', () => {
  // A census return or other export picked by mistake, truncated in the download: the reason to give is that it is
  // not a CTF, not that the sending school should export it again.
  const cut = `<?xml version="1.0"?>\n<!-- another system -->\n<?xml-stylesheet href="x.xsl"?>\n<SchoolCensus><Pupils>${'<Pupil><UPN>X938200125001</UPN></Pupil>'.repeat(1000)}<Pup`;
  const file = parseCtf(cut);
  assert.deepEqual(problems(file), ['error ctf_not_ctf SchoolCensus']);
  const prefixed = parseCtf('<census:Return xmlns:census="urn:x"><census:Pupil>');
  assert.deepEqual(problems(prefixed), ['error ctf_not_ctf Return']);
  // A long name from the file is cut short in the message.
  const long = parseCtf(`<${'a'.repeat(5000)}/>`);
  assert.ok(long.errors[0]!.message.length < 200);
});

test('a 20 MB CTF of a whole school is read in full', () => {
  const pupil = (i: number) =>
    `<Pupil>\r\n<UPN>X938200125001</UPN><Surname>Pennant${i}</Surname><Forename>Nia</Forename><DOB>2014-09-01</DOB><Sex>F</Sex><BasicDetails><NCyearActual>6</NCyearActual></BasicDetails><StageAssessments><KeyStage><Stage>KS2</Stage>${'<StageAssessment><Locale>ENG</Locale><Year>2025</Year><Subject>MAT</Subject><Method>TT</Method><Component>MTC</Component><ResultStatus>R</ResultStatus><ResultQualifier>MT</ResultQualifier><Result>25</Result></StageAssessment>'.repeat(40)}</KeyStage></StageAssessments></Pupil>\r\n`;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<CTfile><Header><CTFversion>25.0</CTFversion></Header><CTFpupilData>',
  ];
  let size = parts[0]!.length;
  let count = 0;
  while (size < 20_000_000) {
    const p = pupil(++count);
    parts.push(p);
    size += p.length;
  }
  parts.push('</CTFpupilData></CTfile>');
  const file = parseCtf(new TextEncoder().encode(parts.join('')), { today: TODAY });
  assert.equal(file.pupils.length, count);
  assert.equal(file.pupils.at(-1)!.learner.legalSurname, `Pennant${count}`);
  assert.equal(file.pupils.at(-1)!.assessments.length, 40);
  // One warning per pupil after the first (they share a UPN), and nothing else.
  assert.deepEqual(new Set(file.errors.map((e) => e.code)), new Set(['ctf_repeated_pupil']));
});

test('a file with more pupils than any school has is refused before it is parsed', () => {
  const pupils = (n: number) => `<CTfile><Header/><CTFpupilData>${'<Pupil/>'.repeat(n)}</CTFpupilData></CTfile>`;
  const flood = parseCtf(pupils(20_001));
  assert.deepEqual(problems(flood), ['error ctf_too_large CTfile/CTFpupilData']);
  assert.equal(
    flood.errors[0]!.message,
    'This file holds more than 20,000 pupils, more than a CTF from one school, so it was not read. Ask for a file per year group.',
  );
  assert.equal(parseCtf(pupils(3), { maxPupils: 2 }).errors[0]!.code, 'ctf_too_large');
  // Prefixed tags count too; at the limit the file is read.
  const prefixed = parseCtf(
    `<c:CTfile xmlns:c="urn:x"><c:CTFpupilData>${'<c:Pupil/>'.repeat(3)}</c:CTFpupilData></c:CTfile>`,
    {
      maxPupils: 2,
    },
  );
  assert.equal(prefixed.errors[0]!.code, 'ctf_too_large');
  assert.equal(parseCtf(pupils(2), { maxPupils: 2 }).pupils.length, 2);
});

test('problems past 50,000 are counted in one error, not listed, and the elements are all kept', () => {
  const n = 60_000;
  const file = parseCtf(
    `<CTfile><Header/><CTFpupilData><Pupil><UPN>X938200125001</UPN><Surname>Pennant</Surname><Forename>Nia</Forename><DOB>2011-03-02</DOB><Sex>F</Sex>${'<x/>'.repeat(n)}</Pupil></CTFpupilData></CTfile>`,
  );
  assert.equal(file.errors.length, 50_001);
  assert.deepEqual(file.errors.at(-1), {
    path: 'CTfile',
    code: 'ctf_too_many_problems',
    message:
      'This file has 60,000 problems, too many to list: only the first 50,000 are. It is probably damaged; ask the sending school to export it again. Nothing in it was dropped.',
    severity: 'error',
  });
  assert.equal(file.pupils[0]!.learner.legalForename, 'Nia');
  assert.equal(file.pupils[0]!.raw.x!.length, n);
  assert.equal(toCtf(file, { now: NOW }).match(/<x\/>/g)!.length, n);
});

test('a former UPN is checked with its check letter: a bad one is a warning, kept and written back', () => {
  const read = (former: string) =>
    parseCtf(
      `<CTfile><Header/><CTFpupilData><Pupil><UPN>X938200125001</UPN><Surname>Pennant</Surname><Forename>Nia</Forename><DOB>2011-03-02</DOB><Sex>F</Sex><BasicDetails><FormerUPN>${former}</FormerUPN></BasicDetails></Pupil></CTFpupilData></CTfile>`,
    );
  const good = read(' h93820012500a ');
  assert.deepEqual(problems(good), []);
  assert.equal(good.pupils[0]!.details.formerUpn, 'H93820012500A');

  const bad = read('B938200125002');
  assert.deepEqual(problems(bad), ['warning ctf_upn_check_letter Pupil[1]/BasicDetails/FormerUPN']);
  assert.match(
    bad.errors[0]!.message,
    /^Pupil 1 \(UPN X93820…\): the former UPN is not valid, so it was kept as written\./,
  );
  assert.equal(bad.pupils[0]!.details.formerUpn, undefined);
  assert.match(toCtf(bad, { now: NOW }), /<BasicDetails>\s*<FormerUPN>B938200125002<\/FormerUPN>/);
});

test('a PDF, a gzip file or an Office document is named for what it is, not called damaged', () => {
  for (const [bytes, said, code] of [
    [[0x1f, 0x8b, 0x08, 0x00], /compressed \(gzip\)/, 'ctf_compressed'],
    [[...new TextEncoder().encode('%PDF-1.7\n')], /is a PDF, not a CTF/, 'ctf_wrong_file'],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0], /Excel or Word document/, 'ctf_wrong_file'],
  ] as const) {
    const file = parseCtf(Uint8Array.from(bytes));
    // A code of its own, so a form can word it in its own language: not ctf_not_xml, which says "damaged".
    assert.deepEqual(problems(file), [`error ${code} `]);
    assert.match(file.errors[0]!.message, said);
    assert.doesNotMatch(file.errors[0]!.message, /damaged/);
  }
});
