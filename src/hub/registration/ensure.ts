// Level-driven writes of objects the hub owns: make the live object carry the desired labels, finalizers and
// content fields, touching nothing else. With the informer's copy at hand, an object that already looks right costs
// no request and a missing one costs a single create.
import { isDeepStrictEqual } from 'node:util';
import { createOrUpdate, isAlreadyExists, isConflict, isNotFound, updateWithRetry } from '../../kube/index.ts';
import type { KubeObject, ResourceClient } from '../../kube/index.ts';
import { FIELD_MANAGER } from './names.ts';

function shape<T extends KubeObject>(current: T, desired: T, contentFields: string[]): T {
  const next = structuredClone(current);
  const fields = next as unknown as Record<string, unknown>;
  const meta = desired.metadata ?? {};
  const m = (next.metadata ??= {});
  if (meta.labels) m.labels = { ...m.labels, ...meta.labels };
  if (meta.finalizers?.length) m.finalizers = [...new Set([...(m.finalizers ?? []), ...meta.finalizers])];
  for (const f of contentFields) fields[f] = structuredClone((desired as Record<string, unknown>)[f]);
  return next;
}

/**
 * Makes `desired` true on the server. `cached` is the informer's copy: undefined when the object is not in the
 * cache (it may still exist, so a lost create falls back to a read), null when no cache is kept for it.
 */
export async function ensureObject<T extends KubeObject>(resource: ResourceClient<T>, desired: T, contentFields: string[], cached: T | undefined | null = null): Promise<T | undefined> {
  const meta = desired.metadata ?? {};
  if (cached) {
    const next = shape(cached, desired, contentFields);
    if (isDeepStrictEqual(next, cached)) return cached;
  } else if (cached === undefined) {
    try {
      return await resource.create(structuredClone(desired), { fieldManager: FIELD_MANAGER });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  const result = await createOrUpdate(resource, { name: meta.name!, namespace: meta.namespace }, (current) =>
    current ? shape(current, desired, contentFields) : structuredClone(desired), { fieldManager: FIELD_MANAGER });
  return result?.object;
}

/**
 * Read-modify-write starting from the informer's copy: nothing is sent when `mutate` changes nothing, one PUT
 * when the cache was current, and a fresh read-and-retry when it was stale. Returns the object as written (or the
 * copy given, when nothing changed), so a second write in the same reconcile can start from it instead of from
 * the cache, which its own first write has just made stale.
 */
export async function updateFromCache<T extends KubeObject>(resource: ResourceClient<T>, cached: T, mutate: (obj: T) => void, options: { status?: boolean } = {}): Promise<T> {
  const next = structuredClone(cached);
  mutate(next);
  if (isDeepStrictEqual(next, cached)) return cached;
  try {
    return await (options.status ? resource.updateStatus(next, { fieldManager: FIELD_MANAGER }) : resource.update(next, { fieldManager: FIELD_MANAGER }));
  } catch (err) {
    if (!isConflict(err)) throw err;
    const result = await updateWithRetry(resource, { name: cached.metadata!.name!, namespace: cached.metadata?.namespace }, (obj) => void mutate(obj), { ...options, fieldManager: FIELD_MANAGER });
    return result.object;
  }
}

/** Deletes an object, first releasing `finalizer` when given; absent objects are fine. */
export async function removeObject<T extends KubeObject>(resource: ResourceClient<T>, name: string, namespace: string | undefined, finalizer?: string): Promise<void> {
  try {
    if (finalizer) {
      const live = await resource.getOrUndefined(name, namespace);
      if (!live) return;
      if (live.metadata?.finalizers?.includes(finalizer)) {
        const finalizers = live.metadata.finalizers.filter((f) => f !== finalizer);
        await resource.patch(name, { metadata: { finalizers, resourceVersion: live.metadata.resourceVersion } }, { namespace });
      }
    }
    await resource.delete(name, { namespace });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
