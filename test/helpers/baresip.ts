/*
 * baresip (v1.0.0, Debian bookworm) as a second SIP peer in interop tests:
 * a config dir per phone, and a running phone driven mid-call through the
 * ctrl_tcp module. ctrl_tcp speaks JSON in netstrings: a command is
 * `{"command","params","token"}`, and baresip answers with
 * `{"response":true,"ok","data","token"}` and pushes every UA event
 * (`{"event":true,"type":"CALL_DTMF_START","param":"1",…}`) on the same
 * connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { soxSine } from './audio/sox.ts';
import { goertzelAmplitude } from './audio/tone.ts';

/** What a baresip phone is: its address, account and what it plays. */
export interface BaresipPhoneOptions {
  /** Loopback address for SIP (port 5060) and ctrl_tcp (port 4444). */
  readonly address: string;
  readonly user: string;
  readonly password: string;
  /** The switch the account registers at and sends everything to. */
  readonly switchAddress: string;
  /** A sine the phone plays as its microphone; silence when undefined. */
  readonly toneHz?: number;
  /** Writes what the phone hears into `dump-*-dec.wav` (sndfile module). */
  readonly isDumping?: boolean;
  /** Loads ctrl_tcp so that the test can drive the phone mid-call. */
  readonly hasControl?: boolean;
  /** Extra account parameters, e.g. `;answermode=auto`. */
  readonly accountParams?: string;
}

/** A mono 16-bit PCM WAV of `seconds` of silence, for baresip's aufile source. */
export function silenceWav(rateHz: number, seconds: number): Buffer {
  const dataBytes = rateHz * seconds * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rateHz, 24);
  wav.writeUInt32LE(rateHz * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(dataBytes, 40);
  return wav;
}

/**
 * Writes a baresip config dir (config, accounts, the source WAV) and
 * returns its path. The account offers PCMU only, so that what the phone
 * hears is what the switch relayed, not a transcoding.
 */
export function baresipConfigDir(o: BaresipPhoneOptions, seconds = 30): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-'));
  const source = join(dir, 'source.wav');
  if (o.toneHz === undefined) writeFileSync(source, silenceWav(8000, seconds));
  else soxSine(source, o.toneHz, 8000, seconds);
  const lines = [
    'poll_method epoll',
    `sip_listen ${o.address}:5060`,
    `net_interface ${o.address}`,
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module account.so',
    'module menu.so',
    'module aufile.so',
    ...(o.isDumping === true ? ['module sndfile.so', `snd_path ${dir}`] : []),
    ...(o.hasControl === true ? ['module ctrl_tcp.so', `ctrl_tcp_listen ${o.address}:4444`] : []),
    'audio_player aufile,/dev/null',
    `audio_source aufile,${source}`,
    '',
  ];
  writeFileSync(join(dir, 'config'), lines.join('\n'));
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${o.user}@demo.local>;auth_pass=${o.password};outbound="sip:${o.switchAddress}:5060;transport=udp";regint=600;audio_codecs=PCMU${o.accountParams ?? ''}\n`,
  );
  return dir;
}

/**
 * The audio a phone has heard so far (sndfile's decoded dump, 16-bit mono
 * at 8 kHz for PCMU), as PCM; empty when there is no dump yet. libsndfile
 * fills in the WAV sizes only when the call ends, so while it is open this
 * reads everything after the `data` chunk header. baresip v1.0.0 stops
 * adding to the dump after a hold re-INVITE (also between two baresips
 * with no switch), so rtpReceived() is what shows media after a resume.
 */
export function heardAudio(dir: string): Int16Array {
  const file = readdirSync(dir).find((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'));
  if (file === undefined) return new Int16Array(0);
  const bytes = readFileSync(join(dir, file));
  const data = bytes.indexOf('data', 12, 'latin1');
  if (data < 0) return new Int16Array(0);
  // A finished file's size field is right; an open one's is still 0.
  const size = bytes.readUInt32LE(data + 4);
  const end = size > 0 && data + 8 + size <= bytes.length ? data + 8 + size : bytes.length;
  const pcm = bytes.subarray(data + 8, end);
  const samples = new Int16Array(pcm.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  return samples;
}

/**
 * True once `phone` has heard half a second after sample `from` and its
 * dominant tone there is `hz`, at least ten times any of `others`.
 */
export async function hearsOnly(
  phone: BaresipPhone,
  from: number,
  hz: number,
  others: readonly number[],
): Promise<boolean> {
  const audio = await waitUntil(() => {
    const heard = heardAudio(phone.dir);
    return heard.length >= from + 4000 && heard.subarray(from);
  }, 15_000);
  if (audio === undefined) throw new Error(`${phone.address} heard nothing after sample ${from}`);
  const wanted = goertzelAmplitude(audio, hz, 8000);
  return others
    .filter((other) => other !== hz)
    .every((other) => wanted > 10 * goertzelAmplitude(audio, other, 8000));
}

/** One event baresip pushed on ctrl_tcp (UA_EVENT_* without the prefix). */
export interface BaresipEvent {
  readonly type: string;
  readonly param?: string;
  readonly peeruri?: string;
  readonly id?: string;
}

/** A ctrl_tcp command's answer. */
export interface BaresipResponse {
  readonly ok: boolean;
  readonly data: string;
}

/**
 * A running baresip with ctrl_tcp: spawned with `-t` as a hard bound, and
 * killed by its PID in stop(). stdout keeps the `-s` SIP trace when asked.
 */
export class BaresipPhone {
  readonly events: BaresipEvent[] = [];
  stdout = '';
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private socket: Socket | undefined;
  private buffered = Buffer.alloc(0);
  private readonly pending = new Map<string, (r: BaresipResponse) => void>();
  private tokens = 0;

  private constructor(
    readonly dir: string,
    readonly address: string,
    lifetimeSeconds: number,
    isTracing: boolean,
  ) {
    const args = ['-f', dir, '-t', String(lifetimeSeconds), ...(isTracing ? ['-s'] : [])];
    this.child = spawn('baresip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  /** Starts baresip in `dir` and connects to its ctrl_tcp port. */
  static async start(
    dir: string,
    address: string,
    opts: { lifetimeSeconds: number; isTracing?: boolean },
  ): Promise<BaresipPhone> {
    const phone = new BaresipPhone(dir, address, opts.lifetimeSeconds, opts.isTracing === true);
    await phone.connect(10_000);
    return phone;
  }

  /** Runs a menu command (without the slash), e.g. `dial sip:1001@demo.local`. */
  command(line: string, timeoutMs = 10_000): Promise<BaresipResponse> {
    const socket = this.socket;
    if (socket === undefined) return Promise.reject(new Error('ctrl_tcp is not connected'));
    const space = line.indexOf(' ');
    const token = `t${++this.tokens}`;
    const json = JSON.stringify({
      command: space < 0 ? line : line.slice(0, space),
      params: space < 0 ? '' : line.slice(space + 1),
      token,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip ${this.address}: no answer to "${line}" in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
    });
  }

  /** Waits until an event of `type` (matching `where`) has arrived; returns it. */
  async waitForEvent(
    type: string,
    timeoutMs = 15_000,
    where: (e: BaresipEvent) => boolean = () => true,
  ): Promise<BaresipEvent> {
    const found = await waitUntil(
      () => this.events.find((e) => e.type === type && where(e)),
      timeoutMs,
    );
    if (found === undefined) {
      const seen = this.events.map((e) => e.type).join(', ');
      throw new Error(`baresip ${this.address}: no ${type} in ${timeoutMs} ms (saw ${seen})`);
    }
    return found;
  }

  /** The digits of CALL_DTMF_START events, in order. */
  receivedDigits(): string {
    return this.events
      .filter((e) => e.type === 'CALL_DTMF_START')
      .map((e) => e.param ?? '')
      .join('');
  }

  /** Kills the process by its PID (idempotent) and waits for it to end. */
  async stop(): Promise<void> {
    this.socket?.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private async connect(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        this.socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(4444, this.address);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        this.socket.on('data', (d: Buffer) => this.receive(d));
        this.socket.on('error', () => undefined);
        return;
      } catch (e) {
        if (Date.now() > deadline || this.child.exitCode !== null) {
          throw new Error(`baresip ${this.address}: ctrl_tcp unreachable\n${this.stdout}`, {
            cause: e,
          });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Splits netstrings (`<len>:<json>,`) and files each message. */
  private receive(data: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, data]);
    for (;;) {
      const colon = this.buffered.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffered.subarray(0, colon).toString());
      if (!Number.isInteger(length) || length < 0) {
        // Not a netstring: keep it as an event that a failing wait shows.
        this.events.push({ type: 'MALFORMED', param: this.buffered.toString() });
        this.buffered = Buffer.alloc(0);
        return;
      }
      if (this.buffered.length < colon + 1 + length + 1) return;
      const json = this.buffered.subarray(colon + 1, colon + 1 + length).toString();
      this.buffered = this.buffered.subarray(colon + 1 + length + 1);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(json) as Record<string, unknown>;
      } catch {
        this.events.push({ type: 'MALFORMED', param: json });
        continue;
      }
      if (message.event === true) this.events.push(message as unknown as BaresipEvent);
      else if (message.response === true) {
        const token = String(message.token);
        this.pending.get(token)?.({ ok: message.ok === true, data: String(message.data ?? '') });
        this.pending.delete(token);
      }
    }
  }
}

/** Polls `probe` every 50 ms until it gives a value or `timeoutMs` passes. */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The RTP packets received per source (SSRC), from the RTCP session part
 * of `/audio_debug`: baresip counts what arrives even when its decoder or
 * the sndfile dump no longer take it (see heardAudio()).
 */
export async function rtpReceived(phone: BaresipPhone): Promise<Map<string, number>> {
  const { data } = await phone.command('audio_debug');
  const counts = new Map<string, number>();
  for (const m of data.matchAll(/member (0x[0-9a-f]+):[^\n]*\n[^\n]*rcvd=(\d+)/g)) {
    counts.set(m[1]!, Number(m[2]));
  }
  return counts;
}

/**
 * The SIP messages a phone received from `from` (`-s` trace on stdout),
 * each as its text, in order.
 */
export function receivedSip(phone: BaresipPhone, from: string): string[] {
  const escaped = from.replaceAll('.', '\\.');
  const re = new RegExp(`UDP ${escaped}:5060 -> [0-9.]+:5060\\r?\\n([\\s\\S]*?)\\x1b\\[;m`, 'g');
  return [...phone.stdout.matchAll(re)].map((m) => m[1]!);
}
