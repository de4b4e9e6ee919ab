export type {
  MediaControl,
  MediaControlEvents,
  MediaDtmfNotification,
  MediaDtmfOptions,
  MediaError,
  MediaErrorCode,
  MediaJoinOptions,
  MediaOfferOptions,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  MediaRecordOptions,
  MediaSessionRef,
  MediaStats,
} from './media-control.ts';
export type {
  CallLeg,
  CallLegDirection,
  CallLegDtmfOptions,
  CallLegError,
  CallLegEvents,
  CallLegState,
  CallLegTechnology,
  CallParty,
  HangupCause,
  RingOptions,
  TransferTarget,
} from './call-leg.ts';
export type { CallRouter, ExtensionTarget, RouteDecision, RouteRequest } from './call-routing.ts';
export type {
  CallEnd,
  CallRecorder,
  CallResult,
  CallStart,
  CallType,
  HangupSide,
} from './call-records.ts';
