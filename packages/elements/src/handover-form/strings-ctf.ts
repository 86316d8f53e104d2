/*
 * The English words of the CTF import's outcome (what was filled, what was not read, a pupil to pick). They come
 * with the import's chunk and join the form's English catalogue when it loads, so a page that never imports a
 * file does not download them; the Welsh ones are in strings-cy.ts with the rest, fetched only for Welsh pages.
 */
export const ctfEn = {
  ctfFilled: ({ fields }: Values) => `Filled in from the file: ${fields}.`,
  ctfNothingFilled: 'Nothing could be filled in from this file.',
  ctfUnread: 'Not read from the file:',
  ctfUnreadMore: ({ count }: Values) => `and ${count} more`,
  ctfUnknownElement: 'not used by this form',
  ctfBadValue: 'could not be read, so was not filled in',
  ctfMissing: 'missing from the file',
  ctfRepeated: 'given more than once; the first was used',
  ctfCheckDate: 'filled in; the file gave a time too, so check the date',
  ctfCheckValue: 'filled in as written; check it',
  ctfSameUpn: 'another pupil in the file has this UPN; check which is right',
  ctfNoPupil: 'There is no pupil in this file.',
  ctfNotXml: 'It is not a readable XML file, and may be damaged. Ask the sending school to export it again.',
  ctfNotCtf: 'It is an XML file, but not a Common Transfer File.',
  ctfTooLarge: 'It is too large for a CTF. Ask the sending school for a file per year group.',
  ctfCompressed: 'It is compressed (a ZIP or gzip file). If the CTF is inside it, unzip it and choose the .xml file.',
  ctfWrongFile: 'It is a PDF, Word or Excel file. Ask the sending school for the CTF itself: an .xml file.',
  ctfDamaged:
    'This file has too many problems to list them all, so it is probably damaged. Check what was filled in, or ask the sending school to export it again.',
  ctfPick: ({ count }: Values) => `This file has ${count} pupils. Choose the one this handover is for.`,
};

type Values = Record<string, string | number>;
