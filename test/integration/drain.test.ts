import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { startTestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.161';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  return new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv)![1]!;
}

describe('graceful shutdown drains calls', () => {
  test('stop() with a call up → new calls get 503, the call is hung up with BYE both ways, its CDR is complete', async () => {
    const ts = await startTestSwitch(SWITCH, { demo: true, shutdownTimeoutMs: 3000 });
    const alice = new SipPhone('127.0.0.162', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    const bob = new SipPhone('127.0.0.163', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    const carol = new SipPhone('127.0.0.164', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    try {
      expect(await alice.register()).toBe(200);
      expect(await bob.register()).toBe(200);
      expect(await carol.register()).toBe(200);
      const call = alice.call('1001', sdp('192.0.2.10', 4000));
      bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
      expect((await call.final).status).toBe(200);

      const stopping = ts.stop();
      await new Promise((r) => setTimeout(r, 200));
      const late = carol.call('1000', sdp('192.0.2.30', 6000));
      expect((await late.final).status).toBe(503);
      alice.respond(await alice.next('BYE'), 200);
      bob.respond(await bob.next('BYE'), 200);
      await stopping;

      const cdrs = openCdrStore(ts.dataDir);
      const rows = cdrs.list({ limit: 10 });
      cdrs.close();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ result: 'answered', hangupSide: 'system' });
      expect(rows[0]!.endedAtMs).not.toBeNull();
    } finally {
      for (const p of [alice, bob, carol]) p.stop();
    }
  });
});
