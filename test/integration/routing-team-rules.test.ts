import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * Spec 01 §1.2 team dialling rules over real UDP: TM-3 (internal calls
 * allowed) and TM-4 (inter-team prefix), with the demo team and a second
 * team `other` whose prefix is 82.
 */

const SWITCH = '127.0.0.24';
const ALICE = '127.0.0.25';
const BOB = '127.0.0.26';
const CAROL = '127.0.0.27';
const CAROL_PASSWORD = 'Carol-secret-2001';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('routing: team dialling rules over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;
  let demoTeamId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    const store = ts.sw.store();
    demoTeamId = store.teams.findByUid('demo')!.id;
    const other = store.teams.create({
      uid: 'other',
      name: 'Other',
      sipDomain: 'other.local',
      interTeamPrefix: '82',
    });
    const owner = store.accounts.create({
      teamId: other.id,
      username: 'otherowner',
      accountType: 'teamAdmin',
      passwordHash: hashPasswordSync('other-owner-pw'),
    });
    store.extensions.create({
      teamId: other.id,
      accountId: owner.id,
      internalNumber: '2001',
      secret: CAROL_PASSWORD,
    });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone(CAROL, '2001', CAROL_PASSWORD, SWITCH, 'other.local');
    await Promise.all([alice, bob, carol].map((p) => p.start()));
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    expect(await carol.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, carol]) p.incoming.length = 0;
  });

  test('TM-3 internal calls not allowed → 1000 calling 1001 gets 403, 1001 does not ring', async () => {
    const store = ts.sw.store();
    store.teams.update(demoTeamId, { internalCallsAllowed: false });
    try {
      expect((await alice.call('1001', sdp('192.0.2.10', 4000)).final).status).toBe(403);
      expect(bob.incoming).toEqual([]);
    } finally {
      store.teams.update(demoTeamId, { internalCallsAllowed: true });
    }
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.respond(await bob.next('INVITE'), 486);
    expect((await call.final).status).toBe(486);
  });

  test('TM-4 1000 dials 82 + 2001 → extension 2001 of team other rings', async () => {
    const call = alice.call('822001', sdp('192.0.2.10', 4000));
    const inc = await carol.next('INVITE');
    expect(inc.request.requestUri).toContain('2001@');
    carol.respond(inc, 486);
    expect((await call.final).status).toBe(486);
  });

  test('TM-4 team other without a prefix → 82 + 2001 is no longer an inter-team call (404)', async () => {
    const store = ts.sw.store();
    const other = store.teams.findByUid('other')!;
    store.teams.update(other.id, { interTeamPrefix: null });
    try {
      expect((await alice.call('822001', sdp('192.0.2.10', 4000)).final).status).toBe(404);
      expect(carol.incoming).toEqual([]);
    } finally {
      store.teams.update(other.id, { interTeamPrefix: '82' });
    }
  });
});
