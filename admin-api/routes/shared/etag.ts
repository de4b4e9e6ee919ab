import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { PreconditionFailedError } from '../../plugins/api-errors.ts';

/**
 * A strong ETag of an object as the API shows it: id, updatedAt and the
 * representation itself, so that two changes within the same millisecond
 * still get different tags.
 */
export function etagOf(id: number, updatedAt: Date, representation: unknown): string {
  const digest = createHash('sha256')
    .update(`${id}:${updatedAt.getTime()}:${JSON.stringify(representation)}`)
    .digest('base64url')
    .slice(0, 27);
  return `"${digest}"`;
}

/**
 * Enforces If-Match (RFC 9110 §13.1.1) when the client sent one: `*` or a
 * list containing the current tag passes, anything else is 412. Weak tags
 * never match, as the RFC's strong comparison requires. Without the header
 * the write is unconditional; we chose not to demand it (428) so that
 * scripts stay simple, and clients that care about lost updates send it.
 */
export function assertIfMatch(
  request: FastifyRequest,
  currentEtag: string,
  what: string,
  id: number,
): void {
  const header = request.headers['if-match'];
  if (header === undefined) return;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.includes(currentEtag)) return;
  throw new PreconditionFailedError(what, id);
}
