import { expect } from '@open-wc/testing';
import { FakeHub } from './fake-hub.js';

describe('the handover form tests’ fake hub', () => {
  it('never gives a handover the id of one in another hub on the page, so no test meets an earlier test’s draft', () => {
    const first = new FakeHub();
    const second = new FakeHub();
    const a = first.seed(first.firstLearner, 'y6-to-y7');
    const b = second.seed(second.firstLearner, 'y6-to-y7');
    expect(b.id).to.not.equal(a.id);
    expect(second.handovers.has(a.id)).to.equal(false);
  });
});
