import { ValidationError } from '../index.ts';
import { checkWebhookUrl } from '../webhooks/index.ts';
import { requireNonBlank } from './validate.ts';

/*
 * The TM-11 columns of a team (事件接收地址, 验证字符串): their rules,
 * kept apart from the rest of TeamsRepository.
 */

/** Where a team's events go (TM-11), with the secret in clear. */
export interface TeamEventTarget {
  readonly url: string;
  /** The HMAC key of the events. */
  readonly verificationString: string;
  /** The team's realm (its SIP domain or uid), sent beside the signature. */
  readonly realm: string;
}

/** Purpose bound to a verification string's ciphertext (see SecretBox). */
export const VERIFICATION_STRING_PURPOSE = 'team.verification-string';

/** The longest event URL accepted, as for IVR URLs. */
const MAX_EVENT_URL_LENGTH = 500;

/**
 * Checks the TM-11 fields of a team write: an http(s) URL without user
 * info (issue 7, D47) and a non-blank verification string.
 */
export function validateEventFields(input: {
  eventUrl?: string | null | undefined;
  verificationString?: string | null | undefined;
}): void {
  if (input.eventUrl != null) {
    const checked = checkWebhookUrl(input.eventUrl);
    if (!checked.ok) throw new ValidationError('eventUrl', `eventUrl ${checked.error.detail}`);
    if (input.eventUrl.length > MAX_EVENT_URL_LENGTH) {
      throw new ValidationError('eventUrl', `eventUrl is over ${MAX_EVENT_URL_LENGTH} characters`);
    }
  }
  if (input.verificationString != null) {
    requireNonBlank('verificationString', input.verificationString);
  }
}

/**
 * TM-11: events are signed with the verification string, so a team with
 * an event URL must have one; unsigned events would be forgeable.
 */
export function assertEventsSigned(team: { eventUrl: string | null; hasSecret: boolean }): void {
  if (team.eventUrl !== null && !team.hasSecret) {
    throw new ValidationError(
      'verificationString',
      'verificationString is required while eventUrl is set (TM-11)',
    );
  }
}
