import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import { templateProtocolOf } from '../../../core/config-store/index.ts';
import type { ConfigStore, TemplateProtocol } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { bulkResultSchema } from './schema.ts';

/** The body fields of the quick edit, per protocol (spec 01 §1.10 `模板 sip: / iax2: / dahdi:`). */
const FIELD_BY_PROTOCOL: Partial<
  Record<TemplateProtocol, 'templateSip' | 'templateIax2' | 'templateDahdi'>
> = {
  sip: 'templateSip',
  iax2: 'templateIax2',
  dahdi: 'templateDahdi',
};

/** POST /extensions/templates body. */
export const extensionTemplateBatchSchema = z
  .strictObject({
    extensionIds: z.array(idSchema).min(1).max(10_000),
    templateSip: idSchema
      .optional()
      .meta({ description: 'For the selected SIP (and external) ones' }),
    templateIax2: idSchema.optional().meta({ description: 'For the selected IAX2 ones' }),
    templateDahdi: idSchema.optional().meta({ description: 'For the selected DAHDI ones' }),
  })
  .refine((b) => b.templateSip ?? b.templateIax2 ?? b.templateDahdi, {
    path: ['templateSip'],
    message: 'give at least one of templateSip, templateIax2, templateDahdi',
  });

/**
 * The quick-edit row `templateSip/templateIax2/templateDahdi` (spec 01
 * §1.10, QE-2): each selected extension takes the template given for its
 * protocol; the others are left alone. One transaction: all or none.
 */
export function registerExtensionTemplateBatchRoute(
  app: FastifyInstance,
  store: ConfigStore,
): void {
  app.post(
    '/extensions/templates',
    {
      schema: {
        summary: 'Set the device template of selected extensions, per protocol (EXT-16)',
        tags: ['extensions'],
        body: extensionTemplateBatchSchema,
        response: { 200: bulkResultSchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const body = request.body as z.output<typeof extensionTemplateBatchSchema>;
      return store.transaction(() => {
        const ids: number[] = [];
        const teams = new Set<number>();
        for (const id of new Set(body.extensionIds)) {
          const extension = store.extensions.find(id);
          if (
            extension === undefined ||
            (auth.role !== 'superadmin' && extension.teamId !== auth.teamId)
          ) {
            throw new NotFoundError('extension', id);
          }
          const field = FIELD_BY_PROTOCOL[templateProtocolOf(extension.deviceType)];
          const templateId = field === undefined ? undefined : body[field];
          if (field === undefined || templateId === undefined) continue;
          try {
            store.extensions.update(id, { templateId });
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            const renamed = new ValidationError(field, error.message);
            renamed.cause = error;
            throw renamed;
          }
          ids.push(id);
          teams.add(extension.teamId);
        }
        // The team's admins see the row when one team's extensions changed.
        const teamId = teams.size === 1 ? [...teams][0]! : null;
        audit(store, request, {
          action: 'update',
          resource: 'extensions',
          objectId: null,
          teamId,
          detail: { templates: body, count: ids.length },
        });
        return { count: ids.length, ids };
      });
    },
  );
}
