import { expect } from '@open-wc/testing';
import { formatWelshDate, intlHasWelsh, WELSH_MONTHS } from './welsh-dates.js';

describe('formatWelshDate', () => {
  it('writes day, month and year in Welsh', () => {
    const d = new Date('2015-09-01T12:00:00Z');
    expect(formatWelshDate(d, 'long')).to.equal('1 Medi 2015');
    expect(formatWelshDate(new Date('2024-02-29T12:00:00Z'), 'short')).to.equal('29 Chwef 2024');
    expect(formatWelshDate(new Date('2031-07-31T12:00:00Z'), 'month')).to.equal('Gorff 2031');
    expect(formatWelshDate(d, 'monthOnly')).to.equal('Medi');
    expect(WELSH_MONTHS).to.have.length(12);
  });

  it('knows whether the browser formats Welsh itself', () => {
    const native = new Intl.DateTimeFormat('cy', { month: 'long', timeZone: 'UTC' }).format(
      new Date('2015-09-01T12:00:00Z'),
    );
    // Either Intl has Welsh (and says "Medi"), or it falls back and the helper must be used.
    expect(intlHasWelsh()).to.equal(native === 'Medi');
  });
});
