import { z } from 'zod';
import {
  AGENT_EXTENSION_MODES,
  PAYMENT_MODES,
  PICKUP_SCOPES,
  STATUSES,
} from '../../../core/config-store/index.ts';
import { idSchema } from '../shared/api-shape.ts';

/** Most items one quick edit changes. */
export const MAX_QUICK_EDIT_ITEMS = 1000;

/** new = prefix + old + suffix (spec 01 §1.10); both empty leaves the field as it is. */
const affix = z
  .object({
    prefix: z.string().max(64).default(''),
    suffix: z.string().max(64).default(''),
  })
  .strict();

/** The extension batch (批量编辑分机). */
const extensionChanges = z
  .object({
    name: affix.optional(),
    internalNumber: affix.optional(),
    callerNumber: affix.optional(),
    callerName: affix.optional(),
    outboundCallerNumber: affix.optional(),
    outboundCallerName: affix.optional(),
    resetPassword: affix.optional().meta({
      description: '重置密码: every selected extension’s SIP password becomes prefix + suffix',
    }),
    dnd: z.boolean().optional(),
    status: z.enum(STATUSES).optional(),
    record: z.boolean().optional(),
    voicemailEnabled: z.boolean().optional(),
    allowOutbound: z.boolean().optional(),
    ringTimeoutSec: z.int().min(1).max(3600).optional(),
    pickupScope: z.enum(PICKUP_SCOPES).optional(),
    ringbackMohClassId: idSchema.nullable().optional(),
    templateId: idSchema.nullable().optional(),
  })
  .strict();

/** The agent batch (批量编辑坐席). */
const agentChanges = z
  .object({
    agentNo: affix.optional(),
    resetPassword: affix.optional().meta({
      description: '密码: each agent’s password becomes prefix + its (new) agent number + suffix',
    }),
    status: z.enum(STATUSES).optional(),
    extensionMode: z.enum(AGENT_EXTENSION_MODES).optional(),
  })
  .strict();

/** The account batch (批量编辑账号). */
const accountChanges = z
  .object({
    status: z.enum(STATUSES).optional(),
    forcedRecording: z.boolean().optional(),
    paymentMode: z.enum(PAYMENT_MODES).optional(),
    roleId: idSchema.optional(),
  })
  .strict();

const common = {
  teamId: idSchema.optional().meta({ description: '选择团队; a team admin’s own team' }),
  ids: z
    .array(idSchema)
    .min(1)
    .max(MAX_QUICK_EDIT_ITEMS)
    .meta({ description: 'The selected items, all of the team' }),
  preview: z.boolean().default(false).meta({
    description: '预览 (QE-1): the items as they would be, nothing written',
  }),
};

/** POST /quick-edit (spec 01 §1.10 快速编辑). */
export const quickEditSchema = z
  .discriminatedUnion('objectType', [
    z
      .object({ objectType: z.literal('extensions'), changes: extensionChanges, ...common })
      .strict(),
    z.object({ objectType: z.literal('agents'), changes: agentChanges, ...common }).strict(),
    z.object({ objectType: z.literal('accounts'), changes: accountChanges, ...common }).strict(),
  ])
  .meta({
    example: {
      objectType: 'extensions',
      ids: [40, 41, 42],
      changes: { callerName: { prefix: 'Sales ' }, ringTimeoutSec: 30, dnd: false },
    },
  });

/** The edited items as they are (or would be, in a preview), in the order of `ids`. */
export const quickEditResultSchema = z
  .object({
    isPreview: z.boolean(),
    items: z.array(z.looseObject({ id: idSchema })),
  })
  .meta({
    example: {
      isPreview: true,
      items: [{ id: 40, internalNumber: '5000', callerName: 'Sales 5000', ringTimeoutSec: 30 }],
    },
  });

export type QuickEditBody = z.output<typeof quickEditSchema>;
export type Affix = z.output<typeof affix>;
