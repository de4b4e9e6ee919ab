import { z } from 'zod';
import { AGENT_WRAP_UP_CHOICES } from '../../../core/config-store/index.ts';
import type { AgentSession } from '../../../core/index.ts';
import type { Expect } from '../shared/api-shape.ts';
import { idSchema } from '../shared/api-shape.ts';

/** GRP-4 work modes of a session (the group's `selfSelect` resolved). */
const WORK_MODES = ['inbound', 'outbound', 'all'] as const;
/** What a signed-in agent is doing (core/ports AgentActivity). */
const ACTIVITIES = ['idle', 'ringing', 'busy', 'wrapUp', 'paused'] as const;

/** A signed-in agent (spec §1.5 签入) as the API returns it. */
export const agentSessionSchema = z
  .object({
    agentId: idSchema,
    teamId: idSchema,
    agentNo: z.string(),
    phone: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('extension'), number: z.string() }),
      z.object({ kind: z.literal('external'), number: z.string() }),
    ]),
    workMode: z.enum(WORK_MODES),
    activity: z.enum(ACTIVITIES),
    pauseReason: z.string().optional(),
    groupIds: z.array(idSchema),
    since: z.int().meta({ description: 'Epoch ms of the sign-in' }),
  })
  .meta({
    example: {
      agentId: 95,
      teamId: 1,
      agentNo: '8001',
      phone: { kind: 'extension', number: '2001' },
      workMode: 'all',
      activity: 'idle',
      groupIds: [3],
      since: 1_767_225_600_000,
    },
  });

/** POST /agents/:id/sign-in. */
export const signInSchema = z
  .strictObject({
    phone: z
      .string()
      .regex(/^\+?[0-9*#]{1,32}$/, 'a dialable number')
      .optional()
      .meta({ description: 'AGT-2: honoured for selfSelect, and for adaptive when no match' }),
    groupIds: z
      .array(idSchema)
      .max(1000)
      .optional()
      .meta({ description: 'GRP-2: groups to join as a dynamic member; default all' }),
    workMode: z
      .enum(WORK_MODES)
      .optional()
      .meta({ description: 'GRP-4: used where the group leaves it to the agent; default all' }),
    wrapUp: z
      .enum(AGENT_WRAP_UP_CHOICES)
      .optional()
      .meta({ description: 'GRP-6 自选: which wrap-up the agent takes; default afterAnswered' }),
  })
  .meta({ example: { phone: '2001', workMode: 'inbound' } });

/** POST /agents/:id/pause. */
export const pauseSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(64) })
  .meta({ example: { reason: 'lunch' } });

/** GET /agent-sessions filters. */
export const listAgentSessionsSchema = z.strictObject({
  teamId: z.coerce.number().int().positive().optional(),
  groupId: z.coerce.number().int().positive().optional(),
  activity: z.enum(ACTIVITIES).optional(),
});

/** GET /agent-sessions. */
export const agentSessionListSchema = z.object({ items: z.array(agentSessionSchema) });

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type ApiSession = z.output<typeof agentSessionSchema>;
type PortSession = Mutable<AgentSession>;
/** The schema and the port (core/ports AgentSession) describe the same object. */
type _SessionSchemaMatchesPort = Expect<
  [ApiSession, PortSession] extends [PortSession, ApiSession] ? true : false
>;
