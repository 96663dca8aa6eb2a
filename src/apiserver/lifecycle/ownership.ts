// The garbage collector's view of ownership: which objects name which owners (by uid), kept current
// from store events so that finding an owner's dependents never needs a scan of the store.
import type { ObjectKey } from '../storage/types.ts';
import type { ResourceCatalog } from './controllers.ts';
import { groupOfApiVersion, keyId, type OwnerReference } from './meta.ts';

export interface Dependent {
  key: ObjectKey;
  owners: OwnerReference[];
}

function ownerId(cluster: string, uid: string): string {
  return `${cluster}\u0000${uid}`;
}

export class OwnershipIndex {
  private readonly byDependent = new Map<string, Dependent>();
  private readonly byOwner = new Map<string, Set<string>>();

  /** Records (or forgets, with no owners) a dependent; returns true when its owners changed. */
  set(key: ObjectKey, owners: OwnerReference[]): boolean {
    const id = keyId(key);
    const old = this.byDependent.get(id);
    const same =
      old !== undefined &&
      old.owners.length === owners.length &&
      old.owners.every((o, i) => o.uid === owners[i].uid && o.blockOwnerDeletion === owners[i].blockOwnerDeletion);
    if (same) return false;
    if (old) for (const o of old.owners) this.byOwner.get(ownerId(key.cluster, o.uid))?.delete(id);
    if (owners.length === 0) {
      this.byDependent.delete(id);
      return old !== undefined;
    }
    this.byDependent.set(id, { key: { ...key }, owners });
    for (const o of owners) {
      const oid = ownerId(key.cluster, o.uid);
      let set = this.byOwner.get(oid);
      if (!set) this.byOwner.set(oid, (set = new Set()));
      set.add(id);
    }
    return true;
  }

  get(id: string): Dependent | undefined {
    return this.byDependent.get(id);
  }

  /** Dependents whose ownerReferences name this uid. */
  dependentsOf(cluster: string, uid: string): Dependent[] {
    const ids = this.byOwner.get(ownerId(cluster, uid));
    if (!ids) return [];
    const out: Dependent[] = [];
    for (const id of ids) {
      const d = this.byDependent.get(id);
      if (d) out.push(d);
    }
    return out;
  }

  hasDependents(cluster: string, uid: string): boolean {
    return (this.byOwner.get(ownerId(cluster, uid))?.size ?? 0) > 0;
  }

  get size(): number {
    return this.byDependent.size;
  }

  ids(): string[] {
    return [...this.byDependent.keys()];
  }

  /** Forgets every dependent of clusters that no longer exist. */
  retainClusters(clusters: Set<string>): void {
    for (const d of [...this.byDependent.values()]) if (!clusters.has(d.key.cluster)) this.set(d.key, []);
  }
}

/** Where an owner reference points: same cluster; a namespaced owner lives in the dependent's namespace.
 *  undefined when the kind is unknown to the catalog, or a cluster-scoped dependent names a namespaced owner. */
export function resolveOwner(catalog: ResourceCatalog, dependent: ObjectKey, ref: OwnerReference): ObjectKey | undefined {
  const group = groupOfApiVersion(ref.apiVersion);
  const entry = catalog.resources(dependent.cluster).find((e) => e.group === group && e.kind === ref.kind);
  if (!entry) return undefined;
  if (entry.namespaced && dependent.namespace === '') return undefined;
  return {
    cluster: dependent.cluster,
    group,
    resource: entry.resource,
    namespace: entry.namespaced ? dependent.namespace : '',
    name: ref.name,
  };
}
