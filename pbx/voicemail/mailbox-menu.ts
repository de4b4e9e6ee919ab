import { timingSafeEqual } from 'node:crypto';
import type { MediaPlaySource } from '../../core/index.ts';
import type { LegPrompter } from './leg-prompter.ts';
import { sayNumber } from './say-number.ts';
import {
  announceMessageWaiting,
  answerIfNeeded,
  goodbye,
  prompterFor,
  type VoicemailCall,
  type VoicemailContext,
  type VoicemailOutcome,
} from './voicemail-context.ts';
import type { VoicemailBox, VoicemailMessage } from './voicemail-store.ts';

/**
 * The keys after (or during) a message, those of Asterisk's
 * app_voicemail, which most phone users know.
 */
export const VOICEMAIL_KEYS = {
  previous: '4',
  repeat: '5',
  next: '6',
  delete: '7',
  save: '9',
  help: '*',
  exit: '#',
} as const;

const ENTRY_MAX_DIGITS = 16;

function isSamePin(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * VM-4 login: the mailbox number (when not known) and the PIN (when the
 * box has one), `loginAttempts` times; a failure says "login incorrect"
 * without telling which part was wrong. Undefined when the caller failed
 * or hung up.
 */
async function login(
  ctx: VoicemailContext,
  call: VoicemailCall,
  prompter: LegPrompter,
  boxId: number | undefined,
): Promise<VoicemailBox | 'hangup' | 'failed'> {
  const { prompts } = ctx.config;
  const entry = {
    maxDigits: ENTRY_MAX_DIGITS,
    terminator: '#',
    firstDigitTimeoutMs: ctx.config.digitTimeoutMs,
    interDigitTimeoutMs: ctx.config.digitTimeoutMs,
  };
  const boxes = ctx.deps.directory.voicemailBoxes;
  for (let attempt = 0; attempt < ctx.config.loginAttempts; attempt++) {
    let box = boxId !== undefined ? boxes.find(boxId) : undefined;
    if (boxId === undefined) {
      const number = await prompter.prompt({ file: prompts.enterMailbox }, entry);
      if (number.kind === 'hangup') return 'hangup';
      box = boxes.findByNumber(call.teamId, number.digits);
    }
    const pin = box?.pin ?? '';
    if (box !== undefined && pin === '') return box;
    const typed = await prompter.prompt({ file: prompts.enterPin }, entry);
    if (typed.kind === 'hangup') return 'hangup';
    if (box !== undefined && isSamePin(typed.digits, pin)) return box;
    if ((await prompter.play({ file: prompts.loginIncorrect })) === 'hangup') return 'hangup';
    prompter.flush();
  }
  return 'failed';
}

function messagePrompt(
  ctx: VoicemailContext,
  index: number,
  m: VoicemailMessage,
): MediaPlaySource[] {
  const { prompts } = ctx.config;
  return [
    { file: prompts.message },
    ...sayNumber(index + 1, prompts.digitsDir),
    { file: m.filePath },
  ];
}

function countsPrompt(
  ctx: VoicemailContext,
  messages: readonly VoicemailMessage[],
): MediaPlaySource[] {
  const { prompts } = ctx.config;
  const newCount = messages.filter((m) => !m.isRead).length;
  const oldCount = messages.length - newCount;
  if (messages.length === 0) return [{ file: prompts.noMessages }];
  const said: MediaPlaySource[] = [{ file: prompts.youHave }];
  if (newCount > 0)
    said.push(...sayNumber(newCount, prompts.digitsDir), { file: prompts.newMessages });
  if (oldCount > 0)
    said.push(...sayNumber(oldCount, prompts.digitsDir), { file: prompts.oldMessages });
  return said;
}

/**
 * The caller's own mailbox by phone (*97 with `boxId`, *98 without: the
 * number is asked): login, the counts of new and old messages, then each
 * message, new ones first and oldest first within each group, with the
 * VOICEMAIL_KEYS menu. A message counts as read once it started playing.
 */
export async function checkMailbox(
  ctx: VoicemailContext,
  call: VoicemailCall,
  boxId: number | undefined,
): Promise<VoicemailOutcome> {
  const prompter = prompterFor(ctx, call.leg);
  if (!(await answerIfNeeded(call.leg))) {
    prompter.dispose();
    await call.leg.hangup({ reason: 'failed', q850: 41 });
    return { kind: 'hangup', reason: 'answer-failed' };
  }
  const box = await login(ctx, call, prompter, boxId);
  if (box === 'hangup') return goodbye(ctx, prompter, 'caller-hangup');
  if (box === 'failed') return goodbye(ctx, prompter, 'login-failed');
  const all = await ctx.deps.store.list(box.id);
  const messages = [...all.filter((m) => !m.isRead), ...all.filter((m) => m.isRead)];
  if (
    (await prompter.playAll(countsPrompt(ctx, messages), { isInterruptible: true })) === 'hangup'
  ) {
    return goodbye(ctx, prompter, 'caller-hangup');
  }
  if (messages.length === 0) return goodbye(ctx, prompter, 'done');
  return browse(ctx, prompter, box, messages);
}

async function browse(
  ctx: VoicemailContext,
  prompter: LegPrompter,
  box: VoicemailBox,
  messages: VoicemailMessage[],
): Promise<VoicemailOutcome> {
  const { prompts } = ctx.config;
  const say = (file: string) => prompter.play({ file }, { isInterruptible: true });
  let index = 0;
  let shouldPlay = true;
  let silentMenus = 0;
  prompter.flush();
  for (;;) {
    const current = messages[index];
    if (current === undefined) return goodbye(ctx, prompter, 'done');
    if (shouldPlay) {
      shouldPlay = false;
      const end = await prompter.playAll(messagePrompt(ctx, index, current), {
        isInterruptible: true,
      });
      if (end === 'hangup') return goodbye(ctx, prompter, 'caller-hangup');
      if (!current.isRead) {
        await ctx.deps.store.setRead(current.id, true);
        messages[index] = { ...current, isRead: true };
        await announceMessageWaiting(ctx, box);
      }
    }
    if ((await say(prompts.menu)) === 'hangup') return goodbye(ctx, prompter, 'caller-hangup');
    const key = await prompter.nextDigit(ctx.config.menuTimeoutMs);
    if (key === 'hangup') return goodbye(ctx, prompter, 'caller-hangup');
    if (key === undefined) {
      silentMenus++;
      if (silentMenus >= ctx.config.menuRepeats) return goodbye(ctx, prompter, 'no-input');
      continue;
    }
    silentMenus = 0;
    switch (key) {
      case VOICEMAIL_KEYS.repeat:
        shouldPlay = true;
        break;
      case VOICEMAIL_KEYS.next:
      case VOICEMAIL_KEYS.save:
        if (index + 1 < messages.length) {
          index++;
          shouldPlay = true;
        } else await say(prompts.noMoreMessages);
        break;
      case VOICEMAIL_KEYS.previous:
        if (index > 0) {
          index--;
          shouldPlay = true;
        } else await say(prompts.noMoreMessages);
        break;
      case VOICEMAIL_KEYS.delete:
        await ctx.deps.store.remove(current.id);
        messages.splice(index, 1);
        await announceMessageWaiting(ctx, box);
        await say(prompts.messageDeleted);
        if (messages.length === 0) return goodbye(ctx, prompter, 'done');
        if (index < messages.length) shouldPlay = true;
        else {
          index = messages.length - 1;
          await say(prompts.noMoreMessages);
        }
        break;
      case VOICEMAIL_KEYS.exit:
        return goodbye(ctx, prompter, 'done');
      default:
        // '*' (help) and unknown keys: the menu is said again.
        break;
    }
  }
}
