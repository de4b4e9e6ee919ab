import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeClock, MetricsRegistry, silentLogger } from '../core/index.ts';
import { DEFAULT_AUTH_FAILURE_POLICY, DEFAULT_REGISTRAR_OPTIONS } from './registrar/index.ts';
import { SipStack } from './sip-stack.ts';
import { DEFAULT_TIMERS } from './transaction/index.ts';
import { DEFAULT_SOURCE_LIMITS } from './transport/index.ts';

const STACK = '127.0.0.36';
const PHONE = '127.0.0.37';
const stacks: SipStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

function makeStack(clock: FakeClock): SipStack {
  const stack = new SipStack(
    {
      bind: STACK,
      advertisedHost: STACK,
      udpPort: 5060,
      tcpPort: 0,
      tlsPort: 0,
      wsPort: 0,
      wssPort: 0,
      tls: undefined,
      maxMessageBytes: 65_535,
      limits: DEFAULT_SOURCE_LIMITS,
      authPolicy: DEFAULT_AUTH_FAILURE_POLICY,
      registrar: DEFAULT_REGISTRAR_OPTIONS,
      timers: DEFAULT_TIMERS,
      natKeepaliveIntervalMs: 30_000,
      serverName: 'Switchyard/test',
      scannerUserAgents: [],
      maxServerTransactions: 1000,
      digestAlgorithms: ['MD5'],
    },
    {
      clock,
      logger: silentLogger(),
      metrics: new MetricsRegistry(),
      directory: { realmFor: (d) => d, find: () => undefined },
      persistence: undefined,
    },
  );
  stacks.push(stack);
  return stack;
}

describe('SipStack NAT keepalive', () => {
  test('a UDP contact behind NAT → an OPTIONS ping to its source every interval', async () => {
    const clock = new FakeClock();
    const stack = makeStack(clock);
    await stack.start();
    const phone = dgram.createSocket('udp4');
    await new Promise<void>((r) => phone.bind(5062, PHONE, () => r()));
    const pings: string[] = [];
    phone.on('message', (m) => pings.push(m.toString()));
    stack.registrar.table.put({
      aor: '1/1000',
      teamId: 1,
      extensionId: 1,
      number: '1000',
      contactUri: 'sip:1000@10.0.0.5:5060',
      q: 1,
      expiresAtMs: clock.now() + 3_600_000,
      callId: 'c',
      cseq: 1,
      protocol: 'udp',
      sourceAddress: PHONE,
      sourcePort: 5062,
      connectionId: undefined,
      isBehindNat: true,
      userAgent: 'test',
      instanceId: undefined,
      registeredAtMs: clock.now(),
    });
    clock.tick(30_000);
    await new Promise((r) => setTimeout(r, 200));
    phone.close();
    expect(pings).toHaveLength(1);
    expect(pings[0]).toMatch(/^OPTIONS sip:1000@10\.0\.0\.5:5060 SIP\/2\.0\r\n/);
    expect(pings[0]).toContain(`Via: SIP/2.0/UDP ${STACK}:5060;`);
  });
});
