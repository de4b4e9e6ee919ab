import { z } from 'zod';

/** Body of GET /health. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'draining']),
    version: z.string(),
    uptimeSec: z.number().int(),
  })
  .meta({ example: { status: 'ok', version: '0.1.0', uptimeSec: 42 } });
