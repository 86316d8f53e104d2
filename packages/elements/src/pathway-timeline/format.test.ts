import { expect } from '@open-wc/testing';
import { formatDate, nextUkMidnight, welshAfterI } from './format.js';
import { WELSH_MONTHS } from '../shared/welsh-dates.js';

describe('format: dates as GOV.UK and the Welsh Government write them', () => {
  it('writes English and Welsh dates the same in every browser', () => {
    expect(formatDate('en', '2016-02-29', 'long')).to.equal('29 February 2016');
    expect(formatDate('cy', '2016-02-29', 'long')).to.equal('29 Chwefror 2016');
    expect(formatDate('en', '2015-09-01', 'short')).to.equal('1 Sept 2015');
    expect(formatDate('cy', '2015-09-01', 'month')).to.equal('Medi 2015');
    expect(formatDate('en', '2031-12-01', 'monthShort')).to.equal('Dec');
    expect(formatDate('cy', '2017-06-23', 'monthLong')).to.equal('Mehefin 2017');
    expect(formatDate('en', '2015-09-01', 'monthLong')).to.equal('September 2015');
  });

  it('writes a Welsh month after “i” with the soft mutation, and leaves the rest as written', () => {
    const after = WELSH_MONTHS.map((m) => welshAfterI(`${m} 2030`));
    expect(after).to.deep.equal([
      'Ionawr 2030',
      'Chwefror 2030',
      'Fawrth 2030',
      'Ebrill 2030',
      'Fai 2030',
      'Fehefin 2030',
      'Orffennaf 2030',
      'Awst 2030',
      'Fedi 2030',
      'Hydref 2030',
      'Dachwedd 2030',
      'Ragfyr 2030',
    ]);
    // A date that starts with its day, an abbreviation, or a word that only starts like a month: unchanged.
    expect(welshAfterI('1 Mawrth 2030')).to.equal('1 Mawrth 2030');
    expect(welshAfterI('Rhag 2030')).to.equal('Rhag 2030');
    expect(welshAfterI('Maiwrth')).to.equal('Maiwrth');
    expect(welshAfterI('Mai')).to.equal('Fai');
  });

  it('gives the next UK midnight, in summer and winter time and across the changes', () => {
    expect(new Date(nextUkMidnight(new Date('2027-08-31T22:30:00Z'))).toISOString()).to.equal(
      '2027-08-31T23:00:00.000Z',
    );
    expect(new Date(nextUkMidnight(new Date('2027-12-31T23:30:00Z'))).toISOString()).to.equal(
      '2028-01-01T00:00:00.000Z',
    );
    // Checked against the browser's own time-zone data: the day changes there, and not before.
    const london = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000 / 4 + 60_000) {
      const next = nextUkMidnight(new Date(t));
      expect(next, new Date(t).toISOString()).to.be.above(t);
      expect(london.format(next - 1), new Date(t).toISOString()).to.equal(london.format(t));
      expect(london.format(next), new Date(t).toISOString()).to.not.equal(london.format(t));
    }
  });
});
