import { expect } from '@open-wc/testing';
import { ukClock, ukToday } from './uk-time.js';

describe('uk-time: the date and time in the UK, without Intl', () => {
  it('gives today in the UK, switching at the British Summer Time changes', () => {
    expect(ukToday(new Date('2026-03-29T00:59:59Z'))).to.equal('2026-03-29'); // before the spring change
    expect(ukToday(new Date('2026-06-30T23:30:00Z'))).to.equal('2026-07-01'); // 00:30 BST
    expect(ukToday(new Date('2026-10-25T00:30:00Z'))).to.equal('2026-10-25'); // 01:30 BST, still the 25th
    expect(ukToday(new Date('2026-12-31T23:30:00Z'))).to.equal('2026-12-31'); // GMT in winter
    // Agrees with the browser's own time-zone data across a year, hour by hour around midnight.
    const london = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      for (const minutes of [-61, -59, -1, 0, 59, 61]) {
        const now = new Date(t + minutes * 60_000);
        expect(ukToday(now), now.toISOString()).to.equal(london.format(now));
      }
    }
  });

  it('matches the UK clock Intl keeps, across both changes of the clocks', () => {
    const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    const instants = [
      '2026-03-29T00:59:00Z', // GMT, the minute before the clocks go forward
      '2026-03-29T01:00:00Z', // BST begins
      '2026-06-21T23:30:00Z', // the next day in the UK already
      '2026-10-25T00:59:00Z', // still BST
      '2026-10-25T01:00:00Z', // back to GMT
      '2026-12-31T23:59:00Z',
      '2027-03-28T01:00:00Z',
    ];
    for (const iso of instants) expect(ukClock(new Date(iso)), iso).to.equal(london.format(new Date(iso)));
  });
});
