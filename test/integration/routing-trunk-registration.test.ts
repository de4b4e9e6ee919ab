import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeHa1, systemClock } from '../../core/index.ts';
import {
  SipRequest,
  createResponse,
  parseSipMessage,
  serializeSipMessage,
} from '../../signaling/message/index.ts';
import { DigestServer } from '../../signaling/user-agent/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.196';
const REGISTRAR = '127.0.0.197';
const REALM = 'carrier.example';

/**
 * A carrier's registrar over real UDP: challenges with DigestServer, grants
 * 120 s, and keeps every REGISTER it got with what it answered.
 */
class ScriptedRegistrar {
  readonly log: Array<{ request: SipRequest; status: number }> = [];
  private readonly socket = dgram.createSocket('udp4');
  private readonly digest = new DigestServer({ clock: systemClock, algorithms: ['MD5'] });

  constructor(private readonly password: string) {
    this.socket.on('message', (data, rinfo) => {
      const parsed = parseSipMessage(data);
      if (!parsed.ok || !(parsed.value instanceof SipRequest)) return;
      const response = this.answer(parsed.value);
      this.log.push({ request: parsed.value, status: response.status });
      this.socket.send(serializeSipMessage(response), rinfo.port, rinfo.address);
    });
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.socket.bind(5060, REGISTRAR, () => resolve()));
  }

  stop(): void {
    this.socket.close();
  }

  private answer(request: SipRequest) {
    const credentials = request.authorization()[0];
    if (credentials === undefined) {
      return createResponse(request, 401, {
        headers: this.digest
          .challenge({ realm: REALM })
          .map((v) => ['WWW-Authenticate', v] as const),
      });
    }
    const verdict = this.digest.verify({
      method: 'REGISTER',
      realm: REALM,
      credentials,
      ha1: (user, realm, alg) => computeHa1(alg, user, realm, this.password),
    });
    if (!verdict.ok) return createResponse(request, 403);
    const expires = Math.min(request.expires() ?? 3600, 120);
    return createResponse(request, 200, {
      headers: [['Contact', `${request.getHeader('Contact')};expires=${expires}`]],
    });
  }
}

describe('routing: registration trunks REGISTER with their carrier (real UDP)', () => {
  let ts: TestSwitch;
  let registrar: ScriptedRegistrar;
  let trunkId: number;

  beforeAll(async () => {
    registrar = new ScriptedRegistrar('trunk-secret');
    await registrar.start();
    // The trunk is written first, then the switch restarted on the same
    // data dir: registration trunks are started with the switch.
    const first = await startTestSwitch(SWITCH, { demo: true });
    const store = first.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    trunkId = store.trunks.create({
      teamId,
      name: 'reg-carrier',
      type: 'registration',
      host: REGISTRAR,
      port: 5060,
      username: 'pbx-user',
      secret: 'trunk-secret',
      register: true,
    }).id;
    await first.stop();
    ts = await startTestSwitch(SWITCH, { dataDir: first.dataDir });
  });
  afterAll(async () => {
    await ts?.stop();
    registrar.stop();
  });

  const registrations = () => ts.sw.sip().trunkRegistrations;

  test('TRK-2 start → REGISTER, 401 with a digest challenge, REGISTER with credentials, 200: registered', async () => {
    await expect.poll(() => registrations().status(trunkId)?.state).toBe('registered');
    expect(registrar.log.map((e) => e.status)).toEqual([401, 200]);
    const [first, second] = registrar.log.map((e) => e.request);
    expect(first!.getHeader('To')).toBe('<sip:pbx-user@127.0.0.197>');
    expect(first!.getHeader('Contact')).toBe('<sip:pbx-user@127.0.0.196:5060;transport=udp>');
    expect(second!.authorization()[0]).toContain('username="pbx-user"');
    expect(registrations().status(trunkId)).toMatchObject({ expiresSec: 120, failureCount: 0 });
  });

  test('stop → REGISTER with Expires 0 removes the binding before the sockets close', async () => {
    await ts.stop();
    const last = registrar.log.at(-1)!;
    expect(last.request.expires()).toBe(0);
    expect(last.status).toBe(200);
    expect(registrations().status(trunkId)?.state).toBe('stopped');
  });
});
