import type { Clock, Logger } from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import { SmtpMailer, type Mailer } from './core/mail/index.ts';
import { mailFromOf, smtpClientOf } from './app-mail.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import type { BillsControl } from './admin-api/index.ts';
import {
  BillGenerator,
  BillMailer,
  BillScheduler,
  CdrBillChargesSource,
  lastEndedPeriod,
  monthlyPeriod,
  renderBillHtml,
} from './pbx/billing-statements/index.ts';

/** What the bills module needs from the switch. */
export interface BillsWiring {
  readonly config: ProcessConfig;
  readonly store: ConfigStore;
  readonly cdrs: CdrStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The bills module: the admin API's control and the scheduler's lifecycle. */
export interface BillsModule {
  readonly control: BillsControl;
  start(): void;
  stop(): Promise<void>;
}

/** The bill mailer over the switch's SMTP client, or undefined without `smtpUrl`. */
function smtpMailer(config: ProcessConfig, clock: Clock, logger: Logger): Mailer | undefined {
  const client = smtpClientOf(config, clock, logger);
  return client === undefined ? undefined : new SmtpMailer(client, clock);
}

/**
 * Wires bills (spec 03 §7.4–7.6, AC-9): charges from the CDR store, the
 * generator, the bill mailer over our SMTP client, and the monthly
 * scheduler on `billDay` (0 = no scheduler; the API still generates, on
 * day 1 periods).
 */
export function buildBills(w: BillsWiring): BillsModule {
  const logger = w.logger.child({ component: 'bills' });
  const mailer = smtpMailer(w.config, w.clock, logger);
  const fromAddress = mailFromOf(w.config, 'billing');
  const generator = new BillGenerator({
    store: w.store,
    charges: new CdrBillChargesSource(w.cdrs, w.store),
  });
  const billMailer = new BillMailer({
    store: w.store,
    mailer,
    from: { address: fromAddress, name: 'Switchyard' },
    clock: w.clock,
    logger,
  });
  const billDay = w.config.billDay === 0 ? 1 : w.config.billDay;
  const scheduler =
    w.config.billDay === 0
      ? undefined
      : new BillScheduler({ clock: w.clock, logger, generator, mailer: billMailer, billDay });
  let mailing: Promise<unknown> = Promise.resolve();
  const control: BillsControl = {
    html: renderBillHtml,
    isMailConfigured: () => billMailer.isConfigured,
    send: (bill) => billMailer.send(bill),
    periodOf: (month) =>
      month === undefined ? lastEndedPeriod(w.clock.now(), billDay) : monthlyPeriod(month, billDay),
    async prepareBills(period) {
      const charges = await generator.chargesOf(period);
      return (creator) => {
        const r = generator.generate(period, charges, creator);
        return { created: r.created.length, existing: r.existing };
      };
    },
    mailUserBills(period) {
      mailing = billMailer
        .sendUserBills(generator.userBillsOf(period))
        .catch((err: unknown) => logger.warn({ err }, 'bill e-mail batch failed'));
    },
  };
  return {
    control,
    start: () => scheduler?.start(),
    async stop() {
      await scheduler?.stop();
      await mailing;
    },
  };
}
