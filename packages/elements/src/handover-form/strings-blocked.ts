/*
 * The English words for a page whose own Content-Security-Policy does not let the form reach the hub. They come in a
 * chunk of their own, fetched the first time the SDK says so (`blocked_by_page_policy`): a school's page set up
 * properly never downloads them. The Welsh ones are in strings-cy.ts with the rest, fetched only for Welsh pages.
 */
export const blockedEn = {
  // In place of the hub's reason, after "The handover could not be loaded." or "That did not work.".
  hubBlocked:
    'This website is not set up to reach the hub, so trying again will not help. Please tell whoever looks after the website.',
  // Instead of "The hub cannot be reached just now ... will be sent as soon as it answers", which would never happen.
  hubBlockedKept:
    'This website is not set up to reach the hub, so your work is kept on this device only and cannot be sent from here. Trying again will not help: please tell whoever looks after the website.',
};
