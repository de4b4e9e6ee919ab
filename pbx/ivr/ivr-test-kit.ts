import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl, type FakeOperation } from '../../test/fakes/fake-media-control.ts';
import type { CallPromptFiles } from './call-prompt.ts';
import { IvrApplication } from './ivr-application.ts';
import { IvrCallState } from './ivr-call-state.ts';
import type { IvrFlow } from './ivr-flow.ts';
import { MemoryIvrLogSink } from './ivr-log.ts';
import type { IvrConfig, IvrOutcome } from './ivr-types.ts';
import type { IvrFetch } from './web-service.ts';

/**
 * Test wiring for IVR sessions: FakeCallLeg, FakeMediaControl and
 * FakeClock around an IvrApplication, with a few stored prompts. Used by
 * the *.test.ts files of this folder only.
 */

/** What the fakes play for each stored voice file (`<team or system>/<id>`). */
export const FILES = {
  menuEn: 'system/11',
  menuCn: 'system/12',
  bye: '1/20',
  welcome: '1/30',
} as const;

const VOICE_FILES = [
  { id: 11, teamId: null },
  { id: 12, teamId: null },
  { id: 20, teamId: 1 },
  { id: 30, teamId: 1 },
];

/** Prompt 1 is the menu (en, cn), 2 the failover goodbye, 3 a welcome. */
export const PROMPTS: readonly CallPromptFiles[] = [
  {
    id: 1,
    defaultLanguage: 'en',
    variants: [
      { language: 'en', voiceFileId: 11 },
      { language: 'cn', voiceFileId: 12 },
    ],
  },
  { id: 2, voiceFileId: 20, variants: [] },
  { id: 3, voiceFileId: 30, variants: [] },
];

/** A one-digit menu: 1 → extension 500 (id 7), 2 → queue 3; failover queue 9 after prompt 2. */
export function menuFlow(overrides: Partial<IvrFlow> = {}): IvrFlow {
  return {
    id: 1,
    teamId: 1,
    name: 'main menu',
    internalNumber: '8001',
    failoverType: 'queue',
    failoverId: 9,
    failoverEndPromptId: 2,
    actions: [
      { position: 1, action: 'prompt', promptId: 1 },
      { position: 2, action: 'input', maxDigits: 1 },
    ],
    transitions: [
      { condition: '1', destinationType: 'extension', destinationId: 7 },
      { condition: '2', destinationType: 'queue', destinationId: 3 },
    ],
    ...overrides,
  };
}

/** Lets every pending promise callback run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An IVR wired to fakes; `start()` runs flow `flowId` (1 unless given). */
export function ivrHarness(
  flows: readonly IvrFlow[],
  opts: { fetch?: IvrFetch; config?: IvrConfig; state?: IvrCallState } = {},
) {
  const clock = new FakeClock();
  const media = new FakeMediaControl();
  const leg = new FakeCallLeg('inbound', { uri: 'sip:5551234@test', number: '5551234' });
  const sink = new MemoryIvrLogSink();
  const state = opts.state ?? new IvrCallState({ language: 'en' });
  const byId = new Map(flows.map((f) => [f.id, f]));
  const prompts = new Map(PROMPTS.map((p) => [p.id, p]));
  const app = new IvrApplication(
    {
      media,
      clock,
      logSink: sink,
      fetch: opts.fetch,
      directory: {
        ivrFlows: { find: (id) => byId.get(id) },
        callPrompts: { find: (id) => prompts.get(id) },
        voiceFiles: { find: (id) => VOICE_FILES.find((f) => f.id === id) },
        internalNumbers: {
          lookup: (teamId, number) =>
            teamId === 1 && number === '500' ? { kind: 'extension', ownerId: 7 } : undefined,
        },
      },
    },
    opts.config,
  );
  const plays = () =>
    media.operations.map((o) =>
      o.source !== undefined && 'file' in o.source ? o.source.file : 'tone',
    );
  const current = (): FakeOperation | undefined => media.running(leg.media, 'play')[0];
  return {
    app,
    clock,
    media,
    leg,
    sink,
    state,
    plays,
    current,
    start(flowId = 1): Promise<IvrOutcome> {
      return app.run({ callId: 'call-1', teamId: 1, leg, dialled: '8001' }, flowId, state);
    },
    /** Ends the running prompt as if the file ran out, then lets the IVR go on. */
    async finishPlay(): Promise<void> {
      await flush();
      const op = current();
      if (op === undefined) throw new Error(`no prompt is playing (played: ${plays().join(', ')})`);
      op.end('completed');
      await flush();
    },
    /** The caller presses keys, one after the other. */
    async press(keys: string): Promise<void> {
      for (const key of keys) {
        leg.pressDigit(key);
        await flush();
      }
    },
    async tick(ms: number): Promise<void> {
      await flush();
      clock.tick(ms);
      await flush();
    },
  };
}
