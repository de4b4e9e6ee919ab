import { SwitchyardError } from '../errors.ts';
import { describeReply, type SmtpReply } from './smtp-reply.ts';

/**
 * An SMTP submission failed. `code` says how: `ERR_SMTP_REPLY` (the server
 * refused; `replyCode` holds its code), `ERR_SMTP_TIMEOUT`,
 * `ERR_SMTP_CONNECTION`, `ERR_SMTP_PROTOCOL` (a reply we cannot parse),
 * `ERR_SMTP_STARTTLS_UNAVAILABLE`, `ERR_SMTP_AUTH_UNSUPPORTED` or
 * `ERR_SMTP_INSECURE_AUTH`.
 */
export class SmtpError extends SwitchyardError {
  /** The server's reply code when it refused, else undefined. */
  readonly replyCode: number | undefined;

  constructor(code: string, message: string, options?: { reply?: SmtpReply; cause?: unknown }) {
    super(code, message, { cause: options?.cause });
    this.replyCode = options?.reply?.code;
  }

  /** RFC 5321 §4.2.1: a 4yz reply is transient; trying again later may work. */
  get isTransient(): boolean {
    return this.replyCode === undefined ? this.code !== 'ERR_SMTP_PROTOCOL' : this.replyCode < 500;
  }

  /** An error for an unexpected reply to `command`. */
  static reply(command: string, reply: SmtpReply): SmtpError {
    return new SmtpError('ERR_SMTP_REPLY', `${command}: ${describeReply(reply)}`, { reply });
  }
}
