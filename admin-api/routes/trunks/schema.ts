import { z } from 'zod';
import {
  RECORD_GAIN_LIMIT_DB,
  STATUSES,
  TRUNK_TRANSPORTS,
  TRUNK_TYPES,
} from '../../../core/config-store/index.ts';
import type { Trunk } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec §2.1). */
const trunkFields = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(TRUNK_TYPES),
  host: z.string().trim().min(1).max(253),
  port: z.int().min(1).max(65535),
  transport: z.enum(TRUNK_TRANSPORTS),
  username: optionalText(128),
  register: z.boolean(),
  codecs: z.array(z.string().min(1).max(32)).min(1).max(16),
  status: z.enum(STATUSES),
  timeoutSec: z.int().min(1).max(3600),
  outboundCallerNumber: optionalText(32),
  outboundCallerName: optionalText(64),
  forceOutboundCli: z.boolean(),
  maxChannels: z.int().min(1).max(1_000_000).nullable(),
  recordGainInternal: z
    .int()
    .min(-RECORD_GAIN_LIMIT_DB)
    .max(RECORD_GAIN_LIMIT_DB)
    .meta({ description: 'TRK-10: dB applied to the internal party in recordings' }),
  recordGainExternal: z
    .int()
    .min(-RECORD_GAIN_LIMIT_DB)
    .max(RECORD_GAIN_LIMIT_DB)
    .meta({ description: 'TRK-10: dB applied to the external party in recordings' }),
  details: z.string().max(8000).meta({
    description:
      'TRK-14: key=value lines overlaying the template; bad lines are 400 naming the line',
  }),
  sipHeaders: z
    .string()
    .max(4000)
    .meta({
      description:
        'TRK-11: `Name: value` lines added to INVITEs sent to the trunk; a bad name, a control ' +
        'character or a header the switch sets (Via, From, To, Call-ID, CSeq, Contact, …) is ' +
        '400 naming the line',
    }),
  consecutiveFailDisable: z
    .int()
    .min(0)
    .max(1000)
    .meta({
      description:
        'TRK-13: disable the trunk after this many failed attempts in a row (no answer in ' +
        'time, 408, 5xx, transport error); 0 = never',
    }),
  cascade: z.boolean().meta({
    description:
      'TRK-12 级联中继: the peer is another Switchyard; outbound INVITEs carry the internal ' +
      'caller (P-Asserted-Identity, X-Switchyard-Agent) and calls from cascadeHost are ' +
      'internal callers of the trunk’s team',
  }),
  cascadeHost: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .nullable()
    .meta({
      description:
        'TRK-12 级联主机地址: the cascaded system’s address (IP literal or name); null means ' +
        'the trunk’s host',
    }),
  forcedBilling: z.boolean().meta({
    description:
      'TRK-7 强制计费: carry an outbound call only when an extension rate matches it for ' +
      'this trunk; otherwise the next trunk is tried, and 403 when none is left (D56)',
  }),
  remark: optionalText(1000),
});

/** TRK-14: a `trunk` template of the trunk's team or a system one. */
const templateId = idSchema.meta({
  description: 'A sip trunk template (default `default sip trunk`)',
});

/** The carrier password: write-only, encrypted at rest; null removes it. */
const secret = z.string().min(1).max(256).nullable().meta({ writeOnly: true });

/** A trunk as the API returns it; teamId null means system-wide (TRK-1). */
export const trunkSchema = trunkFields.extend({
  id: idSchema,
  templateId: templateId.nullable(),
  teamId: idSchema.nullable(),
  consecutiveFailures: z.int().min(0).meta({
    description: 'TRK-13: failed attempts since the last reached one; re-enabling resets it',
  }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /trunks. A superadmin omitting teamId creates a system-wide trunk. */
export const createTrunkSchema = trunkFields
  .partial()
  .required({ name: true, type: true, host: true })
  .extend({
    teamId: idSchema.nullable().optional(),
    secret: secret.optional(),
    templateId: templateId.optional(),
  })
  .strict();

/** PATCH /trunks/:id; the team is fixed. */
export const patchTrunkSchema = trunkFields.extend({ secret, templateId }).partial().strict();

/** GET /trunks filters. */
export const listTrunksSchema = listQuerySchema(
  {
    name: z.string().optional(),
    type: z.enum(TRUNK_TYPES).optional(),
    status: z.enum(STATUSES).optional(),
  },
  ['id', 'name', 'host', 'createdAt', 'updatedAt'],
);

type _TrunkSchemaMatchesStore = Expect<Equal<z.output<typeof trunkSchema>, ApiShape<Trunk>>>;
