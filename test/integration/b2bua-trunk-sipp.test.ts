import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.141';
const CARRIER = '127.0.0.142';
const ALICE = '127.0.0.143';
const SCENARIOS = resolve(import.meta.dirname, '../../benchmarks/load');

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(`^${number};demo\\.local;.*password=([^\\]]+)\\]$`, 'm').exec(csv);
  return m![1]!;
}

describe.skipIf(!hasTool('sipp'))('B2BUA: SIPp as the carrier of the demo trunk', () => {
  let ts: TestSwitch;
  let alice: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true, demoTrunk: { host: CARRIER, port: 5080 } });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await alice.start();
  });
  afterAll(async () => {
    alice.stop();
    await ts.stop();
  });

  test('1000 dials 95551234 → SIPp gets INVITE sip:5551234@…, answers, BYE from 1000 reaches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-sipp-'));
    const carrier = runTool(
      'sipp',
      [
        ...['-sf', join(SCENARIOS, 'uas-carrier-answer-200.xml')],
        ...['-i', CARRIER, '-p', '5080', '-m', '1', '-nostdin'],
        ...['-trace_msg', '-message_file', join(dir, 'messages.log')],
        ...['-timeout', '10s', '-timeout_error'],
      ],
      { cwd: dir, timeoutMs: 20_000 },
    );
    // SIPp needs a moment to bind its socket.
    await new Promise((r) => setTimeout(r, 500));
    const call = alice.call('95551234', sdp('192.0.2.10', 4000));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const bye = await alice.inDialog(call.dialog!, 'BYE');
    expect(bye.status).toBe(200);
    const result = await carrier;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const log = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(log).toContain(`INVITE sip:5551234@${CARRIER}:5080 SIP/2.0`);
    expect(log).toMatch(/P-Asserted-Identity: <sip:1000@127\.0\.0\.141>/);
    expect(ts.sw.sip().b2bua!.calls.size).toBe(0);
  });
});
