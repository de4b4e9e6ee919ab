import type {
  CallLeg,
  Clock,
  MediaControl,
  MediaOperation,
  TimerHandle,
} from '../../core/index.ts';

/*
 * Q-17 rating (spec 02 §3.1, spec 03 §6.11): after the agent hung up
 * first, the caller kept on the line hears the queue's rating prompt and
 * keys one digit. The spec leaves the range and the timeout open; ours
 * are below and in docs/decisions.md D57.
 */

/** Lowest score a caller may key. */
export const RATING_MIN_SCORE = 1;
/** Highest score a caller may key: one DTMF digit. */
export const RATING_MAX_SCORE = 9;
/** How long the caller has to key a score once the prompt ended. */
export const RATING_DIGIT_TIMEOUT_MS = 5000;
/** The prompt is played this many times in all (one retry) before giving up. */
export const RATING_ATTEMPTS = 2;
/**
 * The thank-you said after a score (built-in `谢谢合作` in the spec): a
 * bundled system sound (D33), replaceable in `<data-dir>/sounds`.
 */
export const RATING_THANKS_SOUND = 'queue/rating-thanks';

/** One score as a queue reports it (spec 03 §6.11 `SatisfactionRating`). */
export interface QueueRating {
  readonly teamId: number;
  readonly queueId: number;
  readonly queueNumber: string;
  /** The caller's call id, which its CDR carries too. */
  readonly callId: string;
  /** `agent:<id>` or `ext:<id>` (QueueMember.key). */
  readonly memberKey: string;
  /** The agent's job number; undefined for extension members. */
  readonly agentNo: string | undefined;
  readonly customerNumber: string;
  readonly score: number;
}

/** Where a queue's ratings go (the config store's rating records). */
export interface QueueRatingSink {
  record(rating: QueueRating): void;
}

/** What collectRating() plays with and times by. */
export interface RatingDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
}

/**
 * Plays `promptFile` to `leg` and waits for one key (a key during the
 * prompt cuts it short, as IVR barge-in does). A key 1–9 is the score:
 * the thank-you is played and the score returned. No key within
 * RATING_DIGIT_TIMEOUT_MS, or another key, plays the prompt again, up to
 * RATING_ATTEMPTS in all; then, or when the caller hangs up, the result
 * is undefined and nothing is to be stored.
 */
export async function collectRating(
  deps: RatingDeps,
  leg: CallLeg,
  promptFile: string,
): Promise<number | undefined> {
  for (let attempt = 0; attempt < RATING_ATTEMPTS; attempt++) {
    const key = await promptForKey(deps, leg, promptFile);
    if (key === 'hangup') return undefined;
    const score = key === undefined ? Number.NaN : Number(key);
    if (Number.isInteger(score) && score >= RATING_MIN_SCORE && score <= RATING_MAX_SCORE) {
      await playToEnd(deps.media, leg, RATING_THANKS_SOUND);
      return score;
    }
  }
  return undefined;
}

/** One attempt: the prompt, then the wait; the key, none, or 'hangup'. */
function promptForKey(
  deps: RatingDeps,
  leg: CallLeg,
  file: string,
): Promise<string | undefined | 'hangup'> {
  return new Promise((resolve) => {
    let isDone = false;
    let playing: MediaOperation | undefined;
    let timer: TimerHandle | undefined;
    const done = (v: string | undefined | 'hangup') => {
      if (isDone) return;
      isDone = true;
      leg.off('dtmf', onDtmf);
      leg.off('hangup', onHangup);
      if (timer !== undefined) deps.clock.clearTimeout(timer);
      void playing?.stop();
      resolve(v);
    };
    const onDtmf = (e: { readonly digit: string }) => done(e.digit);
    const onHangup = () => done('hangup');
    leg.on('dtmf', onDtmf);
    leg.on('hangup', onHangup);
    if (leg.state === 'terminated') return done('hangup');
    const wait = () => {
      if (!isDone) timer = deps.clock.setTimeout(() => done(undefined), RATING_DIGIT_TIMEOUT_MS);
    };
    void deps.media.play(leg.media, { file }).then(async (played) => {
      if (!played.ok) return wait();
      playing = played.value;
      if (isDone) return void (await played.value.stop());
      await played.value.finished;
      wait();
    });
  });
}

/** Plays one file and waits for its end, or for the caller to hang up. */
async function playToEnd(media: MediaControl, leg: CallLeg, file: string): Promise<void> {
  const played = await media.play(leg.media, { file });
  if (!played.ok) return;
  const stop = () => void played.value.stop();
  leg.once('hangup', stop);
  await played.value.finished;
  leg.off('hangup', stop);
}
