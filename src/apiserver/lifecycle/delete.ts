// DELETE semantics of kube's generic registry: preconditions, the garbage collector's finalizers
// (orphan / foregroundDeletion), deletionTimestamp while finalizers remain, immediate removal otherwise.
// Namespaces are marked Terminating and left to the namespace controller.
import { StorageError, type ObjectKey, type Store } from '../storage/types.ts';
import {
  describeKey,
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  finalizersOf,
  isDeleting,
  isNamespaceKey,
  metadataOf,
  parseObject,
  rfc3339,
  withMetadata,
  type KubeObject,
} from './meta.ts';
import { namespaceSpecFinalizers } from './namespace.ts';

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** deleted=false: the object was kept, marked with deletionTimestamp, waiting on finalizers. */
export interface DeleteResult {
  object: Record<string, unknown>;
  deleted: boolean;
}

function checkPreconditions(key: ObjectKey, obj: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (!pre) return;
  const meta = metadataOf(obj);
  const fail = (detail: string, revision?: number) => {
    throw new StorageError('Conflict', `Operation cannot be fulfilled on ${describeKey(key)}: ${detail}`, revision);
  };
  if (pre.uid !== undefined && pre.uid !== meta.uid) {
    fail(`Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid ?? '')}`);
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== meta.resourceVersion) {
    fail(
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${String(meta.resourceVersion ?? '')}`,
      Number(meta.resourceVersion),
    );
  }
}

/** The finalizers after applying the propagation policy; without a policy, GC finalizers already on the
 *  object are honoured (as kube does). */
function finalizersFor(existing: string[], policy: DeleteOptions['propagationPolicy']): string[] {
  if (policy === undefined) return existing;
  const kept = existing.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (policy === 'Orphan') kept.push(FINALIZER_ORPHAN);
  if (policy === 'Foreground') kept.push(FINALIZER_FOREGROUND);
  return kept;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function deleteObject(store: Store, key: ObjectKey, options: DeleteOptions = {}, now: Date = new Date()): DeleteResult {
  const current = store.get(key);
  if (!current) throw new StorageError('NotFound', `${describeKey(key)} not found`);
  const obj = parseObject(current.json);
  checkPreconditions(key, obj, options.preconditions);

  const oldFinalizers = finalizersOf(obj);
  const finalizers = finalizersFor(oldFinalizers, options.propagationPolicy);
  const namespaceWaits = isNamespaceKey(key) && namespaceSpecFinalizers(obj).length > 0;

  if (finalizers.length === 0 && !namespaceWaits) {
    if (options.dryRun) return { object: obj, deleted: true };
    const gone = store.delete(key, current.revision);
    return { object: parseObject(gone.json), deleted: true };
  }

  let next = obj;
  if (!sameList(finalizers, oldFinalizers)) {
    next = withMetadata(next, { finalizers: finalizers.length > 0 ? finalizers : undefined });
  }
  if (!isDeleting(obj)) {
    const meta = metadataOf(obj);
    const changes: Record<string, unknown> = { deletionTimestamp: rfc3339(now) };
    if (isNamespaceKey(key)) {
      const status = typeof obj.status === 'object' && obj.status !== null ? obj.status : {};
      next = { ...next, status: { ...status, phase: 'Terminating' } };
    } else {
      changes.deletionGracePeriodSeconds = 0;
      // kube bumps generation when it first sets deletionTimestamp, for kinds that track generation.
      if (typeof meta.generation === 'number' && meta.generation > 0) changes.generation = meta.generation + 1;
    }
    next = withMetadata(next, changes);
  }
  if (next === obj || options.dryRun) return { object: next, deleted: false };
  const stored = store.update(key, next, current.revision);
  return { object: parseObject(stored.json), deleted: false };
}
