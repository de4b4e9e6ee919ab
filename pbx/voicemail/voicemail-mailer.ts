import { err, ok, type Result } from '../../core/index.ts';
import { SmtpError, type SmtpClient, type SmtpSendResult } from '../../core/mail/index.ts';
import { buildMimeMessage, type MailAttachment, type MailMessage } from './mime-message.ts';
import type { VoicemailBox, VoicemailMessage } from './voicemail-store.ts';

/** Sends mails; SmtpMailer in production, a recording fake in tests. */
export interface VoicemailMailer {
  send(
    mail: MailMessage,
  ): Promise<Result<unknown, { readonly code: string; readonly detail: string }>>;
}

/**
 * A VoicemailMailer that hands every mail, attachment and all, to the
 * switch's SMTP server (core/mail: STARTTLS, AUTH, the `smtpUrl` of D60).
 */
export class VoicemailSmtpMailer implements VoicemailMailer {
  constructor(private readonly client: SmtpClient) {}

  async send(
    mail: MailMessage,
  ): Promise<Result<SmtpSendResult, { readonly code: string; readonly detail: string }>> {
    try {
      return ok(await this.client.send({ from: mail.from, to: mail.to }, buildMimeMessage(mail)));
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return err({ code: cause instanceof SmtpError ? cause.code : 'ERR_SMTP', detail });
    }
  }
}

/**
 * The notification mail for a new message (VM-3), with the recording
 * attached when the box asks for it and the file is there. The text
 * follows Asterisk's default voicemail mail; the spec's mail templates
 * (spec 04 §12.1, purpose 语音邮件) are not applied here.
 */
export function composeVoicemailMail(
  box: VoicemailBox,
  message: VoicemailMessage,
  audio: Uint8Array | undefined,
  sender: { readonly from: string; readonly fromName: string },
): MailMessage {
  const caller =
    message.callerName !== undefined && message.callerName !== ''
      ? `${message.callerName} <${message.callerNumber}>`
      : message.callerNumber;
  const seconds = Math.round(message.durationMs / 1000);
  const fileName = message.filePath.split('/').pop() ?? 'message.wav';
  const attachments: MailAttachment[] =
    box.attachAudio && audio !== undefined
      ? [{ filename: fileName, contentType: 'audio/wav', content: audio }]
      : [];
  return {
    from: sender.from,
    fromName: sender.fromName,
    to: [box.email ?? ''],
    subject: `New voicemail from ${caller} in mailbox ${box.extensionNumber}`,
    text: [
      `There is a new voicemail in mailbox ${box.extensionNumber}.`,
      '',
      `From: ${caller}`,
      `Left at: ${new Date(message.leftAtMs).toISOString()}`,
      `Length: ${seconds} s`,
      attachments.length > 0 ? `The recording is attached (${fileName}).` : '',
    ].join('\n'),
    attachments,
  };
}
