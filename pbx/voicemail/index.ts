export * from './leg-prompter.ts';
export * from './say-number.ts';
export * from './mime-message.ts';
export * from './voicemail-store.ts';
export * from './voicemail-config.ts';
export * from './voicemail-mailer.ts';
export type {
  MessageWaitingState,
  VoicemailCall,
  VoicemailDeps,
  VoicemailEndReason,
  VoicemailEvents,
  VoicemailOutcome,
} from './voicemail-context.ts';
export { END_RECORDING_KEY } from './leave-message.ts';
export { VOICEMAIL_KEYS } from './mailbox-menu.ts';
export * from './voicemail-application.ts';
export * from './file-voicemail-store.ts';
