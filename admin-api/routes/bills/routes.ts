import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { NotFoundError, SwitchyardError } from '../../../core/index.ts';
import type { Bill, ConfigStore } from '../../../core/config-store/index.ts';
import type { Clock } from '../../../core/index.ts';
import { ApiError, ForbiddenError } from '../../plugins/api-errors.ts';
import { authOf, requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { idParamsSchema, pageSchema, toApi } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import type { BillsControl } from './bills-control.ts';
import {
  billSchema,
  generateBillsSchema,
  generateResultSchema,
  listBillsSchema,
  sendResultSchema,
} from './schema.ts';

/**
 * A bill the caller may see, else 404 as for a missing one (D11): a
 * superadmin sees every bill, a team admin its team's team and user bills,
 * a user account its own user bills.
 */
function visibleBill(store: ConfigStore, request: FastifyRequest, id: number): Bill {
  const auth = authOf(request);
  const bill = store.bills.find(id);
  const isVisible =
    bill !== undefined &&
    (auth.role === 'superadmin' ||
      (auth.role === 'teamAdmin' && bill.teamId === auth.teamId) ||
      (auth.role === 'user' && bill.level === 'user' && bill.accountId === auth.accountId));
  if (!isVisible) throw new NotFoundError('bill', id);
  return bill;
}

/**
 * Bills (spec 03 §7.4–7.6): the list and one bill as JSON, the HTML e-bill
 * (查看), sending it now (发送至邮箱) and, for a superadmin, generating a
 * period now. Bills are made by the generator only: no create, edit or
 * delete.
 */
export function registerBillRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  clock: Clock,
  control: BillsControl | undefined,
): void {
  app.get(
    '/bills',
    {
      schema: {
        summary: 'List bills (system, team and user bills the caller may see)',
        tags: ['bills'],
        querystring: listBillsSchema,
        response: { 200: pageSchema(billSchema) },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin', 'user');
      const q = request.query as z.output<typeof listBillsSchema>;
      let { accountId, level } = q;
      const teamId = scopeTeamId(request, q.teamId) ?? undefined;
      if (auth.role === 'user') {
        // ACC-2: a user account reads its own bills; naming another is 403.
        if (accountId !== undefined && accountId !== auth.accountId) {
          throw new ForbiddenError(`accountId ${accountId} is not this account`);
        }
        if (level !== undefined && level !== 'user') return { items: [], nextCursor: null };
        accountId = auth.accountId;
        level = 'user';
      }
      const rows = store.bills.list({
        level,
        teamId,
        accountId,
        periodFrom: q.periodFrom,
        periodTo: q.periodTo,
        beforeId: q.cursor === undefined ? undefined : Number(q.cursor),
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > q.limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );

  app.get(
    '/bills/:id',
    {
      schema: {
        summary: 'One bill',
        tags: ['bills'],
        params: idParamsSchema,
        response: { 200: billSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin', 'user');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      return toApi(visibleBill(store, request, id));
    },
  );

  app.get(
    '/bills/:id/html',
    {
      schema: {
        summary: 'The HTML e-bill (查看)',
        tags: ['bills'],
        params: idParamsSchema,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin', 'user');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const bill = visibleBill(store, request, id);
      const html = requireControl(control).html(bill);
      // The e-bill holds no script; the policy keeps any that slipped in inert.
      return reply
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  app.post(
    '/bills/:id/send',
    {
      schema: {
        summary: 'E-mail the bill to its owner now (发送至邮箱)',
        description:
          '409 ERR_BILL_NO_RECIPIENT when the owner has no e-mail address; 503 ' +
          'ERR_MAIL_NOT_CONFIGURED without SWITCHYARD_SMTP_URL; 502 ERR_SMTP_* when the mail ' +
          'server refuses (the error is kept on the bill as emailError).',
        tags: ['bills'],
        params: idParamsSchema,
        response: { 200: sendResultSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin', 'user');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const bill = visibleBill(store, request, id);
      const bills = requireControl(control);
      if (!bills.isMailConfigured()) {
        throw new ApiError(503, 'ERR_MAIL_NOT_CONFIGURED', 'no SMTP server is configured');
      }
      if (store.bills.recipients(bill).length === 0) {
        throw new ApiError(
          409,
          'ERR_BILL_NO_RECIPIENT',
          `bill ${id} has no owner with an e-mail address`,
        );
      }
      let result: { bill: Bill; recipients: string[] };
      try {
        result = await bills.send(bill);
      } catch (e) {
        if (e instanceof SwitchyardError && e.code.startsWith('ERR_SMTP')) {
          const error = new ApiError(502, e.code, `the mail server refused: ${e.message}`);
          error.cause = e;
          throw error;
        }
        throw e;
      }
      store.transaction(() =>
        audit(store, request, {
          action: 'update',
          resource: 'bills/send',
          objectId: id,
          teamId: bill.teamId,
          detail: { recipients: result.recipients.length },
        }),
      );
      return { bill: toApi(result.bill), recipients: result.recipients };
    },
  );

  app.post(
    '/bills/generate',
    {
      schema: {
        summary: 'Generate the bills of a period now (superadmin)',
        description:
          'Writes the missing bills of the period (one per owner and period, so a second run ' +
          'writes none), then e-mails user bills to accounts with receiveBillEmail (AC-9). ' +
          '409 ERR_PERIOD_NOT_ENDED for a period that has not ended.',
        tags: ['bills'],
        body: generateBillsSchema,
        response: { 200: generateResultSchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin');
      const body = request.body as z.output<typeof generateBillsSchema>;
      const bills = requireControl(control);
      const period = bills.periodOf(body.period);
      if (Date.parse(`${period.end}T00:00:00Z`) > clock.now()) {
        throw new ApiError(
          409,
          'ERR_PERIOD_NOT_ENDED',
          `the period ending ${period.end} has not ended`,
        );
      }
      const writeBills = await bills.prepareBills(period);
      // The bills and their operation-log row commit together.
      const result = store.transaction(() => {
        const made = writeBills(auth.username);
        audit(store, request, {
          action: 'create',
          resource: 'bills/generate',
          objectId: null,
          teamId: null,
          detail: { periodStart: period.start, periodEnd: period.end, ...made },
        });
        return made;
      });
      if (bills.isMailConfigured()) bills.mailUserBills(period);
      return { periodStart: period.start, periodEnd: period.end, ...result };
    },
  );
}

function requireControl(control: BillsControl | undefined): BillsControl {
  if (control === undefined) {
    throw new ApiError(503, 'ERR_BILLS_UNAVAILABLE', 'billing is not running in this process');
  }
  return control;
}
