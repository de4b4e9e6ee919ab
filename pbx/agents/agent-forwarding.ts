import type { AgentPresence } from '../../core/index.ts';

/** The forward columns AGT-6 clears (pbx/routing ForwardingExtension). */
interface ForwardingFields {
  readonly teamId: number;
  readonly internalNumber: string;
  readonly forwardAlways?: string | null;
  readonly forwardBusy?: string | null;
  readonly forwardNoAnswer?: string | null;
  readonly forwardUnreachable?: string | null;
}

/** A directory whose extensions carry forward settings, as routing reads them. */
interface ExtensionDirectory<X extends ForwardingFields> {
  readonly extensions: { find(id: number): X | undefined };
}

/** Whether an agent ignores the forwarding of its extension (AGT-6). */
export interface ForwardingAgents {
  readonly presence: AgentPresence;
  /** The agent's ignoreExtForwarding flag, read when a call comes. */
  ignoresForwarding(agentId: number): boolean;
}

/**
 * AGT-6: while an agent with `ignoreExtForwarding` is signed in, calls to
 * the extension that is its phone ring that extension: the directory the
 * router reads shows the extension without forward numbers. Every other
 * member of `directory` is the original, bound to it, so private fields
 * of repositories keep working.
 */
export function withAgentForwarding<X extends ForwardingFields, D extends ExtensionDirectory<X>>(
  directory: D,
  agents: ForwardingAgents,
): D {
  const find = (id: number): X | undefined => {
    const ext = directory.extensions.find(id);
    if (ext === undefined) return undefined;
    const session = agents.presence.sessionAtPhone(ext.teamId, ext.internalNumber);
    if (session === undefined || !agents.ignoresForwarding(session.agentId)) return ext;
    return {
      ...ext,
      forwardAlways: null,
      forwardBusy: null,
      forwardNoAnswer: null,
      forwardUnreachable: null,
    };
  };
  const extensions = bindAll(directory.extensions, { find });
  return bindAll(directory, { extensions } as Partial<D>);
}

/** `target` with `overrides`, every other method bound to `target`. */
function bindAll<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(t, key, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
