/**
 * Web storage in the directory's browser tests. wtr runs test files side by side in pages of one origin, which share
 * localStorage: each file empties only what it writes, or it takes another file's shortlist or cache from under it
 * mid-test.
 *
 * - service-directory.test.ts (a services array) keeps its shortlist in the `default` namespace.
 * - service-directory.remote.test.ts (feeds and hubs) fills the results caches, and keeps shortlists under
 *   namespaces of its own (`storage-key="remote-…"`), which it removes itself.
 * - parts/parts.test.ts names every shortlist namespace and cache source it makes with SIDE_FILE.
 */

/** Part of every shortlist namespace and cache source parts/parts.test.ts makes, so the other files leave them. */
export const SIDE_FILE = 'side-file';

const PREFIX = 'c2c:service-directory:';

function remove(storage: Storage, keep: (key: string) => boolean): void {
  for (const key of Object.keys(storage)) if (key.startsWith(PREFIX) && !keep(key)) storage.removeItem(key);
}

/** Empties the `default` shortlist namespace, the only one service-directory.test.ts uses. */
export function clearDefaultShortlist(storage: Storage = localStorage): void {
  remove(storage, (key) => !key.startsWith(`${PREFIX}default:`));
}

/** Empties the results caches the feed and hub tests fill, in both storages, leaving SIDE_FILE's. */
export function clearResultsCaches(storages: Storage[] = [localStorage, sessionStorage]): void {
  for (const storage of storages)
    remove(storage, (key) => !key.startsWith(`${PREFIX}cache:`) || key.includes(SIDE_FILE));
}
