import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { NotFoundError } from '../../../core/index.ts';
import type { ExtensionRegistrationsView } from '../../admin-api-deps.ts';
import { requireRole } from '../../plugins/auth.ts';
import { qualifyDisplay } from '../qualify-display.ts';

const paramsSchema = z.object({ id: z.coerce.number().int().positive() }).strict();

const contactSchema = z.object({
  contact: z.string().meta({
    description: 'The Contact URI the phone registered, or the one its fixed address makes',
  }),
  fixed: z.boolean().meta({
    description:
      'The extension’s fixed address (`host=<IP>` in its effective config): rung without registering',
  }),
  transport: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss']),
  source: z.string().meta({
    description: 'Where the REGISTER came from (address:port); for a fixed address, that address',
  }),
  behindNat: z.boolean(),
  userAgent: z.string(),
  registeredAt: z.string().nullable().meta({ description: 'Null for a fixed address' }),
  expiresAt: z.string().nullable().meta({ description: 'Null for a fixed address' }),
  qualify: z.enum(['off', 'unknown', 'ok', 'lagged', 'unreachable']).meta({
    description:
      'off: the extension is not qualified (no qualify in its effective config); unknown: ' +
      'registered, not asked yet; unreachable: no answer to OPTIONS, so calls skip this contact',
  }),
  rttMs: z.number().nullable().meta({ description: 'Round trip of the last answered OPTIONS' }),
  checkedAt: z.string().nullable().meta({ description: 'Time the last OPTIONS check ended' }),
  display: z.string().meta({ description: 'As `sip show peers` prints it, e.g. OK (7 ms)' }),
});

/** The registered contacts of an extension with their qualify state (D86). */
export const extensionRegistrationsSchema = z
  .object({
    extensionId: z.number().int(),
    number: z.string(),
    contacts: z.array(contactSchema),
  })
  .meta({
    example: {
      extensionId: 12,
      number: '1001',
      contacts: [
        {
          contact: 'sip:1001@192.168.1.20:5062',
          fixed: false,
          transport: 'udp',
          source: '203.0.113.7:40312',
          behindNat: true,
          userAgent: 'Yealink SIP-T46S 66.86.0.15',
          registeredAt: '2026-11-27T09:00:00.000Z',
          expiresAt: '2026-11-27T10:00:00.000Z',
          qualify: 'ok',
          rttMs: 7,
          checkedAt: '2026-11-27T09:30:00.000Z',
          display: 'OK (7 ms)',
        },
      ],
    },
  });

/**
 * GET /extensions/:id/registrations: where an extension's phones are
 * registered and whether they answer OPTIONS (T-2 qualify, D86), as
 * Asterisk's `sip show peer` shows. An extension of another team is 404.
 */
export function registerExtensionRegistrationsRoute(
  app: FastifyInstance,
  store: ConfigStore,
  registrations: ExtensionRegistrationsView,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/extensions/:id/registrations',
    {
      schema: {
        summary: 'Registered contacts of an extension, with their qualify state',
        description:
          'Extensions whose effective config has `qualify=yes` (the default device template) or ' +
          'a number of ms get OPTIONS every `qualifyfreq` seconds (60 by default), first one ' +
          'interval after registering; a contact that does not answer within twice the qualify ' +
          'time is unreachable, and calls skip it until it answers again (D86). An extension ' +
          'with a fixed address (`host=<IP>`) lists it last, `fixed: true`, asked from when ' +
          'the config names it (D95).',
        tags: ['extensions'],
        params: paramsSchema,
        response: { 200: extensionRegistrationsSchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      const extension = store.extensions.find(id);
      if (
        extension === undefined ||
        (auth.role !== 'superadmin' && extension.teamId !== auth.teamId)
      ) {
        throw new NotFoundError('extension', id);
      }
      const iso = (ms: number | undefined) =>
        ms === undefined ? null : new Date(ms).toISOString();
      const contacts = registrations
        .contacts(extension.teamId, extension.internalNumber)
        .map((c) => {
          const state = c.qualify?.state ?? ('off' as const);
          const rttMs = c.qualify?.rttMs;
          return {
            contact: c.contactUri,
            fixed: c.isFixed,
            transport: c.protocol,
            source: `${c.sourceAddress}:${c.sourcePort}`,
            behindNat: c.isBehindNat,
            userAgent: c.userAgent,
            registeredAt: c.isFixed ? null : iso(c.registeredAtMs),
            expiresAt: c.isFixed ? null : iso(c.expiresAtMs),
            qualify: state,
            rttMs: rttMs ?? null,
            checkedAt: iso(c.qualify?.checkedAt),
            display: qualifyDisplay(state, rttMs),
          };
        });
      return { extensionId: id, number: extension.internalNumber, contacts };
    },
  );
}
