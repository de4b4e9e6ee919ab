import type { Bill } from '../../../core/config-store/index.ts';

/** A billing period: the UTC days [start, end) as `YYYY-MM-DD`. */
export interface BillPeriodView {
  readonly start: string;
  readonly end: string;
}

/**
 * What the bill routes need besides the store: the e-bill renderer, the
 * mailer and the generator (pbx/billing-statements, wired by app-bills.ts).
 */
export interface BillsControl {
  /** The HTML e-bill (查看). */
  html(bill: Bill): string;
  /** False when no SMTP server is configured. */
  isMailConfigured(): boolean;
  /**
   * E-mails the bill to its owner now (发送至邮箱); rejects with the
   * mailer's error (code `ERR_SMTP_*`), which is also kept on the bill.
   */
  send(bill: Bill): Promise<{ bill: Bill; recipients: string[] }>;
  /** The period of month `YYYY-MM`, or the latest ended one. */
  periodOf(month: string | undefined): BillPeriodView;
  /**
   * Reads the period's charges (summed off the main thread, D108), then
   * gives the step that makes its missing bills, to run inside the
   * caller's transaction.
   */
  prepareBills(
    period: BillPeriodView,
  ): Promise<(creator: string) => { created: number; existing: number }>;
  /**
   * AC-9: e-mails the period's user bills not tried yet, in the background;
   * called once the bills are committed.
   */
  mailUserBills(period: BillPeriodView): void;
}
