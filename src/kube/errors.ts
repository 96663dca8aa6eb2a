// API errors as client-node reports them (ApiException with the HTTP code and the raw Status text as `.body`),
// plus the parsed Status and predicates for the cases controllers branch on.
import { ApiException } from '@kubernetes/client-node';

/** metav1.Status, the body of every API error. */
export interface Status {
  kind?: 'Status';
  apiVersion?: 'v1';
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { type?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

export class KubeApiError extends ApiException<string> {
  /** The Status the server sent, when the body was one. */
  readonly status: Status | undefined;
  /** Status.reason (NotFound, Conflict, AlreadyExists, Expired, Forbidden, Invalid...) or the HTTP status text. */
  readonly reason: string;

  constructor(code: number, body: string, headers: Record<string, string>, what: string) {
    super(code, 'API error', body, headers);
    let status: Status | undefined;
    try {
      const parsed = JSON.parse(body) as Status;
      if (parsed && parsed.kind === 'Status') status = parsed;
    } catch {
      // not JSON: keep the text
    }
    this.status = status;
    this.reason = status?.reason ?? `HTTP${code}`;
    this.name = 'KubeApiError';
    const detail = status?.message ?? (body.trim().slice(0, 200) || 'no response body');
    this.message = `${what}: ${code} ${this.reason}: ${detail}`;
  }
}

function codeOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

export const isNotFound = (err: unknown): boolean => codeOf(err) === 404;
/** 409 for a stale resourceVersion (reason Conflict) or an existing name (reason AlreadyExists). */
export const isConflict = (err: unknown): boolean => codeOf(err) === 409;
export const isAlreadyExists = (err: unknown): boolean => codeOf(err) === 409 && (err as KubeApiError).reason === 'AlreadyExists';
/** 410: the resourceVersion asked for has been compacted away. */
export const isGone = (err: unknown): boolean => codeOf(err) === 410;
export const isForbidden = (err: unknown): boolean => codeOf(err) === 403;
export const isInvalid = (err: unknown): boolean => codeOf(err) === 422;
export { codeOf as httpCodeOf };
