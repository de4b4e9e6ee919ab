export {
  agentOriginateTarget,
  type AgentTargetDirectory,
  type AgentTrunkTeam,
  type TargetAgent,
} from './agent-originate-target.ts';
export {
  ClickToCall,
  type ClickToCallDeps,
  type ClickToCallLeg,
  type ClickToCallPlan,
  type ClickToCallSession,
  type ClickToCallState,
} from './click-to-call.ts';
export {
  planClickToCall,
  type ClickToCallAgent,
  type ClickToCallDirectory,
  type ClickToCallPlanDeps,
  type ClickToCallRefusal,
} from './click-to-call-plan.ts';
