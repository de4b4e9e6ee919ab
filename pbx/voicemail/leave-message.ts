import type { MediaPlaySource } from '../../core/index.ts';
import {
  announceMessageWaiting,
  answerIfNeeded,
  goodbye,
  prompterFor,
  type VoicemailCall,
  type VoicemailContext,
  type VoicemailOutcome,
} from './voicemail-context.ts';
import { composeVoicemailMail } from './voicemail-mailer.ts';
import type { VoicemailBox, VoicemailMessage } from './voicemail-store.ts';

/** The key that ends a recording, as in every common voicemail system. */
export const END_RECORDING_KEY = '#';

function greetingOf(ctx: VoicemailContext, box: VoicemailBox): MediaPlaySource {
  const personal = box.personalGreetingFile;
  if (
    box.greeting === 'personal' &&
    personal !== undefined &&
    personal !== null &&
    personal !== ''
  ) {
    return { file: personal };
  }
  return { file: ctx.config.prompts.greeting };
}

/**
 * VM-1: answers, plays the box's greeting (any key skips it), beeps and
 * records up to `maxMessageSec` or `silenceTimeoutMs` of silence; '#'
 * ends the recording. A recording of at least `minMessageMs` is kept,
 * even when the caller hung up to end it; a shorter one is discarded.
 * A kept message raises 'message' and 'messagewaiting', and is mailed
 * (VM-3) after the caller is gone.
 */
export async function leaveMessage(
  ctx: VoicemailContext,
  call: VoicemailCall,
  box: VoicemailBox,
): Promise<VoicemailOutcome> {
  const { store, clock, media } = ctx.deps;
  const prompter = prompterFor(ctx, call.leg);
  if (!(await answerIfNeeded(call.leg))) {
    prompter.dispose();
    await call.leg.hangup({ reason: 'failed', q850: 41 });
    return { kind: 'hangup', reason: 'answer-failed' };
  }
  const existing = await store.list(box.id);
  if (box.maxMessages > 0 && existing.length >= box.maxMessages) {
    await prompter.play({ file: ctx.config.prompts.mailboxFull });
    return goodbye(ctx, prompter, 'box-full');
  }
  const greeted = await prompter.play(greetingOf(ctx, box), { isInterruptible: true });
  if (greeted === 'hangup') return goodbye(ctx, prompter, 'caller-hangup');
  prompter.flush();
  if ((await prompter.play({ tone: 'beep' })) === 'hangup') {
    return goodbye(ctx, prompter, 'caller-hangup');
  }
  const path = await store.allocatePath(box);
  const startedMs = clock.monotonicMs();
  const leftAtMs = clock.now();
  const recording = await media.record(call.leg.media, {
    path,
    mode: 'inbound',
    format: 'wav',
    maxDurationMs: box.maxMessageSec * 1000,
    silenceTimeoutMs: ctx.config.silenceTimeoutMs,
  });
  if (!recording.ok) {
    ctx.deps.logger?.error({ err: recording.error, boxId: box.id }, 'voicemail record failed');
    return goodbye(ctx, prompter, 'media-failed');
  }
  const run = await prompter.runUntil(recording.value, (key) => key === END_RECORDING_KEY);
  // The media plane's figure is exact; a recording stopped before it
  // reported any audio says 0, and then the wall time is the best guess.
  const durationMs = run.durationMs > 0 ? run.durationMs : clock.monotonicMs() - startedMs;
  if (durationMs < ctx.config.minMessageMs) {
    await store.discard(path);
    return goodbye(ctx, prompter, run.end === 'hangup' ? 'caller-hangup' : 'too-short');
  }
  const remote = call.leg.remote;
  const message = await store.save({
    boxId: box.id,
    teamId: box.teamId,
    callerNumber: remote.isPrivate === true ? 'anonymous' : remote.number,
    callerName: remote.isPrivate === true ? undefined : remote.displayName,
    leftAtMs,
    durationMs,
    filePath: path,
    isRead: false,
  });
  ctx.events.safeEmit('message', message);
  await announceMessageWaiting(ctx, box);
  if (!prompter.isHungUp) await prompter.play({ file: ctx.config.prompts.messageSaved });
  const outcome = await goodbye(ctx, prompter, 'message-left', message.id);
  await mailMessage(ctx, box, message);
  return outcome;
}

/**
 * VM-3: mails the message to the box's address, with the recording when
 * `attachAudio`; with `deleteAfterEmail` a mailed message is deleted. A
 * failure is reported on 'emailfailed' and the message stays.
 */
async function mailMessage(
  ctx: VoicemailContext,
  box: VoicemailBox,
  message: VoicemailMessage,
): Promise<void> {
  const mailer = ctx.deps.mailer;
  if (mailer === undefined || box.email === null || box.email === '') return;
  const audio = box.attachAudio ? await ctx.deps.store.readFile(message.filePath) : undefined;
  const mail = composeVoicemailMail(box, message, audio, {
    from: ctx.config.mailFrom,
    fromName: ctx.config.mailFromName,
  });
  const sent = await mailer.send(mail);
  if (!sent.ok) {
    ctx.events.safeEmit('emailfailed', {
      messageId: message.id,
      to: box.email,
      code: sent.error.code,
      detail: sent.error.detail,
    });
    return;
  }
  ctx.events.safeEmit('emailsent', { messageId: message.id, to: box.email });
  if (box.deleteAfterEmail) {
    await ctx.deps.store.remove(message.id);
    await announceMessageWaiting(ctx, box);
  }
}
