import { z } from 'zod';
import { RATING_MAX_SCORE, RATING_MIN_SCORE } from '../../../core/config-store/index.ts';
import type { SatisfactionRating } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

const score = z.int().min(RATING_MIN_SCORE).max(RATING_MAX_SCORE);

/** One rating record (spec 03 §6.11 `SatisfactionRating`). */
export const ratingSchema = z
  .object({
    id: idSchema,
    teamId: idSchema,
    queueId: idSchema.nullable().meta({ description: 'The queue, as it was; it may be gone' }),
    queueNumber: z.string().nullable(),
    callId: z.string().meta({ description: 'The call id, as in the CDR (查看)' }),
    memberKey: z.string().meta({ description: 'agent:<id> or ext:<id>: who took the call' }),
    agentId: idSchema.nullable().meta({ description: 'Null when an extension took the call' }),
    agentNo: z.string().nullable().meta({ description: '坐席工号' }),
    customerNumber: z.string().meta({ description: '客户号码' }),
    score: score.meta({ description: '分数: the DTMF key 1-9 (Q-17)' }),
    createdAt: timestampSchema,
  })
  .meta({
    example: {
      id: 12,
      teamId: 1,
      queueId: 7,
      queueNumber: '700',
      callId: 'b7c0d2a4-1f9e-4c1d-9b1e-0f0c3a7e5d21',
      memberKey: 'agent:3',
      agentId: 3,
      agentNo: '2000',
      customerNumber: '13800138000',
      score: 5,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  });

/** GET /ratings: newest first, keyset cursor, the spec's filters (§6.11 (d)). */
export const listRatingsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  teamId: z.coerce.number().int().positive().optional(),
  agentNo: z
    .string()
    .regex(/^([0-9]{1,32}|none)$/, 'digits, or none')
    .optional()
    .meta({ description: '坐席工号, exact; `none` for calls an extension took (空值)' }),
  customerNumber: z.string().max(64).optional().meta({ description: '客户号码, exact' }),
  score: z.coerce.number().pipe(score).optional(),
  queueId: z.coerce.number().int().positive().optional(),
  since: z.iso.datetime().optional().meta({ description: '创建时间 from, inclusive' }),
  until: z.iso.datetime().optional().meta({ description: '创建时间 to, inclusive' }),
});

type _RatingSchemaMatchesStore = Expect<
  Equal<z.output<typeof ratingSchema>, ApiShape<SatisfactionRating>>
>;
