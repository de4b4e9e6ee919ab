import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { baresipConfigDir, heardAudio as heard } from '../helpers/baresip.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.121';

/** A baresip that plays `toneHz` and dumps what it hears (sndfile) into its dir. */
function phone(address: string, user: string, password: string, toneHz: number, extra = '') {
  return baresipConfigDir(
    {
      address,
      user,
      password,
      switchAddress: SWITCH,
      toneHz,
      isDumping: true,
      accountParams: extra,
    },
    10,
  );
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'audio both ways through the anchored media plane',
  () => {
    let ts: TestSwitch;
    beforeAll(async () => {
      // { media: undefined }: the switch's own MediaServer anchors the RTP.
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31000, max: 31099 } },
        { media: undefined },
      );
    });
    afterAll(async () => ts.stop());

    test('1000 (plays 1 kHz) calls 1001 (plays 500 Hz) → each hears the other’s tone, not its own', async () => {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === '1001' && resolve()),
      );
      const calleeDir = phone(
        '127.0.0.122',
        '1001',
        demoPassword(ts.dataDir, '1001'),
        500,
        ';answermode=auto',
      );
      const callee = runTool('baresip', ['-f', calleeDir, '-t', '8'], { timeoutMs: 20_000 });
      await registered;
      const callerDir = phone('127.0.0.123', '1000', demoPassword(ts.dataDir, '1000'), 1000);
      await runTool('baresip', ['-f', callerDir, '-e', '/dial sip:1001@demo.local', '-t', '5'], {
        timeoutMs: 20_000,
      });
      await callee;
      const atCallee = heard(calleeDir);
      const atCaller = heard(callerDir);
      expect(atCallee.length).toBeGreaterThan(8000);
      expect(atCaller.length).toBeGreaterThan(8000);
      // The dominant tone of what each side heard is the other side's.
      expect(goertzelAmplitude(atCallee, 1000, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCallee, 500, 8000),
      );
      expect(goertzelAmplitude(atCaller, 500, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCaller, 1000, 8000),
      );
    });
  },
);
