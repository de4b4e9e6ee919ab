import { timingSafeEqual } from 'node:crypto';
import { uuid } from '../../core/index.ts';
import type { MediaControl, MediaPlaySource } from '../../core/index.ts';
import { sayNumber, type LegPrompter } from '../voicemail/index.ts';
import type { ConferenceConfig, ConferenceRoomConfig } from './conference-config.ts';

function isSamePin(given: string, expected: string | null): boolean {
  if (expected === null || expected === '') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * CF-2: with a PIN set, up to `pinAttempts` tries; the admin PIN makes
 * an admin, the user PIN a user. With only an admin PIN set, an empty
 * entry ('#' alone) joins as a user: the PIN guards the admin role only.
 */
export async function askConferencePin(
  config: ConferenceRoomConfig,
  prompter: LegPrompter,
  settings: ConferenceConfig,
): Promise<'admin' | 'user' | 'failed' | 'hangup'> {
  const hasUserPin = config.userPin !== null && config.userPin !== '';
  const hasAdminPin = config.adminPin !== null && config.adminPin !== '';
  if (!hasUserPin && !hasAdminPin) return 'user';
  const { prompts, digitTimeoutMs, pinAttempts } = settings;
  const entry = {
    maxDigits: 16,
    terminator: '#',
    firstDigitTimeoutMs: digitTimeoutMs,
    interDigitTimeoutMs: digitTimeoutMs,
  };
  for (let attempt = 0; attempt < pinAttempts; attempt++) {
    const typed = await prompter.prompt({ file: prompts.enterPin }, entry);
    if (typed.kind === 'hangup') return 'hangup';
    if (isSamePin(typed.digits, config.adminPin)) return 'admin';
    if (isSamePin(typed.digits, config.userPin)) return 'user';
    if (!hasUserPin && typed.kind === 'digits' && typed.digits === '') return 'user';
    if ((await prompter.play({ file: prompts.invalidPin })) === 'hangup') return 'hangup';
    prompter.flush();
  }
  return 'failed';
}

/** CF-6 and CF-3: what a caller hears just before entering. */
export function conferenceIntro(
  config: ConferenceRoomConfig,
  present: number,
  isWaiting: boolean,
  settings: ConferenceConfig,
): MediaPlaySource[] {
  const { prompts } = settings;
  const said: MediaPlaySource[] = [];
  if (config.announceUserCount) {
    if (present === 0) said.push({ file: prompts.onlyPerson });
    else {
      said.push({ file: prompts.thereAre }, ...sayNumber(present, prompts.digitsDir));
      said.push({ file: prompts.otherParticipants });
    }
  }
  if (isWaiting) said.push({ file: prompts.waitForLeader });
  return said;
}

/**
 * CF-5 with `announceJoinLeave`: "say your name", a beep, then up to
 * `maxNameMs` of recording that '#' ends early. The file's path, or
 * undefined when the room does not announce or the recording failed.
 */
export async function recordMemberName(
  config: ConferenceRoomConfig,
  prompter: LegPrompter,
  media: MediaControl,
  settings: ConferenceConfig,
): Promise<string | undefined> {
  if (!config.announceJoinLeave) return undefined;
  const { prompts, maxNameMs, nameDir } = settings;
  if ((await prompter.playAll([{ file: prompts.recordName }, { tone: 'beep' }])) === 'hangup') {
    return undefined;
  }
  const path = `${nameDir}/${config.id}/${uuid()}.wav`;
  const rec = await media.record(prompter.leg.media, {
    path,
    mode: 'inbound',
    format: 'wav',
    maxDurationMs: maxNameMs,
  });
  if (!rec.ok) return undefined;
  await prompter.runUntil(rec.value, (key) => key === '#');
  return path;
}
