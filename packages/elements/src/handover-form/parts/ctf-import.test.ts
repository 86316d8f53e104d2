import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { ctfReason, importCtf, renderCtfOutcome, type CtfOutcome } from './ctf-import.js';
import { strings } from '../strings.js';
import { cy } from '../strings-cy.js';

/** A one-pupil CTF (synthetic) with the forename given, declaring `encoding`. */
const ctf = (forename: string, encoding: string, extra = '') => `<?xml version="1.0" encoding="${encoding}"?>
<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion><DateTime>2026-07-01T10:00:00</DateTime><DocumentQualifier>full</DocumentQualifier><SupplierID>TEST</SupplierID>
<SourceSchool><LEA>801</LEA><Estab>2000</Estab><SchoolName>Synthetic Primary</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool><DestSchool><LEA>801</LEA><Estab>4000</Estab></DestSchool></Header>
<CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Testington</Surname><Forename>${forename}</Forename><DOB>2014-09-27</DOB>${extra}</Pupil></CTFpupilData></CTfile>`;

/** Text whose characters are all below 256, one byte each: Windows-1252 for these letters. */
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('importCtf', () => {
  it('reads a Windows-1252 file by its declaration, so a Welsh name keeps its circumflex', async () => {
    const file = new File([latin1(ctf('Siân', 'windows-1252'))], 'pupil.xml', { type: 'text/xml' });
    const outcome = await importCtf(file);
    expect(outcome.error).to.equal(undefined);
    expect(outcome.learner?.legalForename).to.equal('Siân');
  });

  it('reads a UTF-16 file with a byte-order mark', async () => {
    const xml = ctf('Dafydd', 'UTF-16');
    const bytes = new Uint8Array(2 + xml.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) bytes[2 + i * 2] = xml.charCodeAt(i);
    const outcome = await importCtf(new File([bytes], 'pupil.xml'));
    expect(outcome.error).to.equal(undefined);
    expect(outcome.learner?.legalForename).to.equal('Dafydd');
  });

  it('matches the handover’s UPN with invisible characters pasted into it', async () => {
    const two = ctf('Alex', 'UTF-8').replace(
      '</CTFpupilData>',
      '<Pupil><UPN>A123456789012</UPN><Surname>Other</Surname><Forename>Sam</Forename><DOB>2014-10-02</DOB></Pupil></CTFpupilData>',
    );
    const outcome = await importCtf(new File([two], 'pupils.xml'), 'B801\u200b2000 05001');
    expect(outcome.pupils).to.equal(undefined);
    expect(outcome.learner?.legalForename).to.equal('Alex');
  });

  it('says a value filled in with a warning was filled in, and asks for a check', async () => {
    const outcome = await importCtf(
      new File([ctf('Alex', 'UTF-8').replace('<DOB>2014-09-27</DOB>', '<DOB>2014-09-27T23:00:00Z</DOB>')], 'p.xml'),
    );
    expect(outcome.learner?.dateOfBirth).to.equal('2014-09-27');
    const dob = outcome.unread.find((u) => u.element === 'DOB');
    expect(dob?.code).to.equal('ctf_date_with_time');
    expect(ctfReason(dob!.code)).to.equal('ctfCheckDate');
    const en = strings.en as Record<string, unknown>;
    expect(en.ctfCheckDate).to.match(/^filled in/);
    expect(ctfReason('ctf_unknown_entity')).to.equal('ctfCheckValue');
    expect(ctfReason('ctf_repeated_pupil')).to.equal('ctfSameUpn');
    for (const key of ['ctfCheckDate', 'ctfCheckValue', 'ctfSameUpn'] as const) {
      expect(cy[key], key).to.be.a('string').and.not.equal(en[key]);
    }
  });

  /** What the form shows for an outcome, in English or Welsh, as text. */
  async function shown(outcome: CtfOutcome, lang: 'en' | 'cy' = 'en'): Promise<string> {
    const words = (lang === 'en' ? strings.en : { ...strings.en, ...cy }) as Record<
      string,
      string | ((v: Record<string, string | number>) => string)
    >;
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    render(
      renderCtfOutcome(outcome, {
        t: (key, values = {}) => {
          const w = words[key];
          return typeof w === 'function' ? w(values) : (w ?? key);
        },
        list: (items) => items.join(', '),
        labelFor: (path) => path,
        pick: () => undefined,
      }),
      box,
    );
    return box.textContent!.replace(/\s+/g, ' ');
  }

  it('says to unzip a zipped CTF, and to ask for the CTF itself for a PDF, instead of calling them damaged', async () => {
    const zip = await importCtf(new File([Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0])], 'ctf.zip'));
    expect(zip.error?.code).to.equal('ctf_compressed');
    const zipText = await shown(zip);
    expect(zipText).to.contain('This file could not be read as a CTF. It is compressed (a ZIP or gzip file).');
    expect(zipText).to.contain('unzip it and choose the .xml file');
    expect(zipText).not.to.contain('damaged');
    expect(await shown(zip, 'cy')).to.contain('dadsipiwch hi');

    const pdf = await importCtf(new File([new TextEncoder().encode('%PDF-1.7\n%…')], 'ctf.pdf'));
    expect(pdf.error?.code).to.equal('ctf_wrong_file');
    const pdfText = await shown(pdf);
    expect(pdfText).to.contain('It is a PDF, Word or Excel file. Ask the sending school for the CTF itself');
    expect(pdfText).not.to.contain('damaged');
    expect(await shown(pdf, 'cy')).to.contain('Ffeil PDF, Word neu Excel yw hi.');
  });

  it('says a file with more problems than are listed is probably damaged, beside what it filled in', async () => {
    // This handover's pupil, then 10,000 empty pupil records: five problems each, past the reader's 50,000.
    const damaged = ctf('Alex', 'UTF-8').replace('</CTFpupilData>', `${'<Pupil/>'.repeat(10_000)}</CTFpupilData>`);
    const outcome = await importCtf(new File([damaged], 'pupils.xml'), 'B801200005001');
    expect(outcome.learner?.legalForename).to.equal('Alex');
    expect(outcome.damaged).to.equal(true);
    const text = await shown(outcome);
    expect(text).to.contain('This file has too many problems to list them all, so it is probably damaged.');
    expect(text).to.contain('Filled in from the file:');
    expect(await shown(outcome, 'cy')).to.contain('mae’n debyg ei bod wedi’i difrodi');
    // A whole file says nothing of the kind.
    const whole = await importCtf(new File([ctf('Alex', 'UTF-8')], 'pupil.xml'));
    expect(whole.damaged).to.equal(undefined);
    expect(await shown(whole)).not.to.contain('too many problems');
  });
});
