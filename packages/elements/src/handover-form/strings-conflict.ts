/*
 * The English words of the conflict panel (someone else changed the same answers). They come with the conflict
 * chunk and join the form's English catalogue when it loads, so a page that never meets a conflict does not
 * download them; the Welsh ones are in strings-cy.ts with the rest, fetched only for Welsh pages.
 */
export const conflictEn = {
  conflictTitle: 'Someone else changed this handover',
  conflictIntro:
    'Another person saved changes while you were working. For each answer below, choose which version to keep. Nothing is saved until you do.',
  yourVersion: 'Your version',
  theirVersion: 'Their version',
  keepMine: 'Keep your version',
  keepTheirs: 'Keep their version',
  conflictSave: 'Save my choices',
};
