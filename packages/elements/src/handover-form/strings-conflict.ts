/*
 * The English words of the conflict panel (someone else changed the same answers), and of the notice that this
 * device has changes the hub has not got, with its discard button. They come with the conflict
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
  localNewer: ({ time }: Values) =>
    `This device has changes from ${time} that are not on the hub yet. They are shown here and will be sent to the hub.`,
  discardLocal: 'Discard this device’s changes and use the hub’s copy',
  discardConfirm: 'Discard the changes on this device? They cannot be got back.',
  discardYes: 'Yes, discard them',
  discardKeep: 'No, keep them',
};

type Values = Record<string, string | number>;
