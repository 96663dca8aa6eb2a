// Small readers for the parts of ObjectMeta that deletion and garbage collection depend on.
import type { ObjectKey } from '../storage/types.ts';

export type KubeObject = Record<string, unknown>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';
export const FINALIZER_NAMESPACE = 'kubernetes';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseObject(json: string): KubeObject {
  const obj: unknown = JSON.parse(json);
  if (!isRecord(obj)) throw new Error('stored object is not a JSON object');
  return obj;
}

export function metadataOf(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj.metadata) ? obj.metadata : {};
}

export function uidOf(obj: KubeObject): string | undefined {
  const uid = metadataOf(obj).uid;
  return typeof uid === 'string' ? uid : undefined;
}

export function finalizersOf(obj: KubeObject): string[] {
  const f = metadataOf(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

export function isDeleting(obj: KubeObject): boolean {
  const ts = metadataOf(obj).deletionTimestamp;
  return typeof ts === 'string' && ts !== '';
}

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  const refs = metadataOf(obj).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(
    (r): r is OwnerReference =>
      isRecord(r) && typeof r.uid === 'string' && typeof r.kind === 'string' && typeof r.apiVersion === 'string',
  );
}

/** A copy of the object with new metadata fields merged in (undefined values remove the field). */
export function withMetadata(obj: KubeObject, changes: Record<string, unknown>): KubeObject {
  const metadata: Record<string, unknown> = { ...metadataOf(obj) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete metadata[k];
    else metadata[k] = v;
  }
  return { ...obj, metadata };
}

/** RFC 3339 in UTC without fractional seconds, as Kubernetes writes metav1.Time. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function keyId(key: ObjectKey): string {
  return `${key.cluster}\u0000${key.group}\u0000${key.resource}\u0000${key.namespace}\u0000${key.name}`;
}

export function isNamespaceKey(key: ObjectKey): boolean {
  return key.group === '' && key.resource === 'namespaces';
}

/** Group of an ownerReference's apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function describeKey(key: ObjectKey): string {
  const gr = key.group ? `${key.resource}.${key.group}` : key.resource;
  return `${gr} "${key.name}"`;
}
