import { z } from 'zod';
import { AGENT_EXTENSION_MODES, STATUSES } from '../../../core/config-store/index.ts';
import type { Agent } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** AGT-1: digits only, since callers hear it read out. */
const agentNo = z.string().regex(/^[0-9]{1,20}$/, 'digits (AGT-1)');

/** Fields an admin may change (spec §1.5). */
const agentFields = z.object({
  agentNo,
  targetNumber: z
    .string()
    .regex(/^\+?[0-9*#]{1,32}$/, 'a dialable number')
    .nullable()
    .meta({ description: 'The agent phone: an internal or external number (AGT-2)' }),
  extensionMode: z.enum(AGENT_EXTENSION_MODES),
  status: z.enum(STATUSES),
  callerNumber: optionalText(32),
  callerName: optionalText(64),
  ignoreExtForwarding: z.boolean(),
  remark: optionalText(1000),
});

/** The sign-in password (spec §1.5): write-only, stored as scrypt. */
const password = z.string().min(4).max(256).meta({ writeOnly: true });

/** AGT-8 业务应用密码: write-only, stored as scrypt; null removes it. */
const apiPassword = z
  .string()
  .min(8)
  .max(256)
  .meta({ writeOnly: true, description: 'AGT-8: the password of POST /auth/agent-login' });

/** An agent as the API returns it: never the password or its hash. */
export const agentSchema = agentFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    accountId: idSchema,
    inboundFeesE4: z.int().meta({
      description: 'AGT-9 呼入费用 in 1/10 000 units: agent inbound rate credits (read-only)',
    }),
    outboundFeesE4: z.int().meta({
      description: 'AGT-9 呼出费用 in 1/10 000 units: charges of calls from the agent’s phone',
    }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 95,
      teamId: 1,
      accountId: 12,
      agentNo: '8001',
      targetNumber: '2001',
      extensionMode: 'fixed',
      status: 'enabled',
      callerNumber: null,
      callerName: null,
      ignoreExtForwarding: false,
      inboundFeesE4: 0,
      outboundFeesE4: 0,
      remark: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /agents; the owning account is required and then fixed. */
export const createAgentSchema = agentFields
  .partial()
  .required({ agentNo: true })
  .extend({
    teamId: idSchema.optional(),
    accountId: idSchema,
    password,
    apiPassword: apiPassword.optional(),
  })
  .strict()
  .meta({
    example: { agentNo: '8001', accountId: 12, password: '4711-secret', targetNumber: '2001' },
  });

/** PATCH /agents/:id; a new password replaces the hash. */
export const patchAgentSchema = agentFields
  .extend({ password, apiPassword: apiPassword.nullable() })
  .partial()
  .strict()
  .meta({ example: { status: 'disabled' } });

/** GET /agents filters. */
export const listAgentsSchema = listQuerySchema(
  {
    accountId: z.coerce.number().int().positive().optional(),
    agentNo: z.string().optional(),
    status: z.enum(STATUSES).optional(),
    extensionMode: z.enum(AGENT_EXTENSION_MODES).optional(),
    // Spec 01 §1.5's search panel.
    callerName: z.string().optional(),
    targetNumber: z.string().optional(),
  },
  ['id', 'agentNo', 'createdAt', 'updatedAt'],
);

type _AgentSchemaMatchesStore = Expect<Equal<z.output<typeof agentSchema>, ApiShape<Agent>>>;
