import { expect, fixture, html } from '@open-wc/testing';
import { createStore, del, get } from 'idb-keyval';
import '../define.js';
import { forgetLocalDraft, type C2cHandoverForm } from '../handover-form.js';
import type { C2cHandoverField } from './field.js';
import { readRecord, recordKey, storagePatience, writeRecord } from './autosave.js';
import { emptyState, type LocalRecord } from './model.js';
import { STASH, tick, until } from '../test-utils/waiting.js';
import { hangIndexedDbWrites } from '../test-utils/hung-storage.js';
import { SIDE_FILE } from '../test-utils/device-drafts.js';

/** Named with SIDE_FILE, so handover-form.test.ts, running beside this file, leaves its drafts alone. */
const LEARNER = `lrn-${SIDE_FILE}-discarded`;

const drafts = () => createStore('c2c-handover-form', 'drafts');
/** Settles as `promise` does, or fails once `ms` have passed: a hung call fails the test instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, tick(ms).then(() => Promise.reject(new Error(`no answer in ${ms} ms`)))]);
}

function draft(key: string, words: string, changedAt: string): LocalRecord {
  const state = emptyState(null);
  (state.sections as Record<string, Record<string, unknown>>).strengths = { strengths: words };
  return {
    key,
    status: 'draft',
    learnerId: LEARNER,
    transition: 'y6-to-y7',
    templateId: 'std-y6-to-y7',
    state,
    changedAt,
    createKey: 'k',
    pending: { save: true },
  };
}

// Test files run side by side in pages of one origin, and another page's retention sweep may tidy a stash of this
// file's away at any moment: these tests check what a read returns, never that a stash is still there mid-test.
describe('deleting a draft from this device', () => {
  const key = recordKey('role:teacher', { learnerId: LEARNER, transition: 'y6-to-y7' });
  /** Puts IndexedDB back after a test made it hang (hangIndexedDbWrites). */
  let release = () => {};
  const hang = () => {
    release = hangIndexedDbWrites();
  };
  afterEach(async () => {
    release();
    localStorage.removeItem(STASH + key);
    // This file's own draft only: clearing the store took the drafts of handover-form.test.ts, running beside it in
    // another page of the same origin, from under its tests (a form found no unsent copy to offer to discard).
    await del(key, drafts());
  });

  it('gives up waiting for a hung IndexedDB, and the discarded draft does not come back', async () => {
    await writeRecord(draft(key, 'Discarded on purpose', '2026-01-01T10:00:00.000Z'));
    // A newer copy stashed as the page went away, which would otherwise win on the next read.
    localStorage.setItem(STASH + key, JSON.stringify(draft(key, 'Stashed on purpose', '2026-01-01T10:05:00.000Z')));
    hang();
    await within(forgetLocalDraft(key), 2000); // before, this never settled
    release();

    const el = await fixture<C2cHandoverForm>(
      html`<c2c-handover-form learner-id=${LEARNER} transition="y6-to-y7" user-role="teacher"></c2c-handover-form>`,
    );
    await until(() => el.shadowRoot!.querySelector('form') && !el.shadowRoot!.querySelector('[aria-busy="true"]'));
    await el.updateComplete;
    const answer = el.shadowRoot!.querySelector<C2cHandoverField>(
      'c2c-handover-field[name="sections.strengths.strengths"]',
    )!;
    await answer.updateComplete;
    expect(answer.shadowRoot!.querySelector('textarea')!.value).to.equal('');
    expect(await get(key, drafts()), 'deleted by the read that found it').to.equal(undefined);
    expect(localStorage.getItem(STASH + key), 'the mark goes once the delete is done').to.equal(null);
    el.remove();
  });

  it('keeps the mark while IndexedDB still hangs, and a draft saved after the discard wins over it', async () => {
    await writeRecord(draft(key, 'Discarded on purpose', '2026-01-01T10:00:00.000Z'));
    hang();
    await within(forgetLocalDraft(key), 2000);
    expect(await readRecord(key), 'still hung: nothing read back').to.equal(undefined);
    release();
    // Typed again after the discard: newer than the mark, so kept.
    await writeRecord(draft(key, 'Started again', new Date(Date.now() + 1000).toISOString()));
    expect((await readRecord(key))?.state.sections.strengths).to.deep.equal({ strengths: 'Started again' });
    expect(localStorage.getItem(STASH + key)).to.equal(null);
  });

  it('never deletes a draft another tab saves while this one is tidying away the mark', async () => {
    await writeRecord(draft(key, 'Discarded on purpose', '2026-01-01T10:00:00.000Z'));
    hang();
    await within(forgetLocalDraft(key), 2000);
    release();
    // Another tab saves new typing just after this tab's read found the discarded copy, before it acts on the mark.
    const typedElsewhere = draft(key, 'Typed in another tab', new Date(Date.now() + 1000).toISOString());
    const realGet = IDBObjectStore.prototype.get;
    let raced = false;
    IDBObjectStore.prototype.get = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
      const request = realGet.call(this, query);
      if (!raced && query === key) {
        raced = true;
        // Its write is asked for there and then (a transaction is created synchronously), as another tab's may be.
        request.addEventListener('success', () =>
          this.transaction.db.transaction('drafts', 'readwrite').objectStore('drafts').put(typedElsewhere, key),
        );
      }
      return request;
    };
    let read: LocalRecord | undefined;
    // The read's settling transaction queues behind the other test pages' writes to the same store: the form's 4 s
    // patience, run out on a loaded machine, would let the mark win by default, which is not what this test is about.
    const patience = storagePatience.ms;
    storagePatience.ms = 15000;
    try {
      read = await readRecord(key);
    } finally {
      IDBObjectStore.prototype.get = realGet;
      storagePatience.ms = patience;
    }
    expect(raced, 'the other tab saved mid-read').to.equal(true);
    expect(read?.state.sections.strengths).to.deep.equal({ strengths: 'Typed in another tab' });
    expect((await get<LocalRecord>(key, drafts()))?.state.sections.strengths).to.deep.equal({
      strengths: 'Typed in another tab',
    });
  });

  it('deletes at once when IndexedDB answers, leaving no mark', async () => {
    await writeRecord(draft(key, 'Discarded on purpose', '2026-01-01T10:00:00.000Z'));
    await forgetLocalDraft(key);
    expect(await get(key, drafts())).to.equal(undefined);
    expect(localStorage.getItem(STASH + key)).to.equal(null);
  });
});
