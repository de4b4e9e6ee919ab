export { IvrApplication } from './ivr-application.ts';
export { runIvrFollowUp, type IvrFollowUpOutcome } from './follow-up.ts';
export { IvrSession, DEFAULT_MAX_IVR_ENTRIES_PER_CALL } from './ivr-session.ts';
export { IvrCallState, type IvrCallStateOptions } from './ivr-call-state.ts';
export type {
  IvrCall,
  IvrConfig,
  IvrDeps,
  IvrDirectory,
  IvrFollowUp,
  IvrOutcome,
} from './ivr-types.ts';
export {
  AUTO_TARGET,
  INPUT_CODE_VARIABLE,
  IVR_DEFAULTS,
  LANGUAGE_VARIABLE,
  type IvrAction,
  type IvrActionKind,
  type IvrFailover,
  type IvrFlow,
  type IvrTransition,
} from './ivr-flow.ts';
export {
  resolvePromptVoiceFile,
  voiceFilePlayName,
  type CallPromptFiles,
  type PlayableVoiceFile,
} from './call-prompt.ts';
export { selectTransition, matchesPattern } from './transition.ts';
export {
  MemoryIvrLogSink,
  type IvrEndState,
  type IvrFailureReason,
  type IvrLogSink,
  type IvrSessionRecord,
  type IvrWebServiceLog,
} from './ivr-log.ts';
export {
  callWebService,
  defaultIvrFetch,
  parseWebServiceValues,
  type IvrFetch,
  type IvrFetchInit,
  type IvrFetchResponse,
  type WebServiceError,
  type WebServiceRequest,
} from './web-service.ts';
export {
  DEFAULT_MAX_HANGUP_POSTS_IN_FLIGHT,
  IvrHangupNotifier,
  type HangupPostResult,
  type IvrHangupNotice,
  type IvrHangupNotifierDeps,
} from './hangup-action.ts';
export { promptPlayName } from './ivr-actions.ts';
