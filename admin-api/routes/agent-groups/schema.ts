import { z } from 'zod';
import {
  AGENT_WORK_MODES,
  CONSULT_SCOPES,
  MEDIA_ACCESS_MODES,
  MEMBERSHIP_TYPES,
  OUTBOUND_ATTRIBUTES,
  WRAP_UP_MODES,
} from '../../../core/config-store/index.ts';
import type { AgentGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema, queryFlag } from '../shared/list-query.ts';

/** A member as the API returns it (spec §1.6 `AgentGroupMember`). */
export const memberSchema = z.object({
  agentId: idSchema,
  priority: z.int().min(0).max(1000).meta({ description: 'GRP-3; default 20' }),
  isGroupAdmin: z.boolean(),
  membershipType: z.enum(MEMBERSHIP_TYPES).meta({ description: 'GRP-2; default static' }),
  workMode: z
    .enum(AGENT_WORK_MODES)
    .nullable()
    .meta({ description: "GRP-4: overrides the group's work mode; null takes it" }),
  outboundAttribute: z.enum(OUTBOUND_ATTRIBUTES).nullable().meta({
    description: "GRP-5 外呼属性: overrides the group's outboundAttribute; null takes it",
  }),
  canDeleteErrorCallData: z.boolean().meta({
    description:
      'GRP-14 错误通话数据处理: the agent may clear its own stuck call data (DELETE /agents/:id/stale-call); default false',
  }),
});

/** A member in a request; unset fields take the spec's defaults. */
const memberInputSchema = memberSchema.partial().required({ agentId: true }).strict();

/** Fields an admin may change (spec §1.6). */
const groupFields = z.object({
  name: z.string().trim().min(1).max(100),
  queueId: idSchema.nullable().meta({ description: 'The queue offering calls (GRP-1)' }),
  workMode: z.enum(AGENT_WORK_MODES),
  outboundAttribute: z.enum(OUTBOUND_ATTRIBUTES),
  allowExternalTransfer: z.boolean(),
  consultScope: z.enum(CONSULT_SCOPES).meta({
    description: 'GRP-9 咨询坐席范围: group = only agents of the same group may be consulted',
  }),
  wrapUpMode: z.enum(WRAP_UP_MODES),
  wrapUpAutoEndSec: z.int().min(0).max(86_400).meta({ description: '0: the agent ends wrap-up' }),
  mediaAccess: z.enum(MEDIA_ACCESS_MODES).meta({
    description:
      'GRP-11 媒体接入属性: idleAndMedia (default) offers chat media sessions only to agents idle or already on media; unlimited always. Stored for the chat channel, which Switchyard does not carry yet.',
  }),
  autoPauseOnNoAnswer: z.boolean(),
  showQueueInfo: z.boolean(),
  autoAnswerQueue: z.boolean(),
  autoAnswerPredictive: z.boolean(),
  autoAnswerClickToDial: z.boolean(),
  workLink: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .meta({ description: 'GRP-13 工作链接: the page the agent workspace embeds' }),
  sendLoginInfo: z.boolean().meta({ description: 'GRP-13 发送登录信息' }),
  defaultShowInboundCenter: z.boolean().meta({ description: 'GRP-13 默认显示呼入中心' }),
  description: optionalText(1000),
});

const members = z
  .array(memberInputSchema)
  .max(1000)
  .meta({ description: 'Replaces the whole list; agents of the team, each once.' });

/** An agent group as the API returns it. */
export const agentGroupSchema = groupFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    members: z.array(memberSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 3,
      teamId: 1,
      name: 'First line',
      queueId: 7,
      workMode: 'selfSelect',
      outboundAttribute: 'unrestricted',
      allowExternalTransfer: true,
      consultScope: 'group',
      wrapUpMode: 'off',
      wrapUpAutoEndSec: 0,
      mediaAccess: 'idleAndMedia',
      autoPauseOnNoAnswer: false,
      showQueueInfo: false,
      autoAnswerQueue: false,
      autoAnswerPredictive: false,
      autoAnswerClickToDial: true,
      workLink: null,
      sendLoginInfo: false,
      defaultShowInboundCenter: false,
      description: null,
      members: [
        {
          agentId: 95,
          priority: 20,
          isGroupAdmin: false,
          membershipType: 'static',
          workMode: null,
          outboundAttribute: null,
          canDeleteErrorCallData: false,
        },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /agent-groups. */
export const createAgentGroupSchema = groupFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional(), members: members.optional() })
  .strict()
  .meta({ example: { name: 'First line', queueId: 7, members: [{ agentId: 95 }] } });

/** PATCH /agent-groups/:id; the team is fixed. */
export const patchAgentGroupSchema = groupFields
  .extend({ members })
  .partial()
  .strict()
  .meta({ example: { wrapUpMode: 'afterAnswered', wrapUpAutoEndSec: 10 } });

/** GET /agents/:id/agent-groups: the agent's memberships (§1.5 查看坐席组). */
export const agentMembershipsSchema = z.object({
  items: z.array(
    memberSchema.extend({
      groupId: idSchema,
      groupName: z.string(),
      queueId: idSchema.nullable(),
    }),
  ),
});

/** GET /agent-groups filters. */
export const listAgentGroupsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    queueId: z.coerce.number().int().positive().optional(),
    workMode: z.enum(AGENT_WORK_MODES).optional(),
    wrapUpMode: z.enum(WRAP_UP_MODES).optional(),
    // Spec 01 §1.6's search panel.
    allowExternalTransfer: queryFlag(),
    defaultShowInboundCenter: queryFlag(),
    description: z.string().optional(),
    workLink: z.string().optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _AgentGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof agentGroupSchema>, ApiShape<AgentGroup>>
>;
