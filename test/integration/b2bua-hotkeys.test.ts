/*
 * In-call hotkeys (spec 04 §15.9, R15.9-3; D31) on real calls through the
 * media plane: scripted phones send RFC 4733 events to the switch's
 * anchor, as a phone keying during a call does. *51 from the callee
 * blind-transfers the caller to 1002; *52 from the caller consults 1002
 * and completes when the caller hangs up; *55 consults and comes back;
 * an unknown number re-bridges. RTP sent afterwards shows who is relayed
 * to whom.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdpWithEvents } from '../helpers/sip-phone.ts';

// 127.0.0.81–84 are taken by registrar-security.test.ts.
const SWITCH = '127.0.0.76';
const ALICE = '127.0.0.77';
const BOB = '127.0.0.78';
const CAROL = '127.0.0.79';

/** Where an SDP body asks for media. */
function mediaTarget(body: Buffer | string): { address: string; port: number } {
  const text = body.toString();
  return {
    address: /^c=IN IP4 (\S+)/m.exec(text)![1]!,
    port: Number(/^m=audio (\d+)/m.exec(text)![1]),
  };
}

const EVENT_CODES: Record<string, number> = { '*': 10, '#': 11 };

/** A phone's RTP socket: sends keys as RFC 4733 events and PCMU frames. */
class RtpPort {
  readonly received: Buffer[] = [];
  private seq = 1;
  private ts = 8000;
  private target: { address: string; port: number } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (m) => this.received.push(m));
  }

  static async open(address: string): Promise<RtpPort> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    return new RtpPort(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  sendTo(target: { address: string; port: number }): void {
    this.target = target;
  }

  /** Each key: start, update, then the end packet three times (§2.5.1.4). */
  async keys(keys: string): Promise<void> {
    for (const key of keys) {
      const event = EVENT_CODES[key] ?? Number(key);
      const ts = this.ts;
      this.ts += 1600;
      const steps: Array<[boolean, number]> = [
        [false, 160],
        [false, 320],
        [true, 800],
        [true, 800],
        [true, 800],
      ];
      for (const [i, [isEnd, duration]] of steps.entries()) {
        const b = Buffer.alloc(16);
        b[0] = 0x80;
        b[1] = (i === 0 ? 0x80 : 0) | 101;
        b.writeUInt16BE(this.seq++ & 0xffff, 2);
        b.writeUInt32BE(ts, 4);
        b.writeUInt32BE(0x1234abcd, 8);
        b[12] = event;
        b[13] = (isEnd ? 0x80 : 0) | 10;
        b.writeUInt16BE(duration, 14);
        await this.send(b);
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 60));
    }
  }

  /** A PCMU frame whose payload is `fill`, to recognise it on the far side. */
  async frame(fill: number): Promise<void> {
    const b = Buffer.alloc(12 + 160, fill);
    b[0] = 0x80;
    b[1] = 0;
    b.writeUInt16BE(this.seq++ & 0xffff, 2);
    b.writeUInt32BE(this.ts, 4);
    this.ts += 160;
    b.writeUInt32BE(0x1234abcd, 8);
    await this.send(b);
  }

  /** Whether a PCMU frame filled with `fill` arrived. */
  hasFrame(fill: number): boolean {
    return this.received.some((p) => (p[1]! & 0x7f) === 0 && p.length > 20 && p[20] === fill);
  }

  close(): void {
    this.socket.close();
  }

  private send(b: Buffer): Promise<void> {
    const t = this.target!;
    return new Promise((resolve) => this.socket.send(b, t.port, t.address, () => resolve()));
  }
}

/** Sends frames until `to` has one, or the time is up. */
async function relays(from: RtpPort, to: RtpPort, fill: number, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await from.frame(fill);
    if (to.hasFrame(fill)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('in-call hotkeys *51 / *52 / *55 on real calls', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;
  const rtp: Record<string, RtpPort> = {};

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      // D44: hotkey keys are held back from the other party.
      { demo: true, rtpPorts: { min: 35000, max: 35099 }, hotkeyDigits: 'swallow' },
      { media: undefined },
    );
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone(CAROL, '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    for (const [name, address] of [
      ['alice', ALICE],
      ['bob', BOB],
      ['carol', CAROL],
    ] as const) {
      rtp[name] = await RtpPort.open(address);
    }
    expect(await bob.register()).toBe(200);
    expect(await carol.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p.stop();
    for (const r of Object.values(rtp)) r.close();
    await ts.stop();
  });

  /** 1000 calls 1001, both answered, each phone sending to its anchor. */
  async function connect() {
    const call = alice.call('1001', sdpWithEvents(ALICE, rtp.alice!.port));
    const inc = await bob.next('INVITE', 5000);
    rtp.bob!.sendTo(mediaTarget(inc.request.body));
    const bobDialog = bob.answer(inc, sdpWithEvents(BOB, rtp.bob!.port))!;
    const ok = await call.final;
    expect(ok.status).toBe(200);
    rtp.alice!.sendTo(mediaTarget(ok.body));
    return { call, bobDialog };
  }

  /** 1002 rings with the switch's offer, answers, and sends to its anchor. */
  async function carolAnswers() {
    const inc = await carol.next('INVITE', 8000);
    rtp.carol!.sendTo(mediaTarget(inc.request.body));
    const dialog = carol.answer(inc, sdpWithEvents(CAROL, rtp.carol!.port))!;
    return { inc, dialog };
  }

  test('R15.9-3 *51 from the callee, then 1002# → the caller is answered with 1002, the transferor gets BYE', async () => {
    const { call } = await connect();
    await rtp.bob!.keys('*511002#');
    const bye = await bob.next('BYE', 5000);
    bob.respond(bye, 200);
    const { inc } = await carolAnswers();
    // The target sees the transferee as the caller, as after Asterisk's blindxfer.
    expect(inc.request.getHeader('From')).toMatch(/<sip:1000@demo\.local>/);
    expect(await relays(rtp.alice!, rtp.carol!, 0x41)).toBe(true);
    expect(await relays(rtp.carol!, rtp.alice!, 0x42)).toBe(true);
    // The caller was never re-INVITEd: its media anchor stayed the same.
    expect(alice.incoming.filter((i) => i.request.method === 'INVITE')).toHaveLength(0);
    const hangup = alice.inDialog(call.dialog!, 'BYE');
    const carolBye = await carol.next('BYE', 5000);
    carol.respond(carolBye, 200);
    expect((await hangup).status).toBe(200);
  });

  test('REFER from the caller (RFC 3515) → 202, NOTIFY 100 and 200, BYE; the callee is answered with 1002', async () => {
    const { call } = await connect();
    expect((await alice.refer(call.dialog!, '<sip:1002@demo.local>')).status).toBe(202);
    const bodies: string[] = [];
    while (!bodies.includes('SIP/2.0 200 OK\r\n')) {
      const notify = await alice.next('NOTIFY', 5000);
      alice.respond(notify, 200);
      bodies.push(notify.request.body.toString());
    }
    expect(bodies[0]).toBe('SIP/2.0 100 Trying\r\n');
    alice.respond(await alice.next('BYE', 5000), 200);
    const { inc, dialog } = await carolAnswers();
    // The target sees the transferee (the callee) as the caller.
    expect(inc.request.getHeader('From')).toMatch(/<sip:1001@demo\.local>/);
    expect(await relays(rtp.bob!, rtp.carol!, 0x61)).toBe(true);
    expect(await relays(rtp.carol!, rtp.bob!, 0x62)).toBe(true);
    const hangup = carol.inDialog(dialog, 'BYE');
    bob.respond(await bob.next('BYE', 5000), 200);
    expect((await hangup).status).toBe(200);
  });

  test('INFO dtmf-relay from the caller (RFC 6086) → 200, and the callee gets the key as RFC 4733 events; another body → 415', async () => {
    const { call } = await connect();
    const before = rtp.bob!.received.length;
    const info = await alice.inDialog(
      call.dialog!,
      'INFO',
      'Signal=5\r\nDuration=160\r\n',
      'application/dtmf-relay',
    );
    expect(info.status).toBe(200);
    let events: Buffer[] = [];
    for (let i = 0; i < 50 && events.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = rtp.bob!.received.slice(before).filter((p) => (p[1]! & 0x7f) === 101);
    }
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]![12]).toBe(5);
    const other = await alice.inDialog(call.dialog!, 'INFO', 'hello', 'text/plain');
    expect(other.status).toBe(415);
    expect(other.getHeader('Accept')).toContain('application/dtmf-relay');
    const hangup = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE', 5000), 200);
    expect((await hangup).status).toBe(200);
  });

  test('R15.9-3 *52 from the caller, 1002 answers, the caller hangs up → 1001 and 1002 are bridged', async () => {
    const { call, bobDialog } = await connect();
    await rtp.alice!.keys('*521002#');
    const { inc, dialog: carolDialog } = await carolAnswers();
    // Consulting: the target sees the transferor.
    expect(inc.request.getHeader('From')).toMatch(/<sip:1000@demo\.local>/);
    expect(await relays(rtp.alice!, rtp.carol!, 0x51)).toBe(true);
    expect(rtp.bob!.hasFrame(0x51)).toBe(false);
    expect((await alice.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    expect(await relays(rtp.bob!, rtp.carol!, 0x52)).toBe(true);
    expect(await relays(rtp.carol!, rtp.bob!, 0x53)).toBe(true);
    expect(bob.incoming.filter((i) => i.request.method === 'BYE')).toHaveLength(0);
    const hangup = carol.inDialog(carolDialog, 'BYE');
    const bobBye = await bob.next('BYE', 5000);
    bob.respond(bobBye, 200);
    expect((await hangup).status).toBe(200);
    expect(bobDialog).toBeDefined();
  });

  test('R15.9-3 *55 from the callee, the consulted 1002 hangs up → back with the caller, who never heard *55 (D44)', async () => {
    const { call, bobDialog } = await connect();
    const heardBefore = rtp.alice!.received.length;
    await rtp.bob!.keys('*551002#');
    const { inc, dialog: carolDialog } = await carolAnswers();
    expect(inc.request.getHeader('From')).toMatch(/<sip:1001@demo\.local>/);
    expect(await relays(rtp.bob!, rtp.carol!, 0x61)).toBe(true);
    expect(rtp.alice!.hasFrame(0x61)).toBe(false);
    const eventsHeard = rtp
      .alice!.received.slice(heardBefore)
      .filter((p) => (p[1]! & 0x7f) === 101)
      .map((p) => p[12]);
    expect(eventsHeard).not.toContain(10);
    expect((await carol.inDialog(carolDialog, 'BYE')).status).toBe(200);
    expect(await relays(rtp.bob!, rtp.alice!, 0x62)).toBe(true);
    expect(await relays(rtp.alice!, rtp.bob!, 0x63)).toBe(true);
    const hangup = bob.inDialog(bobDialog, 'BYE');
    alice.respond(await alice.next('BYE', 5000), 200);
    expect((await hangup).status).toBe(200);
    expect(call.dialog).toBeDefined();
  });

  test('R15.9-3 *51 then a number nobody has → the two parties are re-bridged', async () => {
    const { call } = await connect();
    await rtp.bob!.keys('*515999#');
    expect(await relays(rtp.alice!, rtp.bob!, 0x71)).toBe(true);
    expect(await relays(rtp.bob!, rtp.alice!, 0x72)).toBe(true);
    expect(carol.incoming.filter((i) => i.request.method === 'INVITE')).toHaveLength(0);
    expect(bob.incoming.filter((i) => i.request.method === 'BYE')).toHaveLength(0);
    const hangup = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE', 5000), 200);
    expect((await hangup).status).toBe(200);
  });

  test('D28 → each call keeps one CDR row, answered and ended; CDR-1 the hotkey targets’ legs are rows of it', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const store = openCdrStore(ts.dataDir);
    try {
      const rows = store.list({ limit: 10 });
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row).toMatchObject({
          callerNumber: '1000',
          calledNumber: '1001',
          result: 'answered',
        });
        expect(row.endedAtMs).toEqual(expect.any(Number));
      }
      // CDR-1: each transfer or consult target (*51, REFER, *52, *55) is a
      // leg row of its call; the unknown number placed none.
      const legs = rows.flatMap((row) => store.legs(row.callId));
      expect(legs).toHaveLength(4);
      expect(new Set(legs.map((leg) => leg.callId)).size).toBe(4);
      for (const leg of legs) {
        expect(leg).toMatchObject({
          target: 'extension',
          calledNumber: '1002',
          result: 'answered',
        });
      }
      // A REFER is a blind transfer as well (RFC 3515).
      expect(legs.map((leg) => leg.purpose).sort()).toEqual([
        'blindTransfer',
        'blindTransfer',
        'consult',
        'consult',
      ]);
    } finally {
      store.close();
    }
  });
});
