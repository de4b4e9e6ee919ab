/**
 * The prompt files voicemail plays, as paths the media plane resolves
 * (spec 02 §0.6: prompts are files of the team's sound set).
 */
export interface VoicemailPrompts {
  /** The system greeting, used when the box has no personal one. */
  readonly greeting: string;
  readonly mailboxFull: string;
  readonly messageSaved: string;
  readonly goodbye: string;
  readonly enterMailbox: string;
  readonly enterPin: string;
  /** Said after a wrong mailbox or PIN, without telling which ("login incorrect"). */
  readonly loginIncorrect: string;
  readonly youHave: string;
  readonly newMessages: string;
  readonly oldMessages: string;
  readonly noMessages: string;
  /** The word before a message's number ("message", then "3"). */
  readonly message: string;
  /** The key map after a message (see VOICEMAIL_KEYS). */
  readonly menu: string;
  readonly messageDeleted: string;
  readonly noMoreMessages: string;
  /** The directory of number files (`<dir>/0` … `<dir>/20`). */
  readonly digitsDir: string;
}

/** Voicemail behaviour; the defaults are DEFAULT_VOICEMAIL_CONFIG. */
export interface VoicemailConfig {
  readonly prompts: VoicemailPrompts;
  /** Recording stops after this much silence. */
  readonly silenceTimeoutMs: number;
  /** A recording shorter than this is thrown away (a hang-up at the beep). */
  readonly minMessageMs: number;
  /** Wrong mailbox or PIN entries before the caller is hung up on. */
  readonly loginAttempts: number;
  /** Time for the first key and between keys of a mailbox or PIN entry. */
  readonly digitTimeoutMs: number;
  /** Time to choose in the message menu before it is said again. */
  readonly menuTimeoutMs: number;
  /** Menu repeats without a key before the call ends. */
  readonly menuRepeats: number;
  /** The sender of voicemail e-mails (VM-3). */
  readonly mailFrom: string;
  readonly mailFromName: string;
}

/** Defaults close to Asterisk's app_voicemail (silence 5 s, 3 login tries). */
export const DEFAULT_VOICEMAIL_CONFIG: VoicemailConfig = {
  prompts: {
    greeting: 'vm/greeting',
    mailboxFull: 'vm/mailbox-full',
    messageSaved: 'vm/message-saved',
    goodbye: 'vm/goodbye',
    enterMailbox: 'vm/enter-mailbox',
    enterPin: 'vm/enter-password',
    loginIncorrect: 'vm/login-incorrect',
    youHave: 'vm/you-have',
    newMessages: 'vm/new-messages',
    oldMessages: 'vm/old-messages',
    noMessages: 'vm/no-messages',
    message: 'vm/message',
    menu: 'vm/message-menu',
    messageDeleted: 'vm/message-deleted',
    noMoreMessages: 'vm/no-more-messages',
    digitsDir: 'digits',
  },
  silenceTimeoutMs: 5_000,
  minMessageMs: 1_000,
  loginAttempts: 3,
  digitTimeoutMs: 5_000,
  menuTimeoutMs: 5_000,
  menuRepeats: 3,
  mailFrom: 'voicemail@localhost',
  mailFromName: 'Voicemail',
};
