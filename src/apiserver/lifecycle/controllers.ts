// The in-server controllers that give deletion its kube semantics: the garbage collector (ownerReferences,
// orphan / foreground finalizers) and the namespace controller. They follow every write through
// Store.watchAll and react on the next turn of the event loop; a periodic resync repairs anything missed.
import { StorageError, type ObjectKey, type Store, type StoreEvent } from '../storage/types.ts';
import { GarbageCollector } from './gc.ts';
import {
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  finalizersOf,
  isDeleting,
  isNamespaceKey,
  keyId,
  ownerReferencesOf,
  parseObject,
  uidOf,
  type KubeObject,
} from './meta.ts';
import { NamespaceController } from './namespace-controller.ts';
import { OwnershipIndex, resolveOwner } from './ownership.ts';
import { WorkQueue } from './work-queue.ts';

export interface ResourceCatalogEntry {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export interface ResourceCatalog {
  resources(cluster: string): ResourceCatalogEntry[];
  clusters(): string[];
}

export interface LifecycleControllerOptions {
  /** Period of the full resync (default 10 s); reactions to writes do not wait for it. */
  intervalMs?: number;
  /** Unexpected failures (default: process.emitWarning); the work is retried. */
  onError?: (err: unknown) => void;
}

const CHECK_OWNERS = 'o';
const DELETING = 'd';
const NAMESPACE = 'n';

function workId(kind: string, key: ObjectKey): string {
  return kind + JSON.stringify([key.cluster, key.group, key.resource, key.namespace, key.name]);
}

function workKey(id: string): ObjectKey {
  const [cluster, group, resource, namespace, name] = JSON.parse(id.slice(1)) as string[];
  return { cluster, group, resource, namespace, name };
}

export function startLifecycleControllers(
  store: Store,
  catalog: ResourceCatalog,
  options: LifecycleControllerOptions = {},
): { stop(): void } {
  const index = new OwnershipIndex();
  const gc = new GarbageCollector(store, catalog, index);
  const namespaces = new NamespaceController(store, catalog);
  const onError = options.onError ?? ((err: unknown) => process.emitWarning(`lifecycle controller: ${String(err)}`));

  const queue = new WorkQueue((id) => {
    try {
      const key = workKey(id);
      if (id[0] === CHECK_OWNERS) gc.checkOwners(keyId(key));
      else if (id[0] === DELETING) gc.processDeleting(key);
      else namespaces.sync(key.cluster, key.name);
    } catch (err) {
      if (err instanceof StorageError && err.reason === 'NotFound') return;
      // A conflict means someone wrote in between: look again shortly with fresh state.
      if (err instanceof StorageError && err.reason === 'Conflict') return queue.addAfter(id, 20);
      onError(err);
      queue.addAfter(id, 1000);
    }
  });

  const enqueueNamespace = (cluster: string, name: string) => queue.add(workId(NAMESPACE, { cluster, group: '', resource: 'namespaces', namespace: '', name }));

  /** Objects whose newest state carries a deletionTimestamp: all a resync needs to look at again (listing every
   *  object of every resource instead stalled the server for 100+ ms every period once it held ~20,000 objects). */
  const deleting = new Map<string, ObjectKey>();

  function observe(event: StoreEvent): void {
    const key = event.key;
    const marked = event.type !== 'DELETED' && event.json.includes('"deletionTimestamp"');
    if (!marked && deleting.size > 0) deleting.delete(keyId(key));
    const inTerminating = key.namespace !== '' && namespaces.terminating.has(`${key.cluster}\u0000${key.namespace}`);
    if (event.type === 'DELETED') {
      const dep = index.get(keyId(key));
      if (dep) {
        // A foreground-deleting owner may have been waiting for this one.
        for (const ref of dep.owners) {
          const ownerKey = resolveOwner(catalog, key, ref);
          if (ownerKey) queue.add(workId(DELETING, ownerKey));
        }
        index.set(key, []);
      }
      if (index.size > 0) {
        const uid = uidOf(parseObject(event.json));
        if (uid) for (const d of index.dependentsOf(key.cluster, uid)) queue.add(workId(CHECK_OWNERS, d.key));
      }
      if (isNamespaceKey(key)) namespaces.terminating.delete(`${key.cluster}\u0000${key.name}`);
      if (inTerminating) enqueueNamespace(key.cluster, key.namespace);
      return;
    }
    let obj: KubeObject | undefined;
    if (event.json.includes('"ownerReferences"')) {
      obj = parseObject(event.json);
      if (index.set(key, ownerReferencesOf(obj)) && !isDeleting(obj)) queue.add(workId(CHECK_OWNERS, key));
    } else if (index.get(keyId(key))) {
      index.set(key, []);
    }
    if (marked) {
      obj ??= parseObject(event.json);
      const inDeletion = isDeleting(obj);
      if (inDeletion) deleting.set(keyId(key), key);
      else deleting.delete(keyId(key));
      if (inDeletion) {
        const finalizers = finalizersOf(obj);
        if (finalizers.includes(FINALIZER_ORPHAN) || finalizers.includes(FINALIZER_FOREGROUND)) {
          queue.add(workId(DELETING, key));
        }
        if (isNamespaceKey(key)) enqueueNamespace(key.cluster, key.name);
      }
    }
    if (inTerminating && event.type === 'MODIFIED') enqueueNamespace(key.cluster, key.namespace);
  }

  function scan(full: boolean): void {
    const clusters = catalog.clusters();
    index.retainClusters(new Set(clusters));
    for (const id of gc.unresolved) {
      const dep = index.get(id);
      if (dep) queue.add(workId(CHECK_OWNERS, dep.key));
      else gc.unresolved.delete(id);
    }
    if (full) {
      for (const cluster of clusters) {
        for (const entry of catalog.resources(cluster)) {
          for (const item of store.list({ cluster, group: entry.group, resource: entry.resource }).items) {
            observe({ type: 'ADDED', key: item.key, revision: item.revision, json: item.json });
          }
        }
      }
      return;
    }
    // A resync looks only at deletions in progress, terminating namespaces included (listing every
    // namespace of every cluster cost a thousand queries a period on a hub of 1,000 clusters).
    const live = new Set(clusters);
    for (const [id, key] of [...deleting]) {
      const item = live.has(key.cluster) ? store.get(key) : undefined;
      if (item) observe({ type: 'MODIFIED', key: item.key, revision: item.revision, json: item.json });
      else deleting.delete(id);
    }
  }

  const watcher = store.watchAll(observe);
  try {
    scan(true);
  } catch (err) {
    onError(err);
  }
  const timer = setInterval(() => {
    try {
      scan(false);
    } catch (err) {
      onError(err);
    }
  }, options.intervalMs ?? 10_000);
  timer.unref();

  return {
    stop(): void {
      clearInterval(timer);
      watcher.stop();
      queue.stop();
    },
  };
}
