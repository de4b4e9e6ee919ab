import { z } from 'zod';

/**
 * A warning on a write that succeeded anyway (DID-4 "confirm to
 * continue"). It travels in the JSON body, not in a `Warning` header:
 * RFC 9111 §5.5 obsoletes that header, and a body field is in the OpenAPI
 * document where a client's generated types see it.
 */
export const apiWarningSchema = z.object({
  code: z.string().meta({ description: 'Stable code, e.g. DID_ACCOUNT_HAS_DID' }),
  message: z.string(),
  did: z.string().optional().meta({ description: 'The other DID, for DID_ACCOUNT_HAS_DID' }),
  didId: z.int().positive().optional(),
});

/** One warning of a write. */
export type ApiWarning = z.output<typeof apiWarningSchema>;

/** `schema` with an optional `warnings` array, for write responses. */
export function withWarningsSchema(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) {
    throw new TypeError('warnings need an object entity schema');
  }
  return schema.extend({
    warnings: z
      .array(apiWarningSchema)
      .optional()
      .meta({ description: 'Present when the write succeeded with warnings' }),
  });
}

/** `body` with `warnings` added when there are any. */
export function withWarnings<T extends object>(
  body: T,
  warnings: readonly ApiWarning[],
): T & { warnings?: ApiWarning[] } {
  return warnings.length === 0 ? body : { ...body, warnings: [...warnings] };
}
