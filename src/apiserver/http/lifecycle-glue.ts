// The HTTP layer's only doors into object lifecycle (finalizers, deletionTimestamp, garbage collection, namespace
// termination), which the lifecycle module owns.
import { deleteObject } from '../lifecycle/delete.ts';
import type { DeleteOptions } from '../lifecycle/delete.ts';
import { writeUpdate } from '../lifecycle/update.ts';
import type { ObjectKey, Store, StoredObject } from '../storage/types.ts';

export type DeleteRequest = DeleteOptions & { dryRun: boolean };

export function persistDelete(store: Store, key: ObjectKey, options: DeleteRequest): { object: Record<string, unknown>; deleted: boolean } {
  return deleteObject(store, key, options);
}

/** Replaces the object; an update that removes the last finalizer of a deleting object deletes it. */
export function persistUpdate(store: Store, key: ObjectKey, object: Record<string, unknown>, expectedRevision: number): StoredObject {
  return writeUpdate(store, key, object, expectedRevision).stored;
}
