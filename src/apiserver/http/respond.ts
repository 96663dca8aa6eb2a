// Writing answers. Every body is JSON with `Content-Type: application/json` unless a caller needs another type
// (aggregated discovery, openapi v2); errors are metav1 Status objects.
import type { ServerResponse } from 'node:http';
import { ApiError, internalError } from '../errors.ts';

export function sendText(res: ServerResponse, code: number, body: string, contentType = 'application/json'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, contentType?: string): void {
  sendText(res, code, JSON.stringify(value), contentType);
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = toApiError(err);
  sendJson(res, e.code, e.status);
}

/** A `Status` answering success, as kube returns for an immediate delete. */
export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
