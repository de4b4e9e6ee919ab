/*
 * An IVR on a real call (issue 8: "DTMF selects the IVR branch"): a
 * scripted phone calls IVR 8100 with an offer that has telephone-event,
 * the switch answers with its own media, and the phone sends RFC 4733
 * events for "1" to the address in the answer. The flow's transition for
 * 1 rings extension 1001 (another scripted phone), which is bridged; the
 * session lands in the IVR log with the input and where the call went.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, sdpWithEvents } from '../helpers/sip-phone.ts';
import { rfc4733DigitPackets } from '../helpers/rtp-dtmf.ts';

const SWITCH = '127.0.0.216';

describe('IVR: a digit over RFC 4733 picks the branch', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let rtp: Socket;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 31500, max: 31599 } },
      { media: undefined },
    );
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    const bobExt = store.internalNumbers.lookup(team.id, '1001')!.ownerId!;
    store.ivrFlows.create({
      teamId: team.id,
      name: 'Main menu',
      internalNumber: '8100',
      actions: [{ action: 'input', maxDigits: 1, timeoutSec: 5 }],
      transitions: [
        { condition: '1', destination: { type: 'extension', targetId: bobExt, targetValue: null } },
        { condition: '2', destination: { type: 'hangup', targetId: null, targetValue: null } },
      ],
    });
    alice = new SipPhone('127.0.0.217', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.218', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await bob.register()).toBe(200);
    rtp = createSocket('udp4');
    await new Promise<void>((resolve) => rtp.bind(0, '127.0.0.217', resolve));
  });
  afterAll(async () => {
    rtp.close();
    alice.stop();
    bob.stop();
    await ts.stop();
  });

  test('1000 dials 8100, answered by the switch, presses 1 → 1001 rings, answers and is bridged; logged', async () => {
    const call = alice.call('8100', sdpWithEvents('127.0.0.217', rtp.address().port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const answer = ok.body.toString();
    expect(answer).toMatch(/a=rtpmap:101 telephone-event\/8000/);
    const port = Number(/^m=audio (\d+)/m.exec(answer)![1]);
    const address = /^c=IN IP4 (\S+)/m.exec(answer)![1]!;
    for (const p of rfc4733DigitPackets(1, 100, 16_000)) {
      await new Promise<void>((resolve) => rtp.send(p, port, address, () => resolve()));
      await new Promise((r) => setTimeout(r, 20));
    }
    const inc = await bob.next('INVITE', 5000);
    expect(inc.request.getHeader('From')).toMatch(/^<sip:1000@demo\.local>/);
    const bobDialog = bob.answer(inc, sdp('127.0.0.218', 6000));
    expect(bobDialog).toBeDefined();
    // Give the bridge a moment, then the caller hangs up: the callee gets BYE.
    await new Promise((r) => setTimeout(r, 300));
    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    const bobBye = await bob.next('BYE', 5000);
    expect(bobBye.request.method).toBe('BYE');
    bob.respond(bobBye, 200);
    expect((await byeResponse).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const log = readFileSync(join(ts.dataDir, 'logs', 'ivr-sessions.jsonl'), 'utf8');
    const record = JSON.parse(log.trim().split('\n').at(-1)!);
    expect(record).toMatchObject({
      flowName: 'Main menu',
      callerNumber: '1000',
      inputs: ['1'],
      endState: 'transferred',
      destination: { type: 'extension' },
    });
  });
});
