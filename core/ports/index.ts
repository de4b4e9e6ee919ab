export type {
  MediaControl,
  MediaControlEvents,
  MediaDtmfNotification,
  MediaInfoKey,
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
  MediaTalkingNotification,
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
export type {
  CallerId,
  CallRouter,
  ExtensionTarget,
  ForbiddenReason,
  InboundRouteDecision,
  InboundRouteRequest,
  RouteDecision,
  RouteRequest,
  TrunkPeer,
  TrunkTarget,
} from './call-routing.ts';
export type {
  CallAnswerer,
  CallEnd,
  CallRecorder,
  CallResult,
  CallStart,
  CallType,
  HangupSide,
} from './call-records.ts';
export { DESTINATION_TYPES } from './destination.ts';
export type { Destination, DestinationType } from './destination.ts';
export { LEG_PURPOSES } from './call-application.ts';
export type {
  ApplicationCall,
  CallApplications,
  CallOriginator,
  LegPurpose,
  OriginateRequest,
  OriginateTarget,
  RingingCalls,
  ExtensionPresence,
} from './call-application.ts';
export type {
  AgentActivity,
  AgentPhone,
  AgentPresence,
  AgentSession,
  AgentWorkMode,
} from './agent-presence.ts';
