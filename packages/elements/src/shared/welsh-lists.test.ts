import { expect } from '@open-wc/testing';
import { formatWelshList } from './welsh-lists.js';

describe('formatWelshList', () => {
  it('joins with "a", and "ac" before a vowel', () => {
    expect(formatWelshList(['Cymraeg', 'Saesneg'], 'conjunction')).to.equal('Cymraeg a Saesneg');
    expect(formatWelshList(['Cyfenw', 'Enw cyntaf', 'Oed'], 'conjunction')).to.equal('Cyfenw, Enw cyntaf ac Oed');
  });

  it('mutates c, p and t after "a", but not acronyms or words already aspirated', () => {
    expect(formatWelshList(['Saesneg', 'Pwyleg'], 'conjunction')).to.equal('Saesneg a Phwyleg');
    expect(formatWelshList(['bara', 'caws'], 'conjunction')).to.equal('bara a chaws');
    expect(formatWelshList(['Rhyw', 'Tsieinëeg'], 'conjunction')).to.equal('Rhyw a Thsieinëeg');
    expect(formatWelshList(['Enw', 'UPN'], 'conjunction')).to.equal('Enw ac UPN');
    expect(formatWelshList(['Enw', 'CTF'], 'conjunction')).to.equal('Enw a CTF');
    expect(formatWelshList(['Enw', 'Theatr'], 'conjunction')).to.equal('Enw a Theatr');
  });

  it('joins alternatives with "neu", and leaves one item or none alone', () => {
    expect(formatWelshList(['dydd Llun', 'dydd Mawrth', 'dydd Mercher'], 'disjunction')).to.equal(
      'dydd Llun, dydd Mawrth neu ddydd Mercher',
    );
    expect(formatWelshList(['Sadwrn', 'Gwener'], 'disjunction')).to.equal('Sadwrn neu Wener');
    expect(formatWelshList(['te', 'llaeth'], 'disjunction')).to.equal('te neu laeth');
    expect(formatWelshList(['te', 'coffi'], 'disjunction')).to.equal('te neu goffi');
    expect(formatWelshList(['te', 'SEND'], 'disjunction')).to.equal('te neu SEND');
    expect(formatWelshList(['te', 'rhywbeth'], 'disjunction')).to.equal('te neu rywbeth');
    expect(formatWelshList(['Cymraeg'], 'conjunction')).to.equal('Cymraeg');
    expect(formatWelshList([], 'conjunction')).to.equal('');
  });
});
