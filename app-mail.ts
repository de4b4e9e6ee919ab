/**
 * The switch's outgoing mail (D60): one SMTP client from `smtpUrl`, shared
 * by bills (AC-9) and voicemail notifications (VM-3).
 */
import { hostname } from 'node:os';
import type { Clock, Logger } from './core/index.ts';
import { SmtpClient, parseSmtpUrl } from './core/mail/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import { VoicemailSmtpMailer, type VoicemailMailer } from './pbx/index.ts';

/**
 * The SMTP client of `smtpUrl`, or undefined when none is set. The config
 * schema already refused a bad URL at startup (D1), so a parse failure
 * here cannot happen; it is treated as "no mail" all the same.
 */
export function smtpClientOf(
  config: ProcessConfig,
  clock: Clock,
  logger: Logger,
): SmtpClient | undefined {
  if (config.smtpUrl === undefined) return undefined;
  const parsed = parseSmtpUrl(config.smtpUrl);
  if (!parsed.ok) return undefined;
  return new SmtpClient({ settings: parsed.value, clientName: hostname(), clock, logger });
}

/** `mailFrom`, else `<localPart>@<the SMTP host>`. */
export function mailFromOf(config: ProcessConfig, localPart: string): string {
  if (config.mailFrom !== undefined) return config.mailFrom;
  const parsed = config.smtpUrl === undefined ? undefined : parseSmtpUrl(config.smtpUrl);
  return `${localPart}@${parsed?.ok === true ? parsed.value.host : 'localhost'}`;
}

/** VM-3: voicemail notifications over the switch's SMTP client, or undefined without `smtpUrl`. */
export function voicemailMailOf(
  config: ProcessConfig,
  clock: Clock,
  logger: Logger,
): { readonly mailer: VoicemailMailer; readonly from: string } | undefined {
  const client = smtpClientOf(config, clock, logger.child({ component: 'voicemail-mail' }));
  if (client === undefined) return undefined;
  return { mailer: new VoicemailSmtpMailer(client), from: mailFromOf(config, 'voicemail') };
}
