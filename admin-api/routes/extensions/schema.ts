import { z } from 'zod';
import { DEVICE_TYPES, PICKUP_SCOPES, STATUSES } from '../../../core/config-store/index.ts';
import type { Extension } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema, queryFlag } from '../shared/list-query.ts';

const internalNumber = z.string().regex(/^[0-9]{1,15}$/, 'digits');
/** A forward target: an internal number or an external one (spec 04 §15.9). */
const forwardNumber = z
  .string()
  .regex(/^\+?[0-9]{1,32}$/, 'digits, optionally after +')
  .nullable();

/** Fields an admin may change (spec §2.2). */
const extensionFields = z.object({
  name: z.string().trim().min(1).max(100),
  internalNumber,
  deviceType: z.enum(DEVICE_TYPES),
  status: z.enum(STATUSES),
  callerNumber: optionalText(32),
  callerName: optionalText(64),
  allowOutbound: z.boolean(),
  ringTimeoutSec: z.int().min(1).max(3600),
  outboundCallerNumber: optionalText(32),
  outboundCallerName: optionalText(64),
  dnd: z.boolean(),
  record: z.boolean(),
  voicemailEnabled: z.boolean(),
  hostRestriction: optionalText().meta({
    description:
      'EXT-2: IP addresses or CIDR blocks, comma separated; only these may REGISTER and INVITE',
  }),
  ringbackMohClassId: idSchema.nullable().meta({
    description: 'EXT-13: the MOH class callers hear as early media while the extension rings',
  }),
  externalNumber: z
    .string()
    .regex(/^[0-9]{1,32}$/, 'digits')
    .nullable()
    .meta({ description: 'EXT-15: the number an external extension dials (deviceType external)' }),
  trunkId: idSchema.nullable(),
  pickupScope: z.enum(PICKUP_SCOPES),
  forwardAlways: forwardNumber.meta({ description: 'Every call goes there (*91)' }),
  forwardBusy: forwardNumber.meta({ description: 'Calls while busy go there (*92)' }),
  forwardNoAnswer: forwardNumber.meta({ description: 'Unanswered calls go there (*94)' }),
  forwardUnreachable: forwardNumber.meta({
    description: 'Calls while no device is registered go there (*93)',
  }),
  details: z.string().max(8000).meta({
    description:
      'EXT-16: key=value lines overlaying the template; bad lines are 400 naming the line',
  }),
});

/** EXT-16: a `device` template of the device's protocol, own team or system. */
const templateId = idSchema.meta({
  description: 'A device template of the device protocol (default `default <protocol> device`)',
});

/** The SIP password: write-only (RFC 3261 §22.4 digest secret). */
export const sipSecretSchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, '8 to 128 printable ASCII characters')
  .meta({ writeOnly: true });

/** An extension as the API returns it: no secret, no HA1. */
export const extensionSchema = extensionFields.extend({
  id: idSchema,
  teamId: idSchema,
  accountId: idSchema,
  registrationName: z.string(),
  templateId: templateId.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /extensions; without `secret` a random one is generated. */
export const createExtensionSchema = extensionFields
  .partial()
  .required({ internalNumber: true })
  .extend({
    teamId: idSchema.optional(),
    accountId: idSchema,
    secret: sipSecretSchema.optional(),
    templateId: templateId.optional(),
  })
  .strict();

/** PATCH /extensions/:id; the owning account is fixed (ACC-3). */
export const patchExtensionSchema = extensionFields
  .extend({ secret: sipSecretSchema, templateId })
  .partial()
  .strict();

/** Fields shared by every extension of a bulk range. */
const sharedFields = extensionFields.omit({ name: true, internalNumber: true }).partial();

/** POST /extensions/bulk: one extension per number of a range. */
export const bulkExtensionsSchema = sharedFields
  .extend({
    teamId: idSchema.optional(),
    accountId: idSchema,
    templateId: templateId.optional(),
    firstNumber: z.int().min(0),
    lastNumber: z.int().min(0),
  })
  .strict()
  .refine((v) => v.lastNumber >= v.firstNumber && v.lastNumber - v.firstNumber < 10_000, {
    path: ['lastNumber'],
    message: 'lastNumber must be ≥ firstNumber, at most 10 000 numbers',
  });

/** Query of POST /extensions/import (the body is CSV). */
export const importExtensionsQuerySchema = z.strictObject({
  teamId: z.coerce.number().int().positive().optional(),
  accountId: z.coerce.number().int().positive(),
  templateId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'EXT-16: the device template of every imported row' }),
});

/** What bulk creation and import answer. */
export const bulkResultSchema = z.object({
  count: z.int(),
  ids: z.array(idSchema),
});

/** GET /extensions filters. */
export const listExtensionsSchema = listQuerySchema(
  {
    accountId: z.coerce.number().int().positive().optional(),
    internalNumber: z.string().optional(),
    status: z.enum(STATUSES).optional(),
    deviceType: z.enum(DEVICE_TYPES).optional(),
    // Spec 01 §2.2's search panel.
    name: z.string().optional(),
    callerNumber: z.string().optional(),
    outboundCallerNumber: z.string().optional(),
    allowOutbound: queryFlag(),
    dnd: queryFlag(),
    voicemailEnabled: queryFlag(),
    templateId: z.coerce.number().int().positive().optional(),
  },
  ['id', 'internalNumber', 'name', 'createdAt', 'updatedAt'],
);

type _ExtensionSchemaMatchesStore = Expect<
  Equal<z.output<typeof extensionSchema>, ApiShape<Extension>>
>;
