/**
 * What a new version of a handover changed, as far as an acknowledgement is concerned. Every save adds a version
 * (a message and an acknowledgement too), but a receiving school acknowledges what it read: the learner's details,
 * the answers, the safeguarding flag, who it is for. A version that changed none of that leaves every earlier read
 * as good as the latest, so an acknowledgement naming it is not stale.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Handover } from '@c2c/schema';

/**
 * - `content`: something every member of staff who reads the handover is shown (or the submission, the first
 *   version the receiving school could read);
 * - `safeguarding`: the safeguarding record only, which only a DSL is shown;
 * - `none`: nothing a reader acknowledges (a message, the acknowledgement, the receiving DSL's confirmation that
 *   the file arrived).
 */
export const VERSION_CHANGES = ['content', 'safeguarding', 'none'] as const;
export type VersionChange = (typeof VERSION_CHANGES)[number];

/**
 * The changes that make a reader's copy stale: for a DSL, who is shown the safeguarding record, a change to it too.
 * Anyone else was never shown it, so a change to it leaves their copy as it was.
 */
export const staleningChanges = (dsl: boolean): VersionChange[] => (dsl ? ['content', 'safeguarding'] : ['content']);

/**
 * Everything a member of staff reads, but what the conversation and the acknowledgement change. Written as what is
 * left out, so that a field added to handovers later counts as content until someone decides otherwise.
 */
function staffContent(h: Handover): unknown {
  const {
    version: _v,
    updatedAt: _u,
    messages: _m,
    submittedAt: _s,
    acknowledgedAt: _aa,
    acknowledgedBy: _ab,
    safeguarding: _sg,
    status,
    ...content
  } = h;
  return { ...content, sent: status !== 'draft' };
}

/**
 * The safeguarding record as the sending DSL wrote it: the receipt is the receiving school's own record that the file
 * arrived, not something it is sent to read.
 */
function safeguardingContent(h: Handover): unknown {
  if (!h.safeguarding?.transfer) return h.safeguarding;
  const {
    receiptConfirmedAt: _at,
    receiptConfirmedBy: _by,
    receiptConfirmedByReceiver: _r,
    ...sent
  } = h.safeguarding.transfer;
  return { ...h.safeguarding, transfer: sent };
}

/** Compared as the JSON they are stored as: key order and a key left undefined make no difference. */
const same = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

/** What `next` changed from `previous`, the version it replaces. */
export function versionChange(previous: Handover, next: Handover): VersionChange {
  if (!same(staffContent(previous), staffContent(next))) return 'content';
  if (!same(safeguardingContent(previous), safeguardingContent(next))) return 'safeguarding';
  return 'none';
}
