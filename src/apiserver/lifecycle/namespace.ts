// Namespace lifecycle pieces used by the HTTP layer: what a new namespace looks like, and whether a
// namespace refuses new content because it is being deleted.
import type { Store } from '../storage/types.ts';
import { FINALIZER_NAMESPACE, isDeleting, parseObject, type KubeObject } from './meta.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Namespace create: spec.finalizers gains "kubernetes" and status is {phase: Active} (client status is ignored). */
export function prepareNamespace(obj: KubeObject): KubeObject {
  const spec = isRecord(obj.spec) ? { ...obj.spec } : {};
  const given = Array.isArray(spec.finalizers) ? spec.finalizers.filter((f): f is string => typeof f === 'string') : [];
  spec.finalizers = given.includes(FINALIZER_NAMESPACE) ? given : [...given, FINALIZER_NAMESPACE];
  return { ...obj, spec, status: { phase: 'Active' } };
}

/** Namespace update through the main endpoint: spec.finalizers and status stay as stored
 *  (they change only through /finalize and /status). */
export function prepareNamespaceUpdate(obj: KubeObject, old: KubeObject): KubeObject {
  const oldSpec = isRecord(old.spec) ? old.spec : {};
  const spec = isRecord(obj.spec) ? { ...obj.spec } : {};
  if (oldSpec.finalizers === undefined) delete spec.finalizers;
  else spec.finalizers = oldSpec.finalizers;
  const out: KubeObject = { ...obj, spec };
  if (old.status === undefined) delete out.status;
  else out.status = old.status;
  return out;
}

export function namespaceIsTerminating(store: Store, cluster: string, ns: string): boolean {
  const stored = store.get({ cluster, group: '', resource: 'namespaces', namespace: '', name: ns });
  if (!stored) return false;
  const obj = parseObject(stored.json);
  const status = isRecord(obj.status) ? obj.status : {};
  return isDeleting(obj) || status.phase === 'Terminating';
}

/** The message kube gives (with 403 Forbidden) for a create in a terminating namespace. */
export function terminatingNamespaceMessage(ns: string): string {
  return `unable to create new content in namespace ${ns} because it is being terminated`;
}

export function namespaceSpecFinalizers(obj: KubeObject): string[] {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  return Array.isArray(spec.finalizers) ? spec.finalizers.filter((f): f is string => typeof f === 'string') : [];
}
