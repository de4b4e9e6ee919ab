export {
  chooseAgentPhone,
  type PhoneBindingAgent,
  type PhoneBindingDirectory,
  type PhoneBindingRequest,
} from './agent-phone.ts';
export {
  AUTO_BUSY_REASON,
  AgentSessions,
  type AgentChange,
  type AgentSessionsDeps,
  type AgentSessionsEvents,
  type AgentSessionsStore,
  type SignInRequest,
} from './agent-sessions.ts';
export {
  AgentQueues,
  agentMemberKey,
  type AgentQueuesDeps,
  type ArbitratedQueue,
} from './agent-queues.ts';
export { withAgentForwarding, type ForwardingAgents } from './agent-forwarding.ts';
export {
  WrapUpPolicy,
  type AfterQueueCall,
  type QueueCallEnd,
  type WrapUpSession,
} from './wrap-up-policy.ts';
export {
  PHONE_PAUSE_REASON,
  isAgentPhoneContext,
  runAgentPhoneApplication,
  type AgentPhoneAgent,
  type AgentPhoneContext,
  type AgentPhoneDeps,
  type AgentPhoneDirectory,
  type AgentPhoneResult,
  type AgentPhoneSessions,
} from './agent-phone-application.ts';
