import { z } from 'zod';

/** Query of GET /sip/rejects. */
export const rejectsQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

/** One dropped or rejected SIP message. */
export const rejectSchema = z
  .object({
    time: z.string().meta({ description: 'ISO 8601 time it arrived' }),
    source: z.string().meta({ description: 'transport:address:port' }),
    reason: z.string().meta({ description: 'Error code or policy that dropped it' }),
    firstBytes: z.string().meta({ description: 'Its first 80 bytes, escaped' }),
  })
  .meta({
    example: {
      time: '2026-11-25T17:00:00.000Z',
      source: 'udp:198.51.100.7:5060',
      reason: 'auth-bad-response',
      firstBytes:
        'REGISTER sip:demo.local SIP/2.0\\r\\nVia: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK1',
    },
  });

/** Body of GET /sip/rejects. */
export const rejectsSchema = z.object({ items: z.array(rejectSchema) });

/** Body of GET /sip/bans. */
export const bansSchema = z.object({
  items: z.array(z.object({ ip: z.string(), remainingSec: z.number().int() })),
});
