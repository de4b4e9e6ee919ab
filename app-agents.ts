/*
 * Agents' phones over the config store: where a queue call to a
 * signed-in agent rings (app-queue-registry.ts), and which numbers an
 * agent may bind (app.ts gives it to the agents' runtime).
 */
import type { AgentSession, ExtensionTarget } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import { ringExtension } from './pbx/index.ts';
import type { PhoneBindingDirectory } from './pbx/agents/index.ts';

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
