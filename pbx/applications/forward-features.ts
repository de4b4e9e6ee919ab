import type { ApplicationCall, Clock, MediaControl } from '../../core/index.ts';
import {
  FORWARD_FEATURES,
  isForwardFeature,
  isForwardNumber,
  type FeatureMatch,
  type ForwardField,
} from '../routing/index.ts';
import { LegPrompter, sayNumber } from '../voicemail/index.ts';

/** The extension a forward or say-extension feature acts on. */
export interface FeatureExtension {
  readonly id: number;
  readonly internalNumber: string;
}

/** What the forward and say-extension features read and write; ConfigStore fits it. */
export interface ForwardFeatureDirectory {
  readonly extensions: {
    find(id: number): FeatureExtension | undefined;
    update(id: number, patch: Partial<Record<ForwardField, string | null>>): unknown;
  };
}

/** Collaborators of the forward and say-extension features. */
export interface ForwardFeatureDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: ForwardFeatureDirectory;
  /** Where the digit prompts are (`digits/0` …); `digits` unless given. */
  readonly digitsDir?: string;
}

/** Keys of the number typed after a bare forward code: `#` ends it early. */
const NUMBER_INPUT = {
  maxDigits: 32,
  terminator: '#',
  firstDigitTimeoutMs: 10_000,
  interDigitTimeoutMs: 5_000,
} as const;

/** What a forward feature did, for tests and logs. */
export type ForwardFeatureResult = 'set' | 'cleared' | 'no-number' | 'hangup' | 'unknown';

/**
 * Runs a forward feature for extension `extensionId` (spec 04 §15.9):
 * `*90` clears all four forwards; `*91`–`*94` with a number set that
 * forward. A bare `*91` answers, plays a dial tone and collects the
 * number (ended by `#` or a 5 s pause), as FreePBX's `*72` prompts for
 * it. A confirmation beep follows a change, a busy tone an empty input;
 * then the call is hung up.
 */
export async function runForwardFeature(
  call: ApplicationCall,
  deps: ForwardFeatureDeps,
  extensionId: number,
  feature: FeatureMatch,
): Promise<ForwardFeatureResult> {
  const { leg } = call;
  if (!(await leg.answer()).ok) return 'hangup';
  const prompter = new LegPrompter(leg, deps.media, deps.clock);
  try {
    let result: ForwardFeatureResult;
    if (feature.name === 'forward-cancel') {
      deps.directory.extensions.update(extensionId, {
        forwardAlways: null,
        forwardBusy: null,
        forwardNoAnswer: null,
        forwardUnreachable: null,
      });
      result = 'cleared';
    } else if (isForwardFeature(feature.name)) {
      const number = feature.argument ?? (await collectNumber(prompter));
      if (number === 'hangup') return 'hangup';
      if (number === undefined) {
        result = 'no-number';
      } else {
        deps.directory.extensions.update(extensionId, {
          [FORWARD_FEATURES[feature.name]]: number,
        });
        result = 'set';
      }
    } else {
      result = 'unknown';
    }
    await prompter.play({ tone: result === 'set' || result === 'cleared' ? 'beep' : 'busy' });
    return result;
  } finally {
    prompter.dispose();
    if (leg.state !== 'terminated') await leg.hangup();
  }
}

async function collectNumber(prompter: LegPrompter): Promise<string | undefined | 'hangup'> {
  const input = await prompter.prompt({ tone: 'dial' }, NUMBER_INPUT);
  if (input.kind === 'hangup') return 'hangup';
  return isForwardNumber(input.digits) ? input.digits : undefined;
}

/**
 * `*62` (spec 04 §15.9 报本机号): answers and says the caller's extension
 * number digit by digit, then hangs up.
 */
export async function sayExtension(
  call: ApplicationCall,
  deps: ForwardFeatureDeps,
  extensionId: number,
): Promise<void> {
  const { leg } = call;
  const ext = deps.directory.extensions.find(extensionId);
  if (ext === undefined || !(await leg.answer()).ok) {
    if (leg.state !== 'terminated') await leg.hangup();
    return;
  }
  const prompter = new LegPrompter(leg, deps.media, deps.clock);
  try {
    const digitsDir = deps.digitsDir ?? 'digits';
    await prompter.playAll([...ext.internalNumber].flatMap((d) => sayNumber(Number(d), digitsDir)));
  } finally {
    prompter.dispose();
    if (leg.state !== 'terminated') await leg.hangup();
  }
}
