// Updates of objects that are being deleted: once the last finalizer is gone the object is removed
// (clients see DELETED), as kube's registry does on update.
import type { ObjectKey, Store, StoredObject } from '../storage/types.ts';
import { finalizersOf, isDeleting, isNamespaceKey, metadataOf, parseObject, withMetadata, type KubeObject } from './meta.ts';
import { namespaceSpecFinalizers } from './namespace.ts';

/** True when an update leaves nothing holding the object back from deletion. */
export function shouldDeleteOnUpdate(key: ObjectKey, obj: KubeObject): boolean {
  if (!isDeleting(obj) || finalizersOf(obj).length > 0) return false;
  // A namespace also waits for its spec.finalizers (the namespace controller's "kubernetes").
  return !isNamespaceKey(key) || namespaceSpecFinalizers(obj).length === 0;
}

export function writeUpdate(
  store: Store,
  key: ObjectKey,
  object: Record<string, unknown>,
  expectedRevision?: number,
): { stored: StoredObject; deleted: boolean } {
  let next = object;
  // deletionTimestamp cannot be set or cleared by an update; carry the stored one over.
  // (The substring test avoids parsing the stored object on ordinary updates.)
  const current = store.get(key);
  if (current && current.json.includes('"deletionTimestamp"')) {
    const meta = metadataOf(parseObject(current.json));
    if (typeof meta.deletionTimestamp === 'string') {
      next = withMetadata(object, {
        deletionTimestamp: meta.deletionTimestamp,
        deletionGracePeriodSeconds: meta.deletionGracePeriodSeconds,
      });
    }
  }
  if (current && shouldDeleteOnUpdate(key, next)) {
    return { stored: store.delete(key, expectedRevision), deleted: true };
  }
  return { stored: store.update(key, next, expectedRevision), deleted: false };
}
