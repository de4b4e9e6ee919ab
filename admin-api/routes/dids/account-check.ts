import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idSchema } from '../shared/api-shape.ts';
import { apiWarningSchema, type ApiWarning } from '../shared/warnings.ts';

/** The code of the DID-4 warning. */
export const DID_ACCOUNT_HAS_DID = 'DID_ACCOUNT_HAS_DID';

/**
 * DID-4: one warning per other DID already bound to the account that owns
 * `extensionId` ("该账户已经与DID号码(…)绑定(仍然继续?)"); none when the
 * account has no other ("此账户未使用"). `exceptDidId` is the DID being saved.
 */
export function didAccountWarnings(
  store: ConfigStore,
  extensionId: number,
  exceptDidId?: number,
): ApiWarning[] {
  return store.dids.boundToAccountOf(extensionId, exceptDidId).map((did) => ({
    code: DID_ACCOUNT_HAS_DID,
    message: `the account of this extension is already bound to DID ${did.number}; saved anyway (DID-4)`,
    did: did.number,
    didId: did.id,
  }));
}

const querySchema = z.strictObject({
  extensionId: z.coerce.number().int().positive().meta({ description: 'The extension to bind' }),
  didId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'The DID being edited, left out of the answer' }),
});

const answerSchema = z.object({
  accountId: idSchema.nullable().meta({ description: 'The account owning the extension' }),
  isAccountFree: z.boolean().meta({ description: 'DID-4 此账户未使用: no other DID is bound' }),
  warnings: z.array(apiWarningSchema),
});

/**
 * GET /dids/account-check: the DID-4 question a UI asks before saving a
 * binding, with the same warnings the save would return. Read-only.
 */
export function registerDidAccountCheckRoute(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/dids/account-check',
    {
      schema: {
        summary: 'DID-4: does the account of an extension already have a DID?',
        tags: ['dids'],
        querystring: querySchema,
        response: { 200: answerSchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { extensionId, didId } = request.query as z.output<typeof querySchema>;
      const extension = store.extensions.find(extensionId);
      if (
        extension === undefined ||
        (auth.role !== 'superadmin' && extension.teamId !== auth.teamId)
      ) {
        throw new NotFoundError('extension', extensionId);
      }
      const warnings = didAccountWarnings(store, extensionId, didId);
      return { accountId: extension.accountId, isAccountFree: warnings.length === 0, warnings };
    },
  );
}
