import { createStore, delMany, keys } from 'idb-keyval';

/**
 * Part of every learner id the handover form's other test files use (autosave.test.ts, own-tag.test.ts). wtr runs
 * test files side by side in pages of one origin, which share IndexedDB and localStorage: handover-form.test.ts
 * empties the device before each of its tests, and without this would take another file's draft from under it
 * mid-test (seen in CI: a draft written, then read back as nothing).
 */
export const SIDE_FILE = 'side-file';

/** Empties this device of the form's drafts, stashes and notes, leaving other test files' own (see SIDE_FILE). */
export async function clearDrafts(): Promise<void> {
  const drafts = createStore('c2c-handover-form', 'drafts');
  await delMany(
    (await keys(drafts)).filter((k) => !String(k).includes(SIDE_FILE)),
    drafts,
  );
  for (const key of Object.keys(localStorage))
    if (key.startsWith('c2c-handover-form|') && !key.includes(SIDE_FILE)) localStorage.removeItem(key);
}
