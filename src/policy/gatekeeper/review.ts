// input.review as Gatekeeper builds it: the AdmissionRequest of the object under review
// (kind, name, namespace, operation, object, oldObject, userInfo), and the full policy input.

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
};

export interface Review {
  kind: GroupVersionKind;
  name?: string;
  namespace?: string;
  operation: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  userInfo?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface GatekeeperInput {
  review: Review;
  parameters: unknown;
}

export function gvkOf(obj: KubeObject): GroupVersionKind {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: typeof obj.kind === 'string' ? obj.kind : '',
  };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The review of a plain object, as an admission CREATE (what `gator verify` and audit do). */
export function reviewOfObject(obj: KubeObject, extra: Partial<Review> = {}): Review {
  const review: Review = { kind: gvkOf(obj), operation: 'CREATE', object: obj, ...extra };
  const name = obj.metadata?.name;
  const ns = obj.metadata?.namespace;
  if (name !== undefined && review.name === undefined) review.name = name;
  if (ns !== undefined && review.namespace === undefined) review.namespace = ns;
  return review;
}

/** The review of an AdmissionRequest; kind/name/namespace are filled from the object when absent. */
export function reviewOfRequest(request: Record<string, unknown>): Review {
  const obj = (isObject(request.object) ? request.object : isObject(request.oldObject) ? request.oldObject : {}) as KubeObject;
  const review = { ...request } as Review;
  if (!isObject(review.kind)) review.kind = gvkOf(obj);
  if (typeof review.operation !== 'string') review.operation = 'CREATE';
  if (review.name === undefined && obj.metadata?.name !== undefined) review.name = obj.metadata.name;
  if (review.namespace === undefined && obj.metadata?.namespace !== undefined) review.namespace = obj.metadata.namespace;
  return review;
}

/** An object or an AdmissionReview (whose `request` becomes the review), as `gator verify` accepts them. */
export function reviewOf(doc: KubeObject): Review {
  if (doc.kind === 'AdmissionReview' && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('admission.k8s.io/')) {
    if (!isObject(doc.request)) throw new Error('AdmissionReview has no request: set request.object to the object under review');
    return reviewOfRequest(doc.request);
  }
  return reviewOfObject(doc);
}

export function gatekeeperInput(review: Review, parameters: unknown): GatekeeperInput {
  return { review, parameters: parameters ?? {} };
}
