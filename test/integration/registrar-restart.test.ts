import dgram from 'node:dgram';
import { describe, expect, test } from 'vitest';
import { DigestClient } from '../../signaling/user-agent/index.ts';
import { startTestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.86';
const PHONE = '127.0.0.87';

async function exchange(socket: dgram.Socket, text: string): Promise<string> {
  const reply = new Promise<string>((resolve) =>
    socket.once('message', (m) => resolve(m.toString('latin1'))),
  );
  socket.send(Buffer.from(text), 5060, SWITCH);
  return reply;
}

function register(seq: number, authorization?: string): string {
  return [
    'REGISTER sip:demo.local SIP/2.0',
    `Via: SIP/2.0/UDP ${PHONE}:5060;branch=z9hG4bK-restart-${seq}`,
    'Max-Forwards: 70',
    'From: <sip:1002@demo.local>;tag=r1',
    'To: <sip:1002@demo.local>',
    'Call-ID: restart-test',
    `CSeq: ${seq} REGISTER`,
    `Contact: <sip:1002@${PHONE}:5060>`,
    'Expires: 600',
    ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('registrar bindings survive a restart', () => {
  test('register, stop the switch, start it on the same data dir → the binding is still there', async () => {
    const first = await startTestSwitch(SWITCH, { demo: true });
    const dataDir = first.dataDir;
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(5060, PHONE, () => r()));
    try {
      const password = first.sw
        .store()
        .extensions.getSipSecret(
          first.sw
            .store()
            .extensions.findByNumber(first.sw.store().teams.findByUid('demo')!.id, '1002')!.id,
        );
      const challenge = await exchange(socket, register(1));
      const client = new DigestClient({ username: '1002', password });
      client.handleChallenge(
        challenge
          .split('\r\n')
          .filter((l) => l.startsWith('WWW-Authenticate: '))
          .map((l) => l.slice(18)),
      );
      const ok = await exchange(
        socket,
        register(2, client.authorize({ method: 'REGISTER', uri: 'sip:demo.local' })),
      );
      expect(ok).toMatch(/^SIP\/2\.0 200 OK/);
    } finally {
      socket.close();
    }
    const teamId = first.sw.store().teams.findByUid('demo')!.id;
    await first.stop();

    const second = await startTestSwitch(SWITCH, { demo: true, dataDir });
    try {
      const [target] = second.sw.sip().registrar.lookup(teamId, '1002');
      expect(target).toMatchObject({ address: PHONE, port: 5060, protocol: 'udp' });
      expect(target!.binding.expiresAtMs).toBeGreaterThan(Date.now() + 500_000);
    } finally {
      await second.stop();
    }
  });
});
