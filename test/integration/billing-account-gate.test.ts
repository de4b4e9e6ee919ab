import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * AC-6 over real UDP (D56): a prepaid account without money places no
 * trunk call, and a recharge of the account (FIN-2, FIN-3) opens its gate.
 * The demo team routes 9… to the carrier trunk: a phone on the switch's
 * address, port 5070, so that the caller's address is not the trunk's.
 */

const SWITCH = '127.0.0.80';
const PHONES = '127.0.0.90';
const CARRIER_PORT = 5070;

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('AC-6 account payment gate over real UDP (D56)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let carrier: SipPhone;
  let accountId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, demoTrunk: { host: SWITCH, port: CARRIER_PORT } },
      { media: undefined },
    );
    alice = new SipPhone(PHONES, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    carrier = new SipPhone(SWITCH, 'carrier', 'unused', SWITCH, 'carrier.example', {
      port: CARRIER_PORT,
    });
    await Promise.all([alice, carrier].map((p) => p.start()));
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    accountId = store.extensions.list(teamId).find((e) => e.internalNumber === '1000')!.accountId;
  });

  afterAll(async () => {
    for (const p of [alice, carrier]) p.stop();
    await ts.stop();
  });

  beforeEach(() => {
    for (const p of [alice, carrier]) p.incoming.length = 0;
  });

  test('AC-6 a prepaid account with no balance → 403 Credit Limit Reached, no trunk is tried', async () => {
    ts.sw.store().accounts.update(accountId, { paymentMode: 'prepaid' });
    const refused = await alice.call('95551234', sdp('192.0.2.10', 4000)).final;
    expect(refused.status).toBe(403);
    expect(refused.reason).toBe('Credit Limit Reached');
    expect(carrier.incoming).toEqual([]);
  });

  test('FIN-3 a recharge of the account → its next outbound call reaches the carrier', async () => {
    ts.sw.store().finance.adjustAccount({ accountId, type: 'recharge', amountE4: 100_000 });
    const call = alice.call('95551234', sdp('192.0.2.10', 4000));
    const inc = await carrier.next('INVITE', 5000);
    carrier.respond(inc, 486);
    expect((await call.final).status).toBe(486);
  });
});
