import { ConflictError } from '../../core/index.ts';
import type { AgentPhone } from '../../core/index.ts';

/** What AGT-2 reads of an agent to pick the phone of a session. */
export interface PhoneBindingAgent {
  readonly teamId: number;
  readonly targetNumber: string | null;
  readonly extensionMode: 'fixed' | 'adaptive' | 'selfSelect';
}

/** What the agent asked for at sign-in, and where it signed in from. */
export interface PhoneBindingRequest {
  /** A number the agent typed; honoured per extensionMode. */
  readonly phone?: string | undefined;
  /** The address the sign-in came from (web or API client). */
  readonly sourceIp?: string | undefined;
}

/** How the binding looks up numbers and registrations. */
export interface PhoneBindingDirectory {
  /** True when `number` is an extension of the team's internal numbers. */
  isExtension(teamId: number, number: string): boolean;
  /** Extension numbers of the team with a live registration from `ip`. */
  extensionsRegisteredFrom(teamId: number, ip: string): readonly string[];
}

/**
 * AGT-2: the phone an agent's calls ring for this session.
 *
 * - fixed: always targetNumber; another number is refused.
 * - selfSelect: the number the agent gives, else targetNumber.
 * - adaptive: the extension registered from the sign-in's source IP; when
 *   none is, the spec's override lets the agent give any number, else
 *   targetNumber.
 *
 * Throws ConflictError `ERR_AGENT_PHONE_FIXED` or `ERR_AGENT_NO_PHONE`.
 */
export function chooseAgentPhone(
  agent: PhoneBindingAgent,
  request: PhoneBindingRequest,
  directory: PhoneBindingDirectory,
): AgentPhone {
  const given = request.phone === undefined || request.phone === '' ? undefined : request.phone;
  let number: string | null | undefined;
  switch (agent.extensionMode) {
    case 'fixed':
      if (given !== undefined && given !== agent.targetNumber) {
        throw new ConflictError(
          'ERR_AGENT_PHONE_FIXED',
          'this agent always uses its target number (AGT-2 fixed)',
          'phone',
        );
      }
      number = agent.targetNumber;
      break;
    case 'selfSelect':
      number = given ?? agent.targetNumber;
      break;
    case 'adaptive': {
      const matched =
        request.sourceIp === undefined
          ? []
          : directory.extensionsRegisteredFrom(agent.teamId, request.sourceIp);
      number = matched[0] ?? given ?? agent.targetNumber;
      break;
    }
  }
  if (number === null || number === undefined) {
    throw new ConflictError(
      'ERR_AGENT_NO_PHONE',
      'the agent has no target number and none was given or registered (AGT-2)',
      'phone',
    );
  }
  return directory.isExtension(agent.teamId, number)
    ? { kind: 'extension', number }
    : { kind: 'external', number };
}
