import { describe, expect, it } from 'vitest';
import { withAgentForwarding } from './agent-forwarding.ts';
import { agent, sessionsSetup } from './agent-test-kit.ts';

/** A repository with a private field, as the store's are. */
class Extensions {
  readonly #rows = new Map([
    [1, { id: 1, teamId: 1, internalNumber: '2001', forwardAlways: '555', forwardBusy: '556' }],
  ]);
  find(id: number) {
    return this.#rows.get(id);
  }
  count() {
    return this.#rows.size;
  }
}

describe('withAgentForwarding()', () => {
  it('AGT-6: extension of a signed-in agent with ignoreExtForwarding → no forward numbers', () => {
    const { sessions, store } = sessionsSetup([agent(1, { ignoreExtForwarding: true })]);
    const directory = withAgentForwarding(
      { extensions: new Extensions(), other: 7 },
      {
        presence: sessions,
        ignoresForwarding: (id) => store.agents.find(id)?.ignoreExtForwarding === true,
      },
    );
    expect(directory.extensions.find(1)?.forwardAlways).toBe('555');
    sessions.signIn(1);
    expect(directory.extensions.find(1)).toMatchObject({
      internalNumber: '2001',
      forwardAlways: null,
      forwardBusy: null,
    });
    expect(directory.extensions.count()).toBe(1);
    expect(directory.other).toBe(7);
    sessions.signOut(1);
    expect(directory.extensions.find(1)?.forwardAlways).toBe('555');
  });

  it('AGT-6: an agent without ignoreExtForwarding → forwarding applies', () => {
    const { sessions } = sessionsSetup([agent(1)]);
    const directory = withAgentForwarding(
      { extensions: new Extensions() },
      { presence: sessions, ignoresForwarding: () => false },
    );
    sessions.signIn(1);
    expect(directory.extensions.find(1)?.forwardAlways).toBe('555');
  });
});
