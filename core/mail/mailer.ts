import { systemClock, type Clock } from '../clock.ts';
import { buildMail, type MailMessage } from './mail-message.ts';
import type { SmtpClient } from './smtp-client.ts';

/** What a sent message became. */
export interface MailReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly { address: string; reply: string }[];
}

/** Sends mail; the port the bills module and tests depend on. */
export interface Mailer {
  /** Resolves once the server took the message; rejects with SmtpError. */
  send(message: MailMessage): Promise<MailReceipt>;
}

/** A Mailer that builds the RFC 5322 text and submits it over SMTP. */
export class SmtpMailer implements Mailer {
  readonly #client: SmtpClient;
  readonly #clock: Clock;

  constructor(client: SmtpClient, clock: Clock = systemClock) {
    this.#client = client;
    this.#clock = clock;
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    const built = buildMail(message, this.#clock.now());
    const result = await this.#client.send(
      { from: built.envelopeFrom, to: built.recipients },
      built.data,
    );
    return { messageId: built.messageId, accepted: result.accepted, rejected: result.rejected };
  }
}
