import type { Clock } from '../../../core/index.ts';
import { z } from 'zod';
import { API_TOKEN_KINDS } from '../../../core/config-store/index.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';

const roleSchema = z.enum(['superadmin', 'teamAdmin', 'user']);

/** POST /auth/login. `team` is the team uid; omit it for a system account. */
export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256).meta({ writeOnly: true }),
  team: z.string().min(1).max(32).optional(),
});

/** Who a token belongs to. */
export const principalSchema = z.object({
  accountId: idSchema,
  username: z.string(),
  role: roleSchema,
  teamId: idSchema.nullable(),
});

/** Answer of a successful login: an opaque bearer token and its expiry. */
export const loginResultSchema = z.object({
  token: z.string().meta({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: timestampSchema,
  account: principalSchema,
});

/** GET /auth/me. */
export const meSchema = principalSchema.extend({
  tokenKind: z.enum(API_TOKEN_KINDS),
  /** AGT-8: present on an agent's token, which acts only for this agent. */
  agentId: idSchema.optional(),
});

/** POST /auth/agent-login (AGT-8): `team` is the team uid. */
export const agentLoginSchema = z.strictObject({
  team: z.string().min(1).max(32),
  agentNo: z.string().min(1).max(32),
  apiPassword: z.string().min(1).max(256).meta({ writeOnly: true }),
});

/** Answer of an agent login: a bearer token that acts only for that agent. */
export const agentLoginResultSchema = z.object({
  token: z.string().meta({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: timestampSchema,
  agent: z.object({ agentId: idSchema, agentNo: z.string(), teamId: idSchema }),
});

/** Settings of the auth routes. */
export interface AuthRouteOptions {
  clock: Clock;
  sessionTtlMs: number;
  loginAttemptsPerMinute: number;
}
