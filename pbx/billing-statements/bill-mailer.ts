import type { Bill, ConfigStore } from '../../core/config-store/index.ts';
import { SwitchyardError, type Clock, type Logger } from '../../core/index.ts';
import type { MailAddress, Mailer } from '../../core/mail/index.ts';
import { billSubject, renderBillHtml, renderBillText } from './bill-render.ts';

/** Sending needs an SMTP server, and none is configured (`smtpUrl`). */
export class MailNotConfiguredError extends SwitchyardError {
  constructor() {
    super('ERR_MAIL_NOT_CONFIGURED', 'no SMTP server is configured (SWITCHYARD_SMTP_URL)');
  }
}

/** The bill's owner has no e-mail address to send it to. */
export class NoBillRecipientError extends SwitchyardError {
  constructor(billId: number) {
    super('ERR_BILL_NO_RECIPIENT', `bill ${billId} has no owner with an e-mail address`);
  }
}

/** What BillMailer needs; `mailer` undefined means no SMTP configured. */
export interface BillMailerOptions {
  readonly store: ConfigStore;
  readonly mailer: Mailer | undefined;
  readonly from: MailAddress;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * E-mails bills (发送至邮箱) and records each outcome on the bill: the time
 * it was sent, or the error.
 */
export class BillMailer {
  readonly #o: BillMailerOptions;
  #batches: Promise<void> = Promise.resolve();

  constructor(options: BillMailerOptions) {
    this.#o = options;
  }

  get isConfigured(): boolean {
    return this.#o.mailer !== undefined;
  }

  /**
   * Sends one bill to its owner now. Throws MailNotConfiguredError,
   * NoBillRecipientError, or the mailer's error (SmtpError), which is also
   * recorded on the bill.
   */
  async send(bill: Bill): Promise<{ bill: Bill; recipients: string[] }> {
    const mailer = this.#o.mailer;
    if (mailer === undefined) throw new MailNotConfiguredError();
    const to = this.#o.store.bills.recipients(bill);
    if (to.length === 0) throw new NoBillRecipientError(bill.id);
    try {
      const receipt = await mailer.send({
        from: this.#o.from,
        to,
        subject: billSubject(bill),
        text: renderBillText(bill),
        html: renderBillHtml(bill),
      });
      const updated = this.#o.store.bills.markEmailed(bill.id, {
        at: new Date(this.#o.clock.now()),
      });
      return { bill: updated ?? bill, recipients: [...receipt.accepted] };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#o.store.bills.markEmailed(bill.id, { error: message });
      throw e;
    }
  }

  /**
   * AC-9: the user bills whose account has receiveBillEmail and an address,
   * and that were not tried before, one after the other. A failure is
   * recorded on its bill and logged; the others still go out. Batches run
   * one at a time and re-read each bill first, so a scheduled run and a
   * manual one never mail a bill twice.
   */
  sendUserBills(bills: readonly Bill[]): Promise<{ sent: number; failed: number }> {
    const batch = this.#batches.then(() => this.#sendBatch(bills));
    this.#batches = batch.then(
      () => undefined,
      () => undefined,
    );
    return batch;
  }

  async #sendBatch(bills: readonly Bill[]): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    if (this.#o.mailer === undefined) return { sent, failed };
    for (const listed of bills) {
      const bill = this.#o.store.bills.find(listed.id);
      if (bill === undefined || bill.level !== 'user' || bill.accountId === null) continue;
      if (bill.emailedAt !== null || bill.emailError !== null) continue;
      const account = this.#o.store.accounts.find(bill.accountId);
      if (account?.receiveBillEmail !== true || (account.email ?? '') === '') continue;
      try {
        await this.send(bill);
        sent++;
      } catch (err) {
        failed++;
        this.#o.logger.warn({ err, billId: bill.id }, 'bill e-mail failed');
      }
    }
    return { sent, failed };
  }
}
