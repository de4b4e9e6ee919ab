import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ConflictError, NotFoundError, SwitchyardError } from '../../core/index.ts';
import { ApiError } from './api-errors.ts';

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

function statusOf(error: SwitchyardError): number {
  if (error instanceof ApiError) return error.statusCode;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return STATUS_BY_CODE[error.code] ?? (error.code.startsWith('ERR_CONFLICT') ? 409 : 400);
}

interface ValidationEntry {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * One issue per bad field. zod reports unknown keys of a strict object as a
 * single issue on the parent, so those are split to name each key.
 */
function issuesOf(context: string | undefined, entries: ValidationEntry[]): ApiErrorBody['issues'] {
  return entries.flatMap((v) => {
    const path = [context, ...String(v.instancePath).split('/').filter(Boolean)].filter(Boolean);
    const keys = v.params?.['keys'];
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        field: [...path, String(key)].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ field: path.join('.'), message: v.message ?? 'invalid' }];
  });
}

/**
 * Maps every thrown error to `{ code, message, issues[] }`: schema failures
 * become 400 naming each field, our SwitchyardErrors keep their code, and
 * anything unexpected is a 500 whose details stay in the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = issuesOf(
        error.validationContext,
        error.validation as unknown as ValidationEntry[],
      );
      const first = issues[0];
      const body: ApiErrorBody = {
        code: 'ERR_VALIDATION',
        message: first ? `${first.field}: ${first.message}` : 'invalid request',
        issues,
      };
      return reply.code(400).send(body);
    }
    if (error instanceof SwitchyardError) {
      if (error instanceof ApiError) reply.headers(error.headers);
      const field = (error as { field?: unknown }).field;
      const body: ApiErrorBody = {
        code: error.code,
        message: error.message,
        issues: typeof field === 'string' ? [{ field, message: error.message }] : [],
      };
      return reply.code(statusOf(error)).send(body);
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
