import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { SwitchyardError } from '../../core/index.ts';

/** The error body of every 4xx/5xx the admin API sends (STYLE §4.6). */
export interface ApiErrorBody {
  code: string;
  message: string;
  issues: Array<{ field: string; message: string }>;
}

const STATUS_BY_CODE: Record<string, number> = {
  ERR_NOT_FOUND: 404,
  ERR_VALIDATION: 400,
  ERR_QUOTA_EXCEEDED: 409,
  ERR_INVALID_STATE: 409,
};

/**
 * Maps every thrown error to `{ code, message, issues[] }`: schema failures
 * become 400 naming each field, our SwitchyardErrors keep their code, and
 * anything unexpected is a 500 whose details stay in the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)]
          .filter(Boolean)
          .join('.'),
        message: v.message ?? 'invalid',
      }));
      const first = issues[0];
      const body: ApiErrorBody = {
        code: 'ERR_VALIDATION',
        message: first ? `${first.field}: ${first.message}` : 'invalid request',
        issues,
      };
      return reply.code(400).send(body);
    }
    if (error instanceof SwitchyardError) {
      const status =
        STATUS_BY_CODE[error.code] ?? (error.code.startsWith('ERR_CONFLICT') ? 409 : 400);
      const field = (error as { field?: unknown }).field;
      const body: ApiErrorBody = {
        code: error.code,
        message: error.message,
        issues: typeof field === 'string' ? [{ field, message: error.message }] : [],
      };
      return reply.code(status).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const body: ApiErrorBody = {
      code: error.code ?? (status >= 500 ? 'ERR_INTERNAL' : 'ERR_BAD_REQUEST'),
      message: status >= 500 ? 'internal error' : error.message,
      issues: [],
    };
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiErrorBody = {
      code: 'ERR_NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      issues: [],
    };
    return reply.code(404).send(body);
  });
}
