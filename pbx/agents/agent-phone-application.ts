import { ConflictError, NotFoundError } from '../../core/index.ts';
import type {
  AgentSession,
  ApplicationCall,
  Clock,
  MediaControl,
  MediaPlaySource,
} from '../../core/index.ts';
import { LegPrompter } from '../voicemail/index.ts';

/** The application contexts of spec 02 §3.18 this file runs. */
export type AgentPhoneContext = 'agent-login' | 'agent-logout' | 'agent-pause';

/** Whether `context` names one of the agents' phone applications. */
export function isAgentPhoneContext(context: string | undefined): context is AgentPhoneContext {
  return context === 'agent-login' || context === 'agent-logout' || context === 'agent-pause';
}

/** What the applications read of an agent. */
export interface AgentPhoneAgent {
  readonly id: number;
  readonly teamId: number;
  readonly agentNo: string;
  readonly targetNumber: string | null;
}

/** The agents table as the applications read it; the config store fits it. */
export interface AgentPhoneDirectory {
  readonly agents: {
    findByAgentNo(teamId: number, agentNo: string): AgentPhoneAgent | undefined;
    list(teamId?: number): readonly AgentPhoneAgent[];
    getPasswordHash(id: number): string;
  };
}

/** The part of AgentSessions the applications drive. */
export interface AgentPhoneSessions {
  session(agentId: number): AgentSession | undefined;
  sessionAtPhone(teamId: number, extensionNumber: string): AgentSession | undefined;
  signIn(agentId: number, request: { readonly phone?: string | undefined }): AgentSession;
  signOut(agentId: number): void;
  pause(agentId: number, reason: string): AgentSession;
  resume(agentId: number): AgentSession;
}

/** Collaborators of the agents' phone applications. */
export interface AgentPhoneDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: AgentPhoneDirectory;
  readonly sessions: AgentPhoneSessions;
  /** Checks a typed password against the stored scrypt hash (verifyPassword). */
  readonly verifyPassword: (password: string, hash: string) => Promise<boolean>;
}

/** What an application run did, for tests and logs. */
export type AgentPhoneResult =
  'signedIn' | 'signedOut' | 'paused' | 'resumed' | 'refused' | 'login-failed' | 'hangup';

/** The pause reason a pause by phone carries. */
export const PHONE_PAUSE_REASON = 'phone';

/** Sign-in tries before the call is ended, as voicemail's login allows. */
const MAX_TRIES = 3;

/** The bundled system sounds used (sounds/vm/). */
const PROMPTS = {
  enterAgentNo: { file: 'vm/enter-mailbox' },
  enterPassword: { file: 'vm/enter-password' },
  incorrect: { file: 'vm/login-incorrect' },
  confirm: { tone: 'beep' },
  refused: { tone: 'congestion' },
} as const satisfies Record<string, MediaPlaySource>;

/** Keys of the agent number and password: `#` ends them early. */
const DIGITS_INPUT = {
  maxDigits: 32,
  terminator: '#',
  firstDigitTimeoutMs: 10_000,
  interDigitTimeoutMs: 5_000,
} as const;

/**
 * Runs agent-login, agent-logout or agent-pause (spec 02 §3.18) for the
 * calling extension. The agent is the one whose phone the extension is
 * (its live session, or for sign-in the agent whose targetNumber it is);
 * when none is, the caller types the agent number and the agent's
 * password (spec 01 §1.5: the password is for sign-in and phone
 * operations), three tries in all. agent-login signs in with the calling
 * extension as phone (AGT-2 still decides whether that is allowed),
 * agent-logout signs out and agent-pause toggles pause and resume. A beep
 * confirms; a refusal (AGT-5 disabled, phone taken, not signed in) plays
 * a congestion tone. The call is hung up in every case. A caller that is
 * not an extension of the team (`isCallerExtension` false) is always asked.
 */
export async function runAgentPhoneApplication(
  call: ApplicationCall,
  context: AgentPhoneContext,
  deps: AgentPhoneDeps,
  opts: { readonly isCallerExtension: boolean } = { isCallerExtension: true },
): Promise<AgentPhoneResult> {
  const { leg } = call;
  if (leg.state !== 'confirmed' && !(await leg.answer()).ok) {
    await leg.hangup();
    return 'hangup';
  }
  const prompter = new LegPrompter(leg, deps.media, deps.clock);
  try {
    const extension = leg.remote.number;
    // A caller from outside (a DID or IVR routed here) always types the
    // password: its caller ID proves nothing.
    const known = opts.isCallerExtension
      ? agentAtPhone(call.teamId, extension, context, deps)
      : undefined;
    const agentId = known ?? (await askForAgent(call.teamId, prompter, deps));
    if (agentId === 'hangup') return 'hangup';
    if (agentId === undefined) {
      await prompter.play(PROMPTS.refused);
      return 'login-failed';
    }
    const result = apply(context, agentId, extension, deps.sessions);
    await prompter.play(result === 'refused' ? PROMPTS.refused : PROMPTS.confirm);
    return result;
  } finally {
    prompter.dispose();
    await leg.hangup();
  }
}

/** The agent whose phone `extension` is, without asking the caller. */
function agentAtPhone(
  teamId: number,
  extension: string,
  context: AgentPhoneContext,
  deps: AgentPhoneDeps,
): number | undefined {
  const session = deps.sessions.sessionAtPhone(teamId, extension);
  if (session !== undefined) return session.agentId;
  if (context !== 'agent-login') return undefined;
  // Only an unambiguous owner: two agents naming the same target number
  // must identify themselves.
  const owners = deps.directory.agents.list(teamId).filter((a) => a.targetNumber === extension);
  return owners.length === 1 ? owners[0]?.id : undefined;
}

/**
 * Asks for the agent number and password up to three times; the agent's
 * id, undefined after the last wrong try, or 'hangup'. An unknown number
 * is told apart from a wrong password by nothing the caller hears.
 */
async function askForAgent(
  teamId: number,
  prompter: LegPrompter,
  deps: AgentPhoneDeps,
): Promise<number | 'hangup' | undefined> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const agentNo = await prompter.prompt(PROMPTS.enterAgentNo, DIGITS_INPUT);
    if (agentNo.kind === 'hangup') return 'hangup';
    const password = await prompter.prompt(PROMPTS.enterPassword, DIGITS_INPUT);
    if (password.kind === 'hangup') return 'hangup';
    const agent =
      agentNo.digits === ''
        ? undefined
        : deps.directory.agents.findByAgentNo(teamId, agentNo.digits);
    if (agent !== undefined && password.digits !== '') {
      const hash = deps.directory.agents.getPasswordHash(agent.id);
      if (await deps.verifyPassword(password.digits, hash)) return agent.id;
    }
    if (prompter.isHungUp) return 'hangup';
    if ((await prompter.play(PROMPTS.incorrect)) === 'hangup') return 'hangup';
  }
  return undefined;
}

/** Does what the context asks; a ConflictError of the runtime is a refusal. */
function apply(
  context: AgentPhoneContext,
  agentId: number,
  extension: string,
  sessions: AgentPhoneSessions,
): AgentPhoneResult {
  try {
    switch (context) {
      case 'agent-login':
        sessions.signIn(agentId, { phone: extension });
        return 'signedIn';
      case 'agent-logout':
        sessions.signOut(agentId);
        return 'signedOut';
      case 'agent-pause': {
        const session = sessions.session(agentId);
        if (session === undefined) return 'refused';
        if (session.pauseReason !== undefined || session.activity === 'paused') {
          sessions.resume(agentId);
          return 'resumed';
        }
        sessions.pause(agentId, PHONE_PAUSE_REASON);
        return 'paused';
      }
    }
  } catch (error) {
    if (isRefusal(error)) return 'refused';
    throw error;
  }
}

/** Errors the runtime raises for a request it refuses (stable codes, D54). */
function isRefusal(error: unknown): boolean {
  return error instanceof ConflictError || error instanceof NotFoundError;
}
