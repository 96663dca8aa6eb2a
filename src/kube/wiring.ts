// Wiring an informer to a work queue: every add, update and delete enqueues a key, so reconcile sees the
// latest state of the object (from the informer's cache) rather than the event that announced it.
import type { KubeObject } from './client.ts';
import { objectKey } from './cache.ts';
import type { Informer } from './informer.ts';
import type { WorkQueue } from './work-queue.ts';

export interface EnqueueOptions<T> {
  /** Keys to reconcile for an object (default: its own "namespace/name"); return [] to ignore it. */
  keys?: (obj: T) => string[];
  /** Skip updates for which this returns false (e.g. only spec or generation changes matter). */
  updateFilter?: (oldObj: T, newObj: T) => boolean;
}

/** Enqueues keys for the informer's events; returns a function that unregisters the handler. */
export function enqueueFromInformer<T extends KubeObject>(informer: Informer<T>, queue: WorkQueue<string>, options: EnqueueOptions<T> = {}): () => void {
  const keys = options.keys ?? ((obj: T) => [objectKey(obj)]);
  const add = (obj: T): void => {
    for (const k of keys(obj)) queue.add(k);
  };
  return informer.addEventHandler({
    onAdd: add,
    onUpdate: (oldObj, newObj) => {
      if (options.updateFilter && !options.updateFilter(oldObj, newObj)) return;
      add(newObj);
      // an object that moved (e.g. a label change) may stop mapping to keys it mapped to before
      if (options.keys) for (const k of keys(oldObj)) queue.add(k);
    },
    onDelete: add,
  });
}

/** Update filter: only changes of metadata.generation (spec changes for kinds with a status subresource). */
export const generationChanged = <T extends KubeObject>(oldObj: T, newObj: T): boolean =>
  oldObj === newObj || oldObj.metadata?.generation !== newObj.metadata?.generation;
