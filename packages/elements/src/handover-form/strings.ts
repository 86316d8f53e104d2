import type { Catalogue, Messages } from '../shared/localize.js';
import type { conflictEn } from './strings-conflict.js';
import type { ctfEn } from './strings-ctf.js';
import type { blockedEn } from './strings-blocked.js';
import type { reviewEn } from './strings-review.js';

/**
 * Every message the handover form shows, in English and Welsh. Sentences are whole messages with named values
 * so Welsh can order and mutate words itself. Hosts override any of them through the `messages` property.
 */
/** The English of a problem @c2c/schema has already worded (its `reason`). */
const schemaReason = ({ reason }: Values) => String(reason);

const en = {
  loading: 'Loading the handover…',
  storageSlow:
    'Waiting for this browser’s storage to read what this device kept. Nothing is lost. If this lasts, reload the page.',
  loadFailed: ({ message }: Values) => `The handover could not be loaded. ${message}`,
  noTarget:
    'This form needs a handover to open (handover-id) or a learner and transition to start one (learner-id and transition).',
  retry: 'Try again',
  heading: ({ title, name }: Values) => (name ? `${title}: ${name}` : String(title)),
  statusDraft: 'Draft',
  statusSubmitted: 'Submitted',
  statusAcknowledged: 'Acknowledged',
  learnerDetails: 'Learner details',
  lf_legalForename: 'Legal first name',
  lf_legalSurname: 'Legal surname',
  lf_preferredForename: 'Preferred first name (if different)',
  lf_dateOfBirth: 'Date of birth',
  lf_upn: 'Unique pupil number (UPN)',
  lf_upnHint: '13 characters, for example B801200005001. It is on the pupil’s record in your MIS.',
  lf_uln: 'Unique learner number (ULN, if known)',
  lf_sex: 'Sex, as recorded in the school census',
  sexM: 'Male',
  sexF: 'Female',
  lf_senStatus: 'Special educational needs provision',
  senNone: 'None',
  senSupport: 'SEN support',
  senEhcp: 'Education, health and care (EHC) plan',
  lf_eal: 'English as an additional language',
  lf_firstLanguage: 'First language',
  lf_lookedAfter: 'Looked after by the local authority',
  lf_previouslyLookedAfter: 'Previously looked after',
  lf_freeSchoolMeals: 'Free school meals',
  lf_pupilPremium: 'Pupil premium',
  ctfTitle: 'Fill in from a Common Transfer File (CTF)',
  ctfHint:
    'Drop the CTF exported from your MIS here, or choose the file. It is read on this device and is not uploaded.',
  ctfChoose: 'Choose a CTF file',
  ctfReading: 'Reading the file…',
  ctfFailed: ({ message }: Values) => `This file could not be read as a CTF. ${message}`,
  yes: 'Yes',
  no: 'No',
  notAnswered: 'Not answered',
  errorPrefix: 'Error',
  charsRemaining: ({ count }: Values) => `You have ${count} characters remaining`,
  charsOver: ({ count }: Values) => `You have ${count} characters too many`,
  charsRemainingOne: 'You have 1 character remaining',
  charsOverOne: 'You have 1 character too many',
  required: ({ label }: Values) => `Answer “${label}”.`,
  tooLong: ({ label, max }: Values) => `“${label}” must be ${max} characters or fewer.`,
  invalidChoice: ({ label }: Values) => `Choose one of the options for “${label}”.`,
  notANumber: ({ label }: Values) => `“${label}” must be a number, like 96.`,
  invalidValue: ({ label }: Values) => `Check “${label}”: it is not in the expected format.`,
  // A draft written by another system can hold a number or true for a text answer; the box shows it as text, so
  // only typing it again stores text.
  notText: ({ label }: Values) => `Type the answer to “${label}” again: the one saved is not text.`,
  notYesOrNo: ({ label }: Values) => `Answer “${label}” with yes or no.`,
  invalidEmail: 'Enter an email address in the correct format, like name@example.org.',
  invalidPhone: 'Enter a telephone number, like 01632 960 001.',
  invalidDate: 'Enter a real date, for example 27 9 2014.',
  dateHint: 'For example, 27 9 2014',
  dateDay: 'Day',
  dateMonth: 'Month',
  dateYear: 'Year',
  // A UPN's or ULN's problem: @c2c/schema's checks word it in English already (the hub's own words for it), so the
  // English here is theirs rather than a second copy in the bundle. Welsh words each by the same keys.
  upn_empty: schemaReason,
  upn_wrong_length: schemaReason,
  upn_bad_characters: schemaReason,
  upn_check_letter: schemaReason,
  uln_bad_characters: schemaReason,
  uln_wrong_length: schemaReason,
  uln_leading_zero: schemaReason,
  uln_check_digit: schemaReason,
  errorSummaryTitle: 'There is a problem',
  savedDevice: ({ time }: Values) => `Saved on this device at ${time}.`,
  savedHub: ({ time }: Values) => `Saved to the hub at ${time}.`,
  timeOnDay: ({ time, date }: Values) => `${time} on ${date}`,
  notSavedYet: 'Not saved yet.',
  safeguardingOnDevice: 'The safeguarding record stays on this device until it is complete.',
  detailsOnDevice: 'Some details stay on this device until they are complete.',
  orphanTitle: 'Answers to questions no longer in this form',
  orphanHint:
    'These were written for questions the form has since renamed or removed. They are kept, so nothing typed is lost: copy into the questions above what is still needed.',
  orphanHintReadOnly: 'These were written for questions the form has since renamed or removed.',
  offlineQueued:
    'You are offline. Your changes are kept on this device and will be sent to the hub when the connection returns.',
  submitQueued: 'You are offline. The handover will be submitted when the connection returns.',
  hubUnreachableQueued:
    'The hub cannot be reached just now. Your changes are kept on this device and will be sent as soon as it answers.',
  hubUnreachableSubmit: 'The hub cannot be reached just now. The handover will be submitted as soon as it answers.',
  hubSaveFailed: ({ message }: Values) => `Could not save to the hub. ${message} Your changes are kept on this device.`,
  deviceSaveFailed:
    'This device could not keep your latest changes: its storage is full or turned off. Keep this page open until they are saved to the hub, or copy them somewhere safe.',
  discarded: 'The changes on this device were discarded. The form shows the hub’s copy.',
  openElsewhere:
    'This handover is open in another tab or window, and can be changed there. It will open here for changes, with everything written there, once that one is closed.',
  emptyValue: '(empty)',
  safeguardingTitle: 'Safeguarding',
  safeguardingIntro:
    'Record that a child-protection file exists and how it is sent to the next school’s designated safeguarding lead (DSL). Never write what the file says here.',
  sgRequired: 'A DSL-to-DSL child-protection transfer is required',
  cpFileExists: 'A child-protection file exists',
  dslSending: 'Sending school’s DSL',
  dslReceiving: 'Receiving school’s DSL',
  dslName: 'Full name',
  dslEmail: 'Email address',
  dslPhone: 'Telephone (optional)',
  transferMethod: 'How the file is sent',
  dslNameMissing: 'Enter the DSL’s full name, or clear their other details',
  dslEmailMissing: 'Enter the DSL’s email address, or clear their other details',
  transferMethodMissing: 'Choose how the file is sent, or clear the other transfer details',
  method_secure_email: 'Secure email',
  method_specialist_system: 'Specialist system (for example CPOMS or MyConcern)',
  method_hand_delivered: 'Hand delivered',
  method_recorded_post: 'Recorded post',
  method_other: 'Another secure way',
  sentAt: 'Date sent',
  sentBy: 'Sent by',
  receiptAt: 'Date receipt was confirmed',
  receiptBy: 'Receipt confirmed by',
  sgNotice:
    'A separate DSL-to-DSL transfer of the child-protection file is required. Only the designated safeguarding lead can see its details.',
  submit: 'Submit handover',
  submitting: 'Submitting…',
  submitNotSent: ({ message }: Values) =>
    `This handover has not been submitted. ${message} Your answers are kept: check them, then submit it again.`,
  saveDraft: 'Save draft',
  submittedBanner: ({ date }: Values) => `Handover submitted on ${date}. The receiving school can now read it.`,
  hubErrorInvalidState: 'The hub does not take this change while the handover is in its current state.',
  hubErrorForbidden: 'Your role does not allow this.',
  hubErrorNotFound: 'The hub does not know this handover, or it is not shared with your school.',
  hubErrorValidation: 'The hub did not accept some of the answers.',
  // The host's choice of receiving school, not an answer: nothing in the form can change it.
  hubErrorReceiver:
    'The receiving school or setting chosen cannot take this kind of handover. Choose another where you chose it, outside this form.',
  hubErrorUnknownReceiver:
    'The receiving school or setting chosen is not known to the hub. Choose one from the hub’s list where you chose it, outside this form.',
  hubErrorSignIn: 'Sign in again, then try once more.',
  hubErrorRateLimited: 'Too many requests for now. Wait a minute, then try again.',
  hubErrorOther: ({ code }: Values) => `The hub gave the error “${code}”.`,
  parentIntro:
    'You can add to the parts about your child in their own words and about your family. The school will see what you write.',
  actionFailed: ({ message }: Values) => `That did not work. ${message}`,
};

type Values = Record<string, string | number>;
/**
 * Every key: those bundled here, and those of the on-demand parts (the CTF import, the conflict panel, the review
 * block, a page whose policy blocks the hub), which come in their chunks (see strings-ctf.ts, strings-conflict.ts,
 * strings-review.ts and strings-blocked.ts).
 */
export type HandoverFormMessageKey =
  keyof typeof en | keyof typeof ctfEn | keyof typeof conflictEn | keyof typeof reviewEn | keyof typeof blockedEn;

/**
 * English bundled (each on-demand part's English with its chunk); Welsh loaded the first time a page shows the
 * form in Welsh.
 */
export const strings: Catalogue<HandoverFormMessageKey> = {
  en: en as Messages<HandoverFormMessageKey>,
  cy: () => import('./strings-cy.js').then((m) => m.cy),
};
