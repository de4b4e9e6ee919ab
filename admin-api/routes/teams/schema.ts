import { z } from 'zod';
import {
  AGENT_CDR_ACCESS,
  INBOUND_DESTINATION_TYPES,
  OUTBOUND_TARGET_TYPES,
  PAYMENT_MODES,
  UI_LANGUAGES,
} from '../../../core/config-store/index.ts';
import type { Team } from '../../../core/config-store/index.ts';
import { checkWebhookUrl } from '../../../core/webhooks/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const quota = z.int().min(0).max(1_000_000);

/**
 * TM-11 事件接收地址: http(s) only and without user info (issue 7, D47);
 * the egress guard checks the address again at each delivery.
 */
const eventUrl = z
  .string()
  .max(500)
  .superRefine((text, ctx) => {
    const checked = checkWebhookUrl(text);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: `eventUrl ${checked.error.detail}` });
  })
  .nullable()
  .meta({
    description:
      'TM-11: where the team’s call and agent events are POSTed as signed JSON; null = none',
  });

/** TM-11 验证字符串: write-only, encrypted at rest; null removes it. */
const verificationString = z.string().min(1).max(256).nullable().meta({
  writeOnly: true,
  description:
    'TM-11: HMAC-SHA256 key of the events (X-Switchyard-Signature); required while eventUrl is set',
});

/** Fields an admin may change, with the rules of spec §1.2. */
const teamFields = z.object({
  name: z.string().trim().min(1).max(100),
  sipDomain: z.string().max(253).nullable().meta({ description: 'SIP realm of the team' }),
  maxAccounts: quota,
  maxAgents: quota,
  maxExtensions: quota,
  maxQueues: quota,
  maxConferenceRooms: quota,
  maxConcurrentCalls: z.int().min(0).max(1_000_000).nullable().meta({
    description:
      'Calls of the team in progress at once; a new call beyond it gets 503 (cause 34). null = no limit',
  }),
  internalCallsAllowed: z.boolean(),
  interTeamPrefix: optionalText(20),
  forcedRecording: z.boolean(),
  paymentMode: z.enum(PAYMENT_MODES),
  creditLimitE4: z.int().min(0).meta({ description: 'Credit limit in 1/10 000 units' }),
  displayName: optionalText(),
  agentCdrAccess: z.enum(AGENT_CDR_ACCESS).meta({
    description:
      'TM-10 坐席通话记录: what agent tokens may read of their own calls (none, records, recordings)',
  }),
  logoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .meta({ description: 'TM-9 公司LOGO: the image the agent workspace shows' }),
  defaultLanguage: z
    .enum(UI_LANGUAGES)
    .meta({ description: 'TM-9 默认语言 of the agent workspace' }),
  description: optionalText(1000),
  outboundTargetType: z.enum(OUTBOUND_TARGET_TYPES).meta({
    description: 'TM-5: where calls no extension, account group or route trunk claims go',
  }),
  outboundTargetId: idSchema
    .nullable()
    .meta({ description: 'A trunk (the team’s or a system trunk) or a trunk group of the team' }),
  externalAgentTrunkType: z.enum(OUTBOUND_TARGET_TYPES).meta({
    description:
      'TM-13: what rings agents whose phone is an external number; none = the team’s outboundTarget',
  }),
  externalAgentTrunkId: idSchema.nullable().meta({
    description: 'A trunk (the team’s or a system trunk) or a trunk group of the team',
  }),
  defaultTrafficType: z.enum(INBOUND_DESTINATION_TYPES).nullable().meta({
    description:
      'TM-12: where a DID call matching no inbound route goes when the DID is unbound; null = nowhere',
  }),
  defaultTrafficTargetId: idSchema.nullable().meta({
    description: 'The object of defaultTrafficType in this team; null for end',
  }),
  eventUrl,
  rateRouting: z.boolean().meta({
    description:
      'Spec 03 §5.3 (c) 3–4: an outbound call goes over the trunk of the extension rate that ' +
      'prices it (routes still decide whether and how the number is dialled), and a number no ' +
      'enabled extension rate prices is refused with 403 No Rate For Number; false = routes pick',
  }),
});

/** A team as the API returns it. */
export const teamSchema = teamFields.extend({
  id: idSchema,
  uid: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  currentFeesE4: z.int().meta({
    description:
      '§1.11 current fees in 1/10 000 units: charges minus recharges; moved only by finance adjustments',
  }),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /teams: uid and name are required, the rest take the spec's defaults. */
export const createTeamSchema = teamSchema
  .omit({ id: true, currentFeesE4: true, createdAt: true, updatedAt: true, createdBy: true })
  .partial()
  .required({ uid: true, name: true })
  .extend({ verificationString: verificationString.optional() })
  .strict();

/** PATCH /teams/:id: the uid is fixed (registration names embed it). */
export const patchTeamSchema = teamFields.extend({ verificationString }).partial().strict();

/** GET /teams filters. */
export const listTeamsSchema = listQuerySchema(
  {
    uid: z.string().optional(),
    paymentMode: z.enum(PAYMENT_MODES).optional(),
    // Spec 01 §1.2's search panel (团队名称, 说明; descriptionContains is the useful one, D101).
    name: z.string().optional(),
    description: z.string().optional(),
  },
  ['id', 'uid', 'name', 'createdAt', 'updatedAt'],
);

type _TeamSchemaMatchesStore = Expect<Equal<z.output<typeof teamSchema>, ApiShape<Team>>>;
