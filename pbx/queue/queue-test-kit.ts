import { FakeClock } from '../../core/index.ts';
import type { ApplicationCall } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import type { QueueOutcome } from './queue-call.ts';
import {
  QUEUE_DEFAULTS,
  type QueueAudio,
  type QueueConfig,
  type QueueMember,
} from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import { Queue } from './queue.ts';

/**
 * Shared set-up of the queue tests: a Queue on fakes, members as
 * extensions, audio files named after what they are, and every
 * statistics event recorded as `name:detail`.
 */

/** Lets fake promises settle. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An extension member `ext:<n>`, signed in and not paused. */
export function member(n: number, more: Partial<QueueMember> = {}): QueueMember {
  return {
    key: `ext:${n}`,
    target: { teamId: 1, extensionId: n, number: String(n), ringTimeoutMs: 30_000 },
    isLoggedIn: true,
    isPaused: false,
    ...more,
  };
}

export const audio: QueueAudio = {
  moh: (mohClass) => ({ moh: mohClass ?? 'default', teamId: 1 }),
  promptFile: (id) => `prompt/${id}.wav`,
  positionFiles: (n) => ['queue/you-are-number.wav', `digits/${n}.wav`],
  digitFiles: (digits) => [...digits].map((d) => `digits/${d}.wav`),
};

/** A queue with the spec defaults, `more` on top, and the given members. */
export function queueSetup(
  more: Partial<QueueConfig> = {},
  members = [member(1001), member(1002)],
) {
  const clock = new FakeClock();
  const originator = new FakeOriginator();
  const media = new FakeMediaControl();
  const state = { members };
  const deps: QueueDeps = {
    clock,
    originator,
    media,
    audio,
    members: { members: () => state.members },
  };
  const config: QueueConfig = {
    ...QUEUE_DEFAULTS,
    id: 3,
    teamId: 1,
    number: '700',
    name: 'support',
    failoverType: 'extension',
    failoverTargetId: 8475,
    ...more,
  };
  const queue = new Queue(deps, config);
  const events: string[] = [];
  queue.on('entered', (e) => events.push(`entered:${e.callId}@${e.position}`));
  queue.on('offered', (e) => events.push(`offered:${e.callId}>${e.memberKey}`));
  queue.on('noanswer', (e) => events.push(`noanswer:${e.memberKey}:${e.reason}`));
  queue.on('answered', (e) => events.push(`answered:${e.callId}>${e.memberKey}+${e.waitMs}`));
  queue.on('completed', (e) => events.push(`completed:${e.callId}>${e.memberKey}`));
  queue.on('abandoned', (e) => events.push(`abandoned:${e.callId}@${e.position}+${e.waitMs}`));
  queue.on('failover', (e) => events.push(`failover:${e.callId}:${e.reason}+${e.waitMs}`));
  return { clock, originator, media, deps, config, queue, events, state };
}

/** An inbound application call from `number`. */
export function caller(
  callId = 'call-1',
  number = '5551234',
): ApplicationCall & { leg: FakeCallLeg } {
  return {
    callId,
    teamId: 1,
    leg: new FakeCallLeg('inbound', { uri: `sip:${number}@t`, number }),
    dialled: '700',
    destination: { type: 'queue', targetId: 3 },
  };
}

/** Enqueues `call` and lets the fakes settle; `outcome()` is set once it ends. */
export async function enqueue(queue: Queue, call: ApplicationCall, priority?: number) {
  let outcome: QueueOutcome | undefined;
  const done = queue
    .run(call, priority === undefined ? {} : { priority })
    .then((o) => (outcome = o));
  await flush();
  return { done, outcome: () => outcome };
}

/** Numbers of the member legs still ringing, in the order they were placed. */
export function ringing(originator: FakeOriginator): string[] {
  return originator.placed
    .filter((p) => p.leg.state !== 'terminated' && p.leg.state !== 'confirmed')
    .map((p) => p.leg.remote.number);
}

/** The files playing now on a leg. */
export function playing(media: FakeMediaControl, leg: FakeCallLeg): string[] {
  return media.running(leg.media, 'play').map((o) => {
    const source = o.source;
    if (source !== undefined && 'moh' in source) return `moh:${source.moh}`;
    return source !== undefined && 'file' in source ? source.file : 'tone';
  });
}
