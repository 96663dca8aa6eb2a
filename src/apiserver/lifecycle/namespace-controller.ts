// The namespace controller: empties a terminating namespace (each object deleted as a client would,
// so finalizers are respected), reports what is left in status conditions, and once nothing is left
// removes the "kubernetes" finalizer -- after which the namespace disappears when its
// metadata.finalizers are empty too.
import type { ObjectKey, Store } from '../storage/types.ts';
import type { ResourceCatalog } from './controllers.ts';
import { deleteObject } from './delete.ts';
import { FINALIZER_NAMESPACE, finalizersOf, isDeleting, parseObject, rfc3339, type KubeObject } from './meta.ts';
import { namespaceSpecFinalizers } from './namespace.ts';
import { writeUpdate } from './update.ts';

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export function namespaceKey(cluster: string, name: string): ObjectKey {
  return { cluster, group: '', resource: 'namespaces', namespace: '', name };
}

export class NamespaceController {
  private readonly store: Store;
  private readonly catalog: ResourceCatalog;
  /** cluster\0name of namespaces known to be terminating: events inside them re-trigger a sync. */
  readonly terminating = new Set<string>();

  constructor(store: Store, catalog: ResourceCatalog) {
    this.store = store;
    this.catalog = catalog;
  }

  sync(cluster: string, name: string): void {
    const id = `${cluster}\u0000${name}`;
    const stored = this.store.get(namespaceKey(cluster, name));
    const ns = stored ? parseObject(stored.json) : undefined;
    if (!stored || !ns || !isDeleting(ns)) {
      this.terminating.delete(id);
      return;
    }
    this.terminating.add(id);
    if (!namespaceSpecFinalizers(ns).includes(FINALIZER_NAMESPACE)) return;

    const remaining = new Map<string, number>();
    const finalizersLeft = new Map<string, number>();
    for (const entry of this.catalog.resources(cluster)) {
      if (!entry.namespaced) continue;
      const prefix = { cluster, group: entry.group, resource: entry.resource, namespace: name };
      for (const item of this.store.list(prefix).items) {
        let obj: KubeObject | undefined;
        if (item.json.includes('"deletionTimestamp"')) obj = parseObject(item.json);
        if (!obj || !isDeleting(obj)) {
          const result = deleteObject(this.store, item.key, { propagationPolicy: 'Background' });
          if (result.deleted) continue;
          obj = result.object;
        }
        const gr = `${entry.resource}.${entry.group}`;
        remaining.set(gr, (remaining.get(gr) ?? 0) + 1);
        for (const f of finalizersOf(obj)) finalizersLeft.set(f, (finalizersLeft.get(f) ?? 0) + 1);
      }
    }
    if (remaining.size > 0) {
      this.reportRemaining(cluster, name, remaining, finalizersLeft);
      return;
    }
    // Empty: drop our finalizer. writeUpdate removes the namespace if nothing else holds it.
    const latest = this.store.get(namespaceKey(cluster, name));
    if (!latest) return;
    const obj = parseObject(latest.json);
    const spec = { ...(obj.spec as Record<string, unknown>) };
    spec.finalizers = namespaceSpecFinalizers(obj).filter((f) => f !== FINALIZER_NAMESPACE);
    writeUpdate(this.store, namespaceKey(cluster, name), { ...obj, spec }, latest.revision);
  }

  private reportRemaining(
    cluster: string,
    name: string,
    remaining: Map<string, number>,
    finalizersLeft: Map<string, number>,
  ): void {
    const stored = this.store.get(namespaceKey(cluster, name));
    if (!stored) return;
    const obj = parseObject(stored.json);
    const list = (m: Map<string, number>, what: string) =>
      [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} has ${n} ${what}`).join(', ');
    const wanted: Condition[] = [
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${list(remaining, 'resource instances')}` },
      finalizersLeft.size > 0
        ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${[...finalizersLeft].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => `${f} in ${n} resource instances`).join(', ')}` }
        : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ];
    const status = (typeof obj.status === 'object' && obj.status !== null ? obj.status : {}) as Record<string, unknown>;
    const old = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
    const now = rfc3339(new Date());
    let changed = old.length !== wanted.length;
    const conditions = wanted.map((c) => {
      const prev = old.find((o) => o.type === c.type);
      if (!prev || prev.status !== c.status || prev.reason !== c.reason || prev.message !== c.message) changed = true;
      const since = prev && prev.status === c.status ? prev.lastTransitionTime : now;
      return { ...c, lastTransitionTime: since ?? now };
    });
    if (!changed) return;
    writeUpdate(this.store, namespaceKey(cluster, name), { ...obj, status: { ...status, conditions } }, stored.revision);
  }
}
