import { z } from 'zod';
import { AGENT_LEDGER_TYPES } from '../../../core/config-store/index.ts';
import type { AgentLedgerEntry } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

/** One agent ledger row (spec 03 §7.1 `AgentLedgerEntry`); rows are immutable. */
export const agentLedgerEntrySchema = z
  .object({
    id: idSchema,
    teamId: idSchema,
    agentId: idSchema.nullable().meta({ description: 'null once the agent was deleted' }),
    agentNo: z.string(),
    agentGroupId: idSchema.nullable(),
    type: z
      .enum(AGENT_LEDGER_TYPES)
      .meta({ description: 'add 增加 raises the balance · pay 支付 lowers it' }),
    amountE4: z.int().meta({ description: '金额 in 1/10 000 units' }),
    balanceAfterE4: z.int().meta({ description: '余额: the agent’s balance after this row' }),
    remark: z.string().nullable(),
    payMonth: z
      .string()
      .nullable()
      .meta({ description: '支付月份 YYYY-MM; null (0000-00) on credits' }),
    callId: z.string().nullable().meta({ description: 'The call an automatic 5.4 credit is for' }),
    createdAt: timestampSchema,
  })
  .meta({
    example: {
      id: 7,
      teamId: 1,
      agentId: 3,
      agentNo: '8001',
      agentGroupId: 2,
      type: 'add',
      amountE4: 60_000,
      balanceAfterE4: 73_370_000,
      remark: null,
      payMonth: null,
      callId: 'a84b4c76e66710',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  });

/** POST /agent-ledger: a manual entry or a payment (§7.1 账务调整, §1.5 支付). */
export const createAgentLedgerEntrySchema = z
  .strictObject({
    agentId: idSchema,
    type: z.enum(AGENT_LEDGER_TYPES),
    amountE4: z.int().min(1).max(1_000_000_000_000_000),
    agentGroupId: idSchema.optional(),
    remark: optionalText(1000).optional(),
    payMonth: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
      .optional(),
  })
  .meta({ example: { agentId: 3, type: 'pay', amountE4: 8_140_000, payMonth: '2026-10' } });

/** GET /agent-ledger: newest first, keyset cursor. */
export const listAgentLedgerSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  teamId: z.coerce.number().int().positive().optional(),
  agentId: z.coerce.number().int().positive().optional(),
  type: z.enum(AGENT_LEDGER_TYPES).optional(),
});

type _AgentLedgerSchemaMatchesStore = Expect<
  Equal<z.output<typeof agentLedgerEntrySchema>, ApiShape<AgentLedgerEntry>>
>;
