import type { Bill } from '../../core/config-store/index.ts';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import type { BillGenerator } from './bill-generator.ts';
import type { BillMailer } from './bill-mailer.ts';
import { lastEndedPeriod, type BillPeriod } from './bill-period.ts';

/** How often the scheduler looks for a period that has ended. */
export const BILL_CHECK_INTERVAL_MS = 3_600_000;

/** What the scheduler drives. */
export interface BillSchedulerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly generator: BillGenerator;
  readonly mailer: BillMailer;
  /** Day of the month (1–28, UTC) on which a period ends. */
  readonly billDay: number;
  readonly checkIntervalMs?: number | undefined;
}

/**
 * The billing scheduler (spec 03 §7.4–7.6): at start and then hourly it
 * makes the bills of the latest period that has ended, if it has not yet
 * done so in this process, then e-mails the user bills (AC-9). A month is
 * longer than a timer may wait (2^31 ms), hence the hourly check. The
 * generator is idempotent, so a restart in the middle of a run completes
 * it instead of billing twice.
 */
export class BillScheduler {
  readonly #o: BillSchedulerOptions;
  #timer: TimerHandle | undefined;
  #lastEnd: string | undefined;
  #running: Promise<void> | undefined;

  constructor(options: BillSchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#o.clock.setInterval(
      () => void this.check(),
      this.#o.checkIntervalMs ?? BILL_CHECK_INTERVAL_MS,
    );
    void this.check();
  }

  /** Stops the checks and waits for a run in progress; idempotent. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) this.#o.clock.clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Runs the latest ended period unless this process already did. */
  check(): Promise<void> {
    if (this.#running !== undefined) return this.#running;
    const period = lastEndedPeriod(this.#o.clock.now(), this.#o.billDay);
    if (period.end === this.#lastEnd) return Promise.resolve();
    this.#running = this.#run(period).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #run(period: BillPeriod): Promise<void> {
    let bills: readonly Bill[];
    try {
      const charges = await this.#o.generator.chargesOf(period);
      const result = this.#o.generator.generate(period, charges);
      this.#lastEnd = period.end;
      if (result.created.length > 0) {
        this.#o.logger.info(
          { period, created: result.created.length, existing: result.existing },
          'bills generated',
        );
      }
      // Bills of the period made before a restart but not yet mailed go too.
      bills = this.#o.generator.userBillsOf(period);
    } catch (err) {
      this.#o.logger.error({ err, period }, 'bill generation failed');
      return;
    }
    const mailed = await this.#o.mailer.sendUserBills(bills);
    if (mailed.sent + mailed.failed > 0)
      this.#o.logger.info({ period, ...mailed }, 'bills e-mailed');
  }
}
