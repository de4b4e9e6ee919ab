import { z } from 'zod';
import { ACCOUNT_TYPES, PAYMENT_MODES, STATUSES } from '../../../core/config-store/index.ts';
import type { Account } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema, queryFlag } from '../shared/list-query.ts';

/** Fields an admin may change (spec §1.3). */
const accountFields = z.object({
  status: z.enum(STATUSES),
  roleName: optionalText(64),
  email: z.email().max(254).nullable(),
  firstName: optionalText(64),
  lastName: optionalText(64),
  forcedRecording: z.boolean(),
  paymentMode: z.enum(PAYMENT_MODES),
  creditLimitE4: z.int().min(0),
  exportTimeLimited: z.boolean().meta({
    description: '导出时间限制: exports only inside the system export window (AC-8)',
  }),
  receiveBillEmail: z.boolean().meta({
    description: '接收账单邮件: the periodic user bill is e-mailed to `email` (AC-9)',
  }),
});

/** Set at creation, fixed afterwards (AC-2, AC-3). */
const accountIdentity = z.object({
  teamId: idSchema.nullable().meta({ description: 'null for a systemAdmin' }),
  username: z.string().regex(/^[\p{L}\p{N}_@]{1,64}$/u, 'letters, digits, _ or @ (AC-1)'),
  accountType: z.enum(ACCOUNT_TYPES),
});

/** The login password: write-only, stored as scrypt. */
const password = z.string().min(8).max(256).meta({ writeOnly: true });

/** An account as the API returns it: never a password or its hash. */
export const accountSchema = accountIdentity.extend(accountFields.shape).extend({
  id: idSchema,
  currentFeesE4: z.int().meta({
    description:
      '§1.11 当前费用 in 1/10 000 units: call charges minus recharges; moved by calls and ' +
      'finance adjustments only (AC-6)',
  }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** The role a new account holds (AC-3); admins get the built-in admin role. */
const roleId = idSchema.meta({
  description:
    'Required for a user account: its role (one of its team or a system role, ROLE-4). ' +
    'A systemAdmin or teamAdmin gets the built-in Administrator role and takes no roleId.',
});

/** POST /accounts. */
export const createAccountSchema = accountIdentity
  .extend(accountFields.partial().shape)
  .extend({ password, roleId: roleId.optional() })
  .partial({ teamId: true })
  .strict();

/** PATCH /accounts/:id; a new password replaces the hash. */
export const patchAccountSchema = accountFields.extend({ password }).partial().strict();

/** GET /accounts filters. */
export const listAccountsSchema = listQuerySchema(
  {
    username: z.string().optional(),
    accountType: z.enum(ACCOUNT_TYPES).optional(),
    status: z.enum(STATUSES).optional(),
    // Spec 01 §1.3's search panel.
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    roleName: z.string().optional(),
    forcedRecording: queryFlag(),
    receiveBillEmail: queryFlag(),
  },
  ['id', 'username', 'accountType', 'createdAt', 'updatedAt'],
);

type _AccountSchemaMatchesStore = Expect<Equal<z.output<typeof accountSchema>, ApiShape<Account>>>;
