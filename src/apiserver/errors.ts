// Kubernetes-style errors: every failure the API server reports is a metav1 Status with kube's reason, code and wording.

export interface FieldCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: FieldCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: Record<string, unknown>;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }
}

/** Splits "configmaps" or "managedclusters.cluster.open-cluster-management.io" into resource and group. */
function splitQualified(resource: string): { kind: string; group: string } {
  const dot = resource.indexOf('.');
  return dot < 0 ? { kind: resource, group: '' } : { kind: resource.slice(0, dot), group: resource.slice(dot + 1) };
}

function details(resource: string, name: string): StatusDetails {
  const { kind, group } = splitQualified(resource);
  return group ? { name, group, kind } : { name, kind };
}

/** `resource` is the plural, qualified with the group when there is one: "deployments.apps". */
export function notFound(resource: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resource} "${name}" not found`, details(resource, name));
}

export function alreadyExists(resource: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${resource} "${name}" already exists`, details(resource, name));
}

export function conflict(resource: string, name: string, why?: string): ApiError {
  const reason = why ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${reason}`, details(resource, name));
}

/** 422 with kube's message: `Kind.group "name" is invalid: field: message` (several causes in brackets). */
export function invalid(kind: string, group: string, name: string, causes: FieldCause[]): ApiError {
  const qualified = group ? `${kind}.${group}` : kind;
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const d: StatusDetails = { name, kind, causes };
  if (group) d.group = group;
  return new ApiError(422, 'Invalid', `${qualified} "${name}" is invalid: ${summary}`, d);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function forbidden(resource: string, name: string, why: string): ApiError {
  return new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: ${why}`, details(resource, name));
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function requestEntityTooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** The 404 kube answers for a path that names no resource at all. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}
