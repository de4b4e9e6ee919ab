import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNativeRelay } from './native-relay-binding.ts';
import { NativeRelayShard } from './native-relay.ts';
import type { NativeLegStats } from './native-relay.ts';
import { openTestPeer, rtp } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

// D50: kernel forwarding is on by default only because every way it can
// fail leaves the pair relayed by the shard. Loopback addresses of this
// brief: the relay on .68, phones on .69 and .70 (and ::1 for IPv6).
const RELAY_IP = '127.0.0.68';
const PHONE_A_IP = '127.0.0.69';
const PHONE_B_IP = '127.0.0.70';

const { binding, reason: loadReason } = loadNativeRelay();

/** Why the kernel path cannot run in this process, or undefined. */
function kernelSkipReason(): string | undefined {
  if (binding === undefined) return loadReason;
  const s = NativeRelayShard.create({ binding, kernelForward: true });
  if (!s.ok) return s.error.detail;
  const status = s.value.kernelStatus();
  s.value.destroy();
  return status.isActive ? undefined : status.reason;
}

/** What relayPair() saw: the shard's kernel status and leg A's counters. */
interface RelayOutcome {
  readonly isActive: boolean;
  readonly reason: string;
  readonly entries: number;
  readonly linkIds: readonly number[];
  readonly statsA: NativeLegStats;
  readonly phoneBGot: number;
}

interface PairAddresses {
  readonly legA: string;
  readonly legB: string;
  readonly phoneA: string;
  readonly phoneB: string;
}

const V4: PairAddresses = {
  legA: RELAY_IP,
  legB: RELAY_IP,
  phoneA: PHONE_A_IP,
  phoneB: PHONE_B_IP,
};

/**
 * Opens a latched pair on a shard that asked for kernelForward, sends 10
 * RTP packets from phone A and returns once phone B has them all. The same
 * source runs in the unprivileged child below (relayPair.toString()), so it
 * takes its modules as arguments. `inspect` runs while the pair is open.
 */
async function relayPair(
  make: () => NativeRelayShard,
  peers: { openTestPeer: typeof openTestPeer; rtp: typeof rtp },
  at: PairAddresses,
  firstPort: number,
  inspect?: () => void,
): Promise<RelayOutcome> {
  const shard = make();
  const opened: TestPeer[] = [];
  try {
    const a = shard.openLeg({ bindAddress: at.legA, rtpPort: firstPort });
    const b = shard.openLeg({ bindAddress: at.legB, rtpPort: firstPort + 2 });
    if (!a.ok || !b.ok) throw new Error('openLeg failed');
    shard.setPeer(a.value.id, b.value.id);
    const phoneA = await peers.openTestPeer(at.phoneA);
    const phoneB = await peers.openTestPeer(at.phoneB);
    opened.push(phoneA, phoneB);
    // One packet each way latches both legs (symmetric RTP).
    await phoneA.send(peers.rtp(0, { ssrc: 1 }), a.value.rtpPort, at.legA);
    await phoneB.send(peers.rtp(0, { ssrc: 2 }), b.value.rtpPort, at.legB);
    await phoneA.waitFor(1);
    for (let i = 1; i <= 10; i++) {
      await phoneA.send(peers.rtp(i, { ssrc: 1 }), a.value.rtpPort, at.legA);
    }
    await phoneB.waitFor(10);
    inspect?.();
    const status = shard.kernelStatus();
    return {
      ...status,
      statsA: shard.stats(a.value.id)!,
      phoneBGot: phoneB.received.length,
    };
  } finally {
    shard.destroy();
    for (const p of opened) p.close();
  }
}

/** Source of a child that runs relayPair() and prints its outcome. */
function childSource(firstPort: number): string {
  const endpoint = new URL('./native-relay.ts', import.meta.url).href;
  const peers = new URL('./test-peer.ts', import.meta.url).href;
  return [
    `const { NativeRelayShard } = await import(${JSON.stringify(endpoint)});`,
    `const peers = await import(${JSON.stringify(peers)});`,
    `const relayPair = ${relayPair.toString()};`,
    'const make = () => {',
    '  const s = NativeRelayShard.create({ kernelForward: true });',
    '  if (!s.ok) throw new Error(s.error.detail);',
    '  return s.value;',
    '};',
    `const out = await relayPair(make, peers, ${JSON.stringify(V4)}, ${firstPort});`,
    'console.log(JSON.stringify({ uid: process.getuid(), ...out }));',
  ].join('\n');
}

/**
 * Runs childSource() under `wrapper` (a command that drops privileges and
 * then runs its arguments) and parses the line it prints.
 */
function runChild(wrapper: readonly string[], firstPort: number): RelayOutcome & { uid: number } {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e'];
  const [cmd, ...args] = wrapper;
  const r = spawnSync(cmd!, [...args, ...node, childSource(firstPort)], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as RelayOutcome & { uid: number };
}

const has = (tool: string): boolean =>
  existsSync(`/usr/bin/${tool}`) || existsSync(`/usr/sbin/${tool}`);
const skip = kernelSkipReason();
const isRoot = process.getuid?.() === 0;

describe('NativeRelayShard kernelForward without permission → user-space relay (D50)', () => {
  // Only root can drop to another user or give up capabilities; without
  // the kernel path here there is no difference to show.
  const cannot = skip ?? (isRoot ? undefined : 'needs root to drop privileges');

  it.skipIf(cannot !== undefined || !has('setpriv'))(
    'as uid 65534 (setpriv) → inactive with EPERM, the pair relayed by the shard, nothing lost',
    () => {
      const wrapper = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      const out = runChild(wrapper, 47_000);
      expect(out).toMatchObject({ uid: 65534, isActive: false, entries: 0, phoneBGot: 10 });
      expect(out.reason).toMatch(/cannot load the BPF program \(EPERM/);
      expect(out.statsA).toMatchObject({ rtpReceived: 11, rtpSent: 1, kernelForwarded: 0 });
    },
  );

  it.skipIf(cannot !== undefined || !has('capsh'))(
    'as root without CAP_BPF, CAP_NET_ADMIN, CAP_SYS_ADMIN (capsh) → the same fallback',
    () => {
      // capsh runs its arguments after `--` with /bin/sh -c.
      const drop = '--drop=cap_bpf,cap_net_admin,cap_sys_admin,cap_perfmon';
      const shell = ['capsh', drop, '--', '-c', 'exec "$0" "$@"'];
      const out = runChild(shell, 47_010);
      expect(out).toMatchObject({ uid: 0, isActive: false, entries: 0, phoneBGot: 10 });
      expect(out.reason).toMatch(/EPERM/);
      expect(out.statsA).toMatchObject({ rtpReceived: 11, kernelForwarded: 0 });
    },
  );

  it.skipIf(binding === undefined)(
    'with the BPF object missing → inactive, says so, the pair relayed by the shard',
    async () => {
      const make = (): NativeRelayShard => {
        const s = NativeRelayShard.create({
          binding,
          kernelForward: true,
          kernelObjectPath: '/nonexistent/relay_kern.bpf.o',
        });
        if (!s.ok) throw new Error(s.error.detail);
        return s.value;
      };
      const out = await relayPair(make, { openTestPeer, rtp }, V4, 47_020);
      expect(out).toMatchObject({ isActive: false, entries: 0, phoneBGot: 10 });
      expect(out.reason).toMatch(/not built|cannot open/);
      expect(out.statsA).toMatchObject({ rtpReceived: 11, kernelForwarded: 0 });
    },
  );
});

/** The tcx links this process holds: link id → ifindex (from fdinfo). */
function tcxLinks(): Map<number, number> {
  const links = new Map<number, number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (!readlinkSync(`/proc/self/fd/${fd}`).includes('bpf_link')) continue;
      const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
      const id = /^link_id:\s*(\d+)/m.exec(info)?.[1];
      const ifindex = /^ifindex:\s*(\d+)/m.exec(info)?.[1];
      if (id !== undefined && ifindex !== undefined) links.set(Number(id), Number(ifindex));
    } catch {
      // The descriptor closed while being read.
    }
  }
  return links;
}

const make = (): NativeRelayShard => {
  const s = NativeRelayShard.create({ binding, kernelForward: true });
  if (!s.ok) throw new Error(s.error.detail);
  return s.value;
};

if (skip !== undefined) {
  describe('NativeRelayShard kernelForward scope', () => {
    it.skip(`skipped: ${skip}`, () => undefined);
  });
} else {
  describe('NativeRelayShard kernelForward scope', () => {
    it('a loopback pair → one tcx ingress link, on lo (ifindex 1) only', async () => {
      let links = new Map<number, number>();
      const inspect = (): void => void (links = tcxLinks());
      const out = await relayPair(make, { openTestPeer, rtp }, V4, 47_030, inspect);
      expect(out).toMatchObject({ isActive: true, entries: 2 });
      expect(out.statsA.kernelForwarded).toBe(10);
      expect(out.linkIds).toHaveLength(1);
      expect(links.get(out.linkIds[0]!)).toBe(1);
    });

    it('IPv6 legs → no kernel entry, RTP relayed by the shard', async () => {
      const v6 = { legA: '::1', legB: '::1', phoneA: '::1', phoneB: '::1' };
      const out = await relayPair(make, { openTestPeer, rtp }, v6, 47_040);
      expect(out).toMatchObject({ isActive: true, entries: 0, linkIds: [], phoneBGot: 10 });
      expect(out.statsA).toMatchObject({ rtpReceived: 11, rtpSent: 1, kernelForwarded: 0 });
    });

    it('an IPv4 leg paired with an IPv6 leg → no kernel entry, RTP relayed by the shard', async () => {
      const mixed = { legA: RELAY_IP, legB: '::1', phoneA: PHONE_A_IP, phoneB: '::1' };
      const out = await relayPair(make, { openTestPeer, rtp }, mixed, 47_050);
      expect(out).toMatchObject({ isActive: true, entries: 0, phoneBGot: 10 });
      expect(out.statsA).toMatchObject({ rtpReceived: 11, kernelForwarded: 0 });
    });
  });
}
