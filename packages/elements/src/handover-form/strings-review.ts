/*
 * The English words of the review block (the receiving school's acknowledgement, the messages between the two
 * schools, the receiving DSL's confirmation that the child-protection file arrived), and a parent's once the school
 * has submitted the handover. They come with the review chunk, which only a handover past its draft fetches, and
 * join the form's English catalogue when it loads; the Welsh ones are in strings-cy.ts with the rest, fetched only
 * for Welsh pages.
 */
export const reviewEn = {
  sgReceiptTitle: 'Has the child-protection file arrived?',
  sgReceiptHint:
    'Confirm only once the file itself has arrived by secure transit. The hub records your name and the time, and the sending DSL sees them.',
  sgReceiptMethod: 'How did the file arrive?',
  sgReceiptMethodEmpty: 'Choose how the file arrived',
  sgConfirm: 'Confirm the file has arrived',
  sgConfirming: 'Confirming…',
  sgReceiptDone: 'You confirmed that the child-protection file has arrived.',
  acknowledgedBanner: ({ who, date }: Values) => `Receipt acknowledged by ${who} on ${date}.`,
  acknowledge: 'Acknowledge receipt',
  acknowledgeMessage: 'Message to the sending school (optional)',
  acknowledging: 'Acknowledging…',
  ackNoteNotSent:
    'This handover had already been acknowledged, so your note was not sent with it. It is in the message box: send it from there.',
  ackChangedWhileRead:
    'Not acknowledged: the sending school changed this handover while you were reading it. The changed handover is now shown above. Read it again, then acknowledge receipt. Your message is still in its box.',
  questionsTitle: 'Questions for the sending school',
  questionsHint: 'Your question goes to the school that wrote this handover.',
  questionLabel: 'Your question',
  sendQuestion: 'Send question',
  questionSent: 'Your question was sent.',
  messagesTitle: 'Messages',
  messageMeta: ({ who, date }: Values) => `${who}, ${date}`,
  questionEmpty: 'Enter your question',
  messagesWithReceiver: 'Messages with the receiving school',
  replyHint: 'Your reply goes to the school that received this handover.',
  replyLabel: 'Your reply',
  sendReply: 'Send reply',
  replyEmpty: 'Enter your reply',
  replySent: 'Your reply was sent.',
  print: 'Print',
  // A save refused because the receiving school acknowledged the handover meanwhile (the form loads this chunk first).
  closedBeforeSaved:
    'The receiving school acknowledged this handover before your last changes were saved, so the hub did not take them. They are still shown below, and kept on this device.',
  // Shown only past the draft, when this chunk is in: to the sender while the receiving school waits for a reply,
  // and to a parent once the handover is acknowledged.
  receiverWrote:
    'The receiving school has written to you about this handover. Read and reply under “Messages with the receiving school”, below the form.',
  closedParent:
    'The school has received this handover, so it can no longer be changed here. To add anything, please contact the school.',

  // A parent adding to a handover already sent: saved at once, and read by the next school too.
  parentSave: 'Save your changes',
  // The sending school on a handover it has submitted: the hub still takes its corrections, which the receiving
  // school reads once they are sent; they wait on the device until the button is pressed.
  senderSave: 'Save changes',
  senderIntroSubmitted:
    'This handover has been submitted. You can still correct it here: your changes are kept on this device as you type, and the receiving school sees them once you save them.',
  // In the save status of a submitted handover, while this device has changes the hub does not have yet.
  notSent: 'Changes not sent yet: they are on this device only until you save them',
  parentIntroSubmitted:
    'The school has sent this handover to your child’s next school. You can still add to the parts about your child, in their own words, and about your family. Both schools will see what you save.',
};

type Values = Record<string, string | number>;
