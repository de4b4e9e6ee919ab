import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DigestClient } from '../../signaling/user-agent/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.81';

/** A UDP phone that sends REGISTERs and collects the answers. */
class Probe {
  private readonly socket = dgram.createSocket('udp4');
  private readonly inbox: string[] = [];
  private seq = 1;

  constructor(readonly address: string) {
    this.socket.on('message', (m) => this.inbox.push(m.toString('latin1')));
  }

  bind(): Promise<void> {
    return new Promise((r) => this.socket.bind(5060, this.address, () => r()));
  }

  close(): void {
    this.socket.close();
  }

  /** Sends a REGISTER for `user` and waits up to `waitMs` for a final answer. */
  async register(user: string, authorization?: string, waitMs = 1000): Promise<string | undefined> {
    const n = this.seq++;
    const lines = [
      `REGISTER sip:demo.local SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address}:5060;branch=z9hG4bK-sec-${n};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@demo.local>;tag=from-${n}`,
      `To: <sip:${user}@demo.local>`,
      `Call-ID: sec-${this.address}-${n}`,
      `CSeq: ${n} REGISTER`,
      `Contact: <sip:${user}@${this.address}:5060>`,
      'Expires: 600',
      ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
      'Content-Length: 0',
      '',
      '',
    ];
    this.inbox.length = 0;
    this.socket.send(Buffer.from(lines.join('\r\n')), 5060, SWITCH);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const final = this.inbox.find((m) => /^SIP\/2\.0 [2-6]/.test(m));
      if (final !== undefined) return final;
      await new Promise((r) => setTimeout(r, 5));
    }
    return undefined;
  }

  /** REGISTER, answer the challenge with `password`; returns the second answer. */
  async registerWithPassword(user: string, password: string): Promise<string | undefined> {
    const challenge = await this.register(user);
    if (challenge === undefined) return undefined;
    const headers = challenge.split('\r\n').filter((l) => l.startsWith('WWW-Authenticate: '));
    const client = new DigestClient({ username: user, password });
    client.handleChallenge(headers.map((h) => h.slice('WWW-Authenticate: '.length)));
    return this.register(user, client.authorize({ method: 'REGISTER', uri: 'sip:demo.local' }));
  }
}

/** Masks what is random by design: tags, branches, nonces, Call-ID. */
function normalise(response: string): string {
  return response
    .replace(/tag=[^;\r\n>]+/g, 'tag=*')
    .replace(/branch=[^;\r\n]+/g, 'branch=*')
    .replace(/nonce="[^"]+"/g, 'nonce="*"')
    .replace(/sec-127\.0\.0\.\d+-\d+/g, 'call-id')
    .replace(/CSeq: \d+/g, 'CSeq: n')
    .replace(/(From|To|Contact): <sip:\d+@/g, '$1: <sip:user@');
}

describe('registrar security over real UDP', () => {
  let ts: TestSwitch;
  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
  });
  afterAll(async () => ts.stop());

  test('a scan cannot tell an existing extension from a missing one (replies equal but for tags, branches, nonces)', async () => {
    const probe = new Probe('127.0.0.82');
    await probe.bind();
    try {
      const existingChallenge = await probe.register('1000');
      const missingChallenge = await probe.register('1999');
      expect(normalise(missingChallenge!)).toBe(normalise(existingChallenge!));
      const wrongPassword = await probe.registerWithPassword('1000', 'guess-1');
      const unknownUser = await probe.registerWithPassword('1999', 'guess-1');
      expect(wrongPassword).toMatch(/^SIP\/2\.0 401 /);
      expect(normalise(unknownUser!)).toBe(normalise(wrongPassword!));
    } finally {
      probe.close();
    }
  });

  test('20 wrong-password REGISTERs from one source → banned: counted, logged, then ignored', async () => {
    const probe = new Probe('127.0.0.83');
    await probe.bind();
    const banned: string[] = [];
    ts.sw.sip().registrar.on('banned', ({ ip }) => banned.push(ip));
    try {
      for (let i = 0; i < 20; i++) {
        expect(await probe.registerWithPassword('1001', `wrong-${i}`)).toMatch(/^SIP\/2\.0 401 /);
      }
      expect(banned).toEqual(['127.0.0.83']);
      expect(ts.sw.sip().limiter.isBanned('127.0.0.83')).toBe(true);
      // Banned: nothing is answered any more, and each drop is counted.
      expect(await probe.register('1001', undefined, 300)).toBeUndefined();
      const rejects = ts.sw.sip().rejects;
      expect(rejects.count('auth-bad-response')).toBeGreaterThanOrEqual(20);
      expect(rejects.count('transport-banned')).toBe(1);
      expect(rejects.recent(1)[0]).toMatchObject({
        source: 'udp:127.0.0.83:5060',
        reason: 'transport-banned',
      });
      const login = await ts.sw.http().inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'integration-test-pw' },
      });
      const token = (login.json() as { token: string }).token;
      const viaApi = await ts.sw.http().inject({
        method: 'GET',
        url: '/api/v1/sip/rejects?limit=5',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(viaApi.statusCode).toBe(200);
      expect(
        (viaApi.json() as { items: Array<{ reason: string; source: string }> }).items[0],
      ).toMatchObject({
        reason: 'transport-banned',
        source: 'udp:127.0.0.83:5060',
      });
      const bans = await ts.sw.http().inject({
        method: 'GET',
        url: '/api/v1/sip/bans',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bans.json()).toMatchObject({ items: [{ ip: '127.0.0.83' }] });
      const metrics = await ts.sw.http().inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain('switchyard_sip_rejected_total{reason="transport-banned"} 1');
    } finally {
      probe.close();
    }
    // Another source is not affected.
    const other = new Probe('127.0.0.84');
    await other.bind();
    try {
      expect(await other.register('1001')).toMatch(/^SIP\/2\.0 401 /);
    } finally {
      other.close();
    }
  });

  test('a scanner User-Agent → no answer at all, counted', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(5060, '127.0.0.85', () => r()));
    const inbox: string[] = [];
    socket.on('message', (m) => inbox.push(m.toString()));
    socket.send(
      Buffer.from(
        'OPTIONS sip:100@127.0.0.81 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.85:5060;branch=z9hG4bK-scan\r\nMax-Forwards: 70\r\nFrom: <sip:100@127.0.0.85>;tag=s\r\nTo: <sip:100@127.0.0.81>\r\nCall-ID: scan-1\r\nCSeq: 1 OPTIONS\r\nUser-Agent: friendly-scanner\r\nContent-Length: 0\r\n\r\n',
      ),
      5060,
      SWITCH,
    );
    await new Promise((r) => setTimeout(r, 300));
    socket.close();
    expect(inbox).toEqual([]);
    expect(ts.sw.sip().rejects.count('scanner-user-agent:friendly-scanner')).toBe(1);
  });
});
