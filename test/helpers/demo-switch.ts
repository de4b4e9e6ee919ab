import type { SwitchDeps } from '../../app.ts';
import { demoPassword } from './demo-users.ts';
import { SipPhone } from './sip-phone.ts';
import { startTestSwitch, type TestSwitch } from './switch-in-process.ts';

/** Where the demo switch and its carrier listen, and how the switch is built. */
export interface DemoSwitchOptions {
  /** The switch's loopback address, distinct per test file. */
  readonly address: string;
  /** The demo carrier trunk's host; a SipPhone plays the carrier there on 5060. */
  readonly carrierAddress: string;
  /** The user the carrier phone calls from; `carrier` unless given. */
  readonly carrierUser?: string;
  /** More config flags, such as rtpPorts for the switch's own media plane. */
  readonly flags?: Record<string, unknown>;
  /** For startTestSwitch(): `{ media: undefined }` runs the switch's own MediaServer. */
  readonly deps?: Partial<SwitchDeps>;
}

/** A started demo switch with its carrier and the phones a test made. */
export interface DemoSwitch {
  readonly ts: TestSwitch;
  /** The far end of the demo `carrier` trunk, started. */
  readonly carrier: SipPhone;
  /** The demo team's id. */
  readonly teamId: number;
  /** The id of the demo team's `carrier` trunk. */
  readonly carrierTrunkId: number;
  /** A started phone of demo extension `number` at `address`, not registered. */
  phone(number: string, address: string): Promise<SipPhone>;
  /** A started phone at `address` playing the far end of another trunk. */
  peer(address: string, user: string): Promise<SipPhone>;
  /** Forgets what every phone received, for a test to start clean. */
  clearIncoming(): void;
  /** Stops every phone, then the switch. */
  stop(): Promise<void>;
}

/**
 * Starts buildSwitch() with the demo team (extensions 1000…, trunk
 * `carrier`) whose carrier trunk points at `carrierAddress`, and starts a
 * SipPhone there to play the carrier. This is the setup that the SIP
 * integration tests of routing and trunk rules share.
 */
export async function startDemoSwitch(options: DemoSwitchOptions): Promise<DemoSwitch> {
  const { address, carrierAddress } = options;
  const ts = await startTestSwitch(
    address,
    { demo: true, demoTrunk: { host: carrierAddress, port: 5060 }, ...options.flags },
    options.deps,
  );
  const phones: SipPhone[] = [];
  const started = async (phone: SipPhone) => {
    phones.push(phone);
    await phone.start();
    return phone;
  };
  const peer = (at: string, user: string) =>
    started(new SipPhone(at, user, 'unused', address, 'carrier.example'));
  const carrier = await peer(carrierAddress, options.carrierUser ?? 'carrier');
  const store = ts.sw.store();
  const teamId = store.teams.findByUid('demo')!.id;
  return {
    ts,
    carrier,
    teamId,
    carrierTrunkId: store.trunks.findByName(teamId, 'carrier')!.id,
    phone: (number, at) =>
      started(new SipPhone(at, number, demoPassword(ts.dataDir, number), address)),
    peer,
    clearIncoming: () => {
      for (const p of phones) p.incoming.length = 0;
    },
    stop: async () => {
      for (const p of phones) p.stop();
      await ts.stop();
    },
  };
}
