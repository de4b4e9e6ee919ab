import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeRelaySetting } from './app-native-relay.ts';
import { ConfigError } from './core/index.ts';
import { loadNativeRelay } from './media/endpoint/index.ts';

const ANY = '0.0.0.0';
const HOST = '192.0.2.10';

describe('nativeRelaySetting()', () => {
  it('nativeRelaySetting() when nothing is set → one shard, kernel forwarding on (D50)', () => {
    expect(nativeRelaySetting({}, HOST)).toEqual({
      setting: { shards: 1, kernelForward: true },
    });
  });

  it('nativeRelaySetting() when SWITCHYARD_KERNEL_RELAY=on or empty → kernel forwarding on', () => {
    for (const value of ['on', '']) {
      expect(nativeRelaySetting({ SWITCHYARD_KERNEL_RELAY: value }, HOST).setting).toEqual({
        shards: 1,
        kernelForward: true,
      });
    }
  });

  it('nativeRelaySetting() when SWITCHYARD_KERNEL_RELAY=off → shards without the kernel', () => {
    expect(nativeRelaySetting({ SWITCHYARD_KERNEL_RELAY: 'off' }, HOST)).toEqual({
      setting: { shards: 1, kernelForward: false },
    });
  });

  it('nativeRelaySetting() when SWITCHYARD_NATIVE_RELAY=off → no native relay at all', () => {
    expect(nativeRelaySetting({ SWITCHYARD_NATIVE_RELAY: 'off' }, HOST)).toEqual({
      setting: false,
    });
  });

  it('nativeRelaySetting() when RTP is bound to 0.0.0.0 or :: → kernel off, with the reason', () => {
    for (const bind of [ANY, '::']) {
      const choice = nativeRelaySetting({}, bind);
      expect(choice.setting).toEqual({ shards: 1, kernelForward: false });
      expect(choice.kernelOffReason).toContain(`bound to ${bind}`);
    }
  });

  it('nativeRelaySetting() when SWITCHYARD_KERNEL_RELAY=yes → ConfigError naming the variable', () => {
    const read = (): unknown => nativeRelaySetting({ SWITCHYARD_KERNEL_RELAY: 'yes' }, HOST);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(expect.objectContaining({ field: 'SWITCHYARD_KERNEL_RELAY' }));
    expect(read).toThrow('SWITCHYARD_KERNEL_RELAY must be on or off, not "yes"');
  });
});

// The switch's media server with the default setting, run in a child so
// that it can drop privileges: the call must still be offloaded to the
// native shard and relayed, and the log must say why in one warning.
// Loopback addresses of brief s7: server .68, phones .69 and .70.
const SERVER_IP = '127.0.0.68';
const ALICE_IP = '127.0.0.69';
const BOB_IP = '127.0.0.70';

interface ChildOutcome {
  readonly uid: number;
  readonly isOffloaded: boolean;
  readonly bobGot: number;
  readonly logs: readonly { level: number; msg: string; reason?: string }[];
}

/** Source of the child: a MediaServer, one call, 10 packets alice → bob. */
function childSource(minPort: number): string {
  const url = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
  return `
const { MediaServer } = await import(${url('./media/media-server/index.ts')});
const { createLogger } = await import(${url('./core/index.ts')});
const { nativeRelaySetting } = await import(${url('./app-native-relay.ts')});
const { createSocket } = await import('node:dgram');
const logs = [];
const logger = createLogger('info', { write: (line) => void logs.push(JSON.parse(line)) });
const server = new MediaServer({
  bindAddress: '${SERVER_IP}', minPort: ${minPort}, maxPort: ${minPort + 19},
  quarantineMs: 0, statsIntervalMs: 0, logger,
  nativeRelay: nativeRelaySetting({}, '${SERVER_IP}').setting,
});
await server.start();
const phone = async (address) => {
  const socket = createSocket('udp4');
  const got = [];
  socket.on('message', (m) => got.push(m));
  await new Promise((r) => socket.bind(0, address, r));
  return { socket, got, port: socket.address().port, address };
};
const sdp = (p) => ['v=0', 'o=phone 1 1 IN IP4 ' + p.address, 's=-', 'c=IN IP4 ' + p.address,
  't=0 0', 'm=audio ' + p.port + ' RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\\r\\n');
const port = (body) => Number(/^m=audio (\\d+)/m.exec(body)[1]);
const alice = await phone('${ALICE_IP}');
const bob = await phone('${BOB_IP}');
const toBob = await server.offer('c1', 'a', sdp(alice));
const toAlice = await server.answer('c1', 'b', sdp(bob));
if (!toBob.ok || !toAlice.ok) throw new Error('offer/answer failed');
const rtp = (seq, ssrc) => {
  const b = Buffer.alloc(172, 0x55);
  b[0] = 0x80; b[1] = 0; b.writeUInt16BE(seq, 2); b.writeUInt32BE(seq * 160, 4); b.writeUInt32BE(ssrc, 8);
  return b;
};
const send = (p, packet, to) => new Promise((r) => p.socket.send(packet, to, '${SERVER_IP}', r));
await send(bob, rtp(0, 0xb), port(toBob.value));
for (let i = 1; i <= 10; i++) await send(alice, rtp(i, 0xa), port(toAlice.value));
const end = Date.now() + 3000;
while (bob.got.length < 10 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
const isOffloaded = server.isOffloaded({ callId: 'c1', legId: 'a' });
await server.stop();
alice.socket.close();
bob.socket.close();
console.log(JSON.stringify({ uid: process.getuid(), isOffloaded, bobGot: bob.got.length,
  logs: logs.map((l) => ({ level: l.level, msg: l.msg, reason: l.reason })) }));
`;
}

function runChild(wrapper: readonly string[], minPort: number): ChildOutcome {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e'];
  const argv = [...wrapper, ...node, childSource(minPort)];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildOutcome;
}

const WARN = 40;
const { binding, reason } = loadNativeRelay();
const cannot =
  binding === undefined
    ? reason
    : process.getuid?.() !== 0
      ? 'needs root to drop to uid 65534'
      : !existsSync('/usr/bin/setpriv')
        ? 'needs setpriv'
        : undefined;

describe('MediaServer with the default nativeRelaySetting()', () => {
  it.skipIf(cannot !== undefined)(
    'as uid 65534 (no BPF) → one warning with the reason, the call offloaded and relayed',
    () => {
      const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      const out = runChild(nobody, 47_200);
      expect(out).toMatchObject({ uid: 65534, isOffloaded: true, bobGot: 10 });
      const warnings = out.logs.filter((l) => l.level >= WARN);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toBe('kernel RTP forwarding off');
      expect(warnings[0]!.reason).toMatch(/EPERM/);
    },
  );

  it.skipIf(cannot !== undefined)(
    'as root → no warning, says the kernel relays, the call offloaded and relayed',
    () => {
      const out = runChild([], 47_220);
      expect(out).toMatchObject({ uid: 0, isOffloaded: true, bobGot: 10 });
      expect(out.logs.filter((l) => l.level >= WARN)).toEqual([]);
      expect(out.logs.map((l) => l.msg)).toContain('native relay: RTP relayed in the kernel (D43)');
    },
  );
});
