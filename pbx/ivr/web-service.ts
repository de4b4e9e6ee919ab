import { err, ok, silentLogger, type Clock, type Result } from '../../core/index.ts';
import { EgressPolicy, createEgressFetch } from '../../core/webhooks/index.ts';

/** The part of a fetch() Response the IVR reads. */
export interface IvrFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** What the IVR passes to fetch(). */
export interface IvrFetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/** A fetch()-like function; the global fetch fits it, tests pass a fake. */
export type IvrFetch = (url: string, init: IvrFetchInit) => Promise<IvrFetchResponse>;

/**
 * The default fetcher: the egress guard with an empty allow list (issue 7,
 * D47), so a flow cannot reach loopback, private or link-local hosts. The
 * switch passes its own guard, which carries `--webhook-allow` and logs.
 */
export const defaultIvrFetch: IvrFetch = createEgressFetch({
  policy: new EgressPolicy([]),
  logger: silentLogger(),
});

/** One web-service call of an IVR (IVR-4). */
export interface WebServiceRequest {
  readonly url: string;
  readonly httpMethod: 'GET' | 'POST';
  /** The variables sent, in order. */
  readonly params: ReadonlyArray<readonly [string, string]>;
  readonly timeoutMs: number;
  /** Aborts the call early, e.g. when the caller hangs up. */
  readonly signal?: AbortSignal | undefined;
}

/** Why a web-service call gave no value; every one is an IVR failure (IVR-5). */
export interface WebServiceError {
  readonly code:
    | 'ERR_IVR_WS_BAD_URL'
    | 'ERR_IVR_WS_TIMEOUT'
    | 'ERR_IVR_WS_ABORTED'
    | 'ERR_IVR_WS_NETWORK'
    | 'ERR_IVR_WS_HTTP_STATUS'
    | 'ERR_IVR_WS_EMPTY';
  readonly detail: string;
  readonly cause?: unknown;
}

/**
 * Calls a web service and returns the values of its answer, the first of
 * which selects the branch (IVR-4). The timeout runs on `clock` and aborts
 * the request through its AbortSignal; it also settles the call when a
 * fetcher ignores the signal, so an IVR never waits past apiCallTimeout.
 */
export async function callWebService(
  fetchFn: IvrFetch,
  clock: Clock,
  request: WebServiceRequest,
): Promise<Result<string[], WebServiceError>> {
  const built = buildRequest(request);
  if (!built.ok) return built;
  const controller = new AbortController();
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<WebServiceError>((resolve) => {
    timer = clock.setTimeout(() => {
      controller.abort();
      resolve({ code: 'ERR_IVR_WS_TIMEOUT', detail: `no answer in ${request.timeoutMs} ms` });
    }, request.timeoutMs);
    onAbort = () => {
      controller.abort();
      resolve({ code: 'ERR_IVR_WS_ABORTED', detail: 'aborted by the caller' });
    };
    if (request.signal?.aborted === true) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const answered = (async (): Promise<Result<string[], WebServiceError>> => {
    try {
      const response = await fetchFn(built.value.url, {
        ...built.value.init,
        signal: controller.signal,
      });
      const body = await response.text();
      if (!response.ok) {
        return err({ code: 'ERR_IVR_WS_HTTP_STATUS', detail: `HTTP ${response.status}` });
      }
      const values = parseWebServiceValues(body);
      if (values.length === 0) return err({ code: 'ERR_IVR_WS_EMPTY', detail: 'empty answer' });
      return ok(values);
    } catch (cause) {
      return err({ code: 'ERR_IVR_WS_NETWORK', detail: String(cause), cause });
    }
  })();
  try {
    return await Promise.race([answered, stopped.then((e) => err(e))]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    if (onAbort !== undefined) request.signal?.removeEventListener('abort', onAbort);
  }
}

function buildRequest(
  request: WebServiceRequest,
): Result<{ url: string; init: Omit<IvrFetchInit, 'signal'> }, WebServiceError> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (cause) {
    return err({ code: 'ERR_IVR_WS_BAD_URL', detail: request.url, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err({ code: 'ERR_IVR_WS_BAD_URL', detail: `unsupported scheme ${url.protocol}` });
  }
  const form = new URLSearchParams(request.params.map(([k, v]): [string, string] => [k, v]));
  if (request.httpMethod === 'GET') {
    for (const [k, v] of form) url.searchParams.append(k, v);
    return ok({ url: url.href, init: { method: 'GET' } });
  }
  return ok({
    url: url.href,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
  });
}

/**
 * The values of a web-service answer, in order: a JSON array's elements,
 * a JSON object's property values, a JSON scalar, or else plain text split
 * at line breaks, commas and bars (`1,Gold,EN` or `1|Gold`). Objects and
 * nulls inside JSON become empty strings so positions are kept.
 */
export function parseWebServiceValues(body: string): string[] {
  const text = body.trim();
  if (text === '') return [];
  const json = tryJson(text);
  if (json !== undefined) {
    const items = Array.isArray(json)
      ? (json as unknown[])
      : typeof json === 'object' && json !== null
        ? Object.values(json)
        : [json];
    return items.map(scalarText);
  }
  return text.split(/\r?\n|,|\|/).map((v) => v.trim());
}

function tryJson(text: string): unknown {
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
