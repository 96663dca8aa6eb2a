// AdmissionReview v1 shapes and the answers OCM's webhooks give: allowed (optionally with a JSONPatch) or denied
// with a Status whose code, reason and message the API server passes on to the client.
import type { UserInfo } from '../registration/resources.ts';

export interface AdmissionRequest {
  uid: string;
  kind?: { group: string; version: string; kind: string };
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: UserInfo;
  object?: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { metadata: Record<string, never>; status: 'Failure'; code: number; reason: string; message: string; details?: StatusDetails };
  patchType?: 'JSONPatch';
  patch?: string;
}

export type JsonPatchOp = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

/** A rejection carrying kube's Status fields; handlers throw it, the server turns it into a denied response. */
export class Denial extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

export const badRequest = (message: string): Denial => new Denial(400, 'BadRequest', message);

/** kube's NewForbidden: `<resource>.<group> "<name>" is forbidden: <why>`. */
export function forbidden(qualifiedResource: string, name: string, why: string): Denial {
  const dot = qualifiedResource.indexOf('.');
  const group = dot < 0 ? '' : qualifiedResource.slice(dot + 1);
  const kind = dot < 0 ? qualifiedResource : qualifiedResource.slice(0, dot);
  return new Denial(403, 'Forbidden', `${qualifiedResource} "${name}" is forbidden: ${why}`, { name, group, kind });
}

export function allow(uid: string, patch?: JsonPatchOp[]): AdmissionResponse {
  if (!patch || patch.length === 0) return { uid, allowed: true };
  return { uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
}

export function deny(uid: string, d: Denial): AdmissionResponse {
  return { uid, allowed: false, status: { metadata: {}, status: 'Failure', code: d.code, reason: d.reason, message: d.message, ...(d.details ? { details: d.details } : {}) } };
}

/** JSON Pointer escaping of one path segment (RFC 6901). */
export const pointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
