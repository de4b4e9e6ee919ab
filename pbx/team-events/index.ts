export {
  isoTime,
  type AgentSessionEventName,
  type TeamEvent,
  type TeamEventAgent,
  type TeamEventAgentSession,
  type TeamEventCall,
  type TeamEventName,
} from './team-event.ts';
export { TeamEventRecorder, type TeamEventSink } from './team-event-recorder.ts';
export { publishQueueAgentEvents } from './queue-agent-events.ts';
export {
  publishAgentSessionEvents,
  type AgentSessionChange,
  type AgentSessionSource,
} from './agent-session-events.ts';
export {
  EVENT_HEADER,
  REALM_HEADER,
  TeamEventPublisher,
  type TeamEventQueue,
  type TeamEventTargets,
} from './team-event-publisher.ts';
