/*
 * Agents over the config store: their runtime (app.ts starts it), where a
 * queue call to a signed-in agent rings (app-queue-registry.ts), which
 * numbers an agent may bind, and the dial plan with the agents' rules.
 */
import type { AgentSession, Clock, ExtensionTarget, Logger } from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import { DialPlanRouter, ringExtension } from './pbx/index.ts';
import {
  AgentSessions,
  withAgentForwarding,
  type PhoneBindingDirectory,
} from './pbx/agents/index.ts';
import { publishAgentSessionEvents, type TeamEvent } from './pbx/team-events/index.ts';
import { withExtensionRates } from './app-billing.ts';
import { agentOutboundGate } from './app-click-to-call.ts';

/**
 * Where a queue call to a signed-in agent rings (AGT-3): the extension
 * that is the session's phone, as the routing rings it. External phones
 * ring through the team's external-agent trunk (TM-13), which queues do
 * not place yet, so those agents are not offered queue calls.
 */
export function agentTarget(
  store: ConfigStore,
  session: AgentSession,
): ExtensionTarget | undefined {
  if (session.phone.kind !== 'extension') return undefined;
  const entry = store.internalNumbers.lookup(session.teamId, session.phone.number);
  if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
  const decision = ringExtension(store.extensions.find(entry.ownerId), session.teamId);
  return decision.kind === 'extensions' ? decision.targets[0] : undefined;
}

/** What the registrar tells of an extension's registrations (signaling/registrar). */
interface RegisteredContacts {
  lookup(
    teamId: number,
    number: string,
  ): ReadonlyArray<{ readonly binding: { readonly sourceAddress: string } }>;
}

/**
 * AGT-2's view of the team's numbers: which are extensions, and which
 * extensions are registered now from an address (adaptive binding).
 */
export function agentPhoneDirectory(
  store: ConfigStore,
  registrar: () => RegisteredContacts | undefined,
): PhoneBindingDirectory {
  return {
    isExtension: (teamId, number) =>
      store.internalNumbers.lookup(teamId, number)?.kind === 'extension',
    extensionsRegisteredFrom: (teamId, ip) => {
      const contacts = registrar();
      if (contacts === undefined) return [];
      return store.extensions
        .list(teamId)
        .map((ext) => ext.internalNumber)
        .filter((n) => contacts.lookup(teamId, n).some((c) => c.binding.sourceAddress === ip));
    },
  };
}

/**
 * The agents' runtime, started: signed-in agents are back from the
 * store, and sign-ins, sign-outs and pauses go to `publish`.
 */
export function startAgentSessions(w: {
  store: ConfigStore;
  registrar: () => RegisteredContacts | undefined;
  publish: (event: TeamEvent) => void;
  clock: Clock;
  logger: Logger;
}): AgentSessions {
  const { clock, logger } = w;
  // Spec §1.5: signed-in agents come back after a restart; queues offer
  // calls only to them (GRP-1), and AGT-2 binds phones by registration.
  const agentSessions = new AgentSessions({
    store: w.store,
    phones: agentPhoneDirectory(w.store, w.registrar),
    clock,
    logger: logger.child({ component: 'agents' }),
  });
  // D63: sign-in, sign-out, pause and resume go to the team's event URL.
  publishAgentSessionEvents(
    agentSessions,
    w.publish,
    clock,
    (agentId) => w.store.agents.find(agentId)?.agentNo,
  );
  agentSessions.start();
  return agentSessions;
}

/**
 * The switch's dial plan: the store's routes, with the agents' rules and
 * the extension rates.
 */
export function switchDialPlan(
  store: ConfigStore,
  cdrStore: CdrStore,
  agentSessions: AgentSessions,
): DialPlanRouter {
  // AGT-6: a signed-in agent's extension ignores its forwarding; GRP-4
  // and GRP-5 gate agents' trunk calls (D55); cascade trunks name the
  // signed-in agent (TRK-12). Click-to-call shares it.
  return new DialPlanRouter(
    withExtensionRates(
      withAgentForwarding(store, {
        presence: agentSessions,
        ignoresForwarding: (id) => store.agents.find(id)?.ignoreExtForwarding === true,
      }),
      store,
    ),
    undefined,
    {
      agentGate: agentOutboundGate(store, cdrStore, agentSessions),
      presence: agentSessions,
    },
  );
}
