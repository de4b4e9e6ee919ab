export {
  InternalNumberRouter,
  applicationDestination,
  ringExtension,
  type ApplicationDecision,
  type ExtensionDecision,
  type InternalNumberDirectory,
  type InternalNumberEntry,
  type RoutableExtension,
} from './internal-number-router.ts';
export {
  isOutboundCallerAllowed,
  outboundCallerId,
  type ExtensionCli,
  type OutboundCallerRule,
  type TrunkCli,
} from './caller-id.ts';
export {
  OutboundRouter,
  type OutboundCaller,
  type OutboundDirectory,
  type RoutableOutboundRoute,
  type RoutableTrunk,
} from './outbound-router.ts';
export { DidRouter, didPromptLanguage, type DidDirectory, type RoutableDid } from './did-router.ts';
export { DialPlanRouter, type DialPlanDirectory, type PeerTrunk } from './dial-plan-router.ts';
export { isCreditExhausted, type CreditedTeam } from './credit-gate.ts';
export {
  AgentOutboundGate,
  type AgentOutboundGateDeps,
  type AgentOutboundRefusal,
  type GatedAgentGroup,
  type GatedCall,
} from './agent-outbound-gate.ts';
export { trunkTarget } from './trunk-target.ts';
export { TrunkGroupOrder, type HuntedTrunkGroup } from './trunk-group-order.ts';
export {
  applyGroupAndTrunkRules,
  applyTrunkRules,
  type MatchableTrunkRule,
  type TrunkGroupRuleSource,
} from './trunk-rules.ts';
export {
  rateTrunkChoice,
  type ExtensionRateFinder,
  type RateTrunkChoice,
  type RoutingRate,
} from './rate-trunk.ts';
export {
  withExternalExtensions,
  type ExternalExtensionDeps,
} from './external-extension-originator.ts';
export {
  InboundRouter,
  screenExtensionTargets,
  type InboundCall,
  type InboundDecision,
  type InboundRouteDirectory,
  type RoutableDidGroup,
  type RoutableInboundRoute,
  type TargetsDecision,
  type TeamDefaultTraffic,
} from './inbound-router.ts';
export {
  CallerScreen,
  type CallerListDirectory,
  type CallerListRule,
  type ScreenedExtension,
  type ScreenVerdict,
} from './caller-screen.ts';
export {
  isWorkIntervalActive,
  isWorkScheduleActive,
  type WorkInterval,
  type WorkSchedule,
} from './work-hours.ts';
export * from './feature-codes.ts';
export * from './call-forwarding.ts';
