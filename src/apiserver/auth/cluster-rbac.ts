// One RBAC authorizer per virtual cluster (the hub and each /clusters/NAME keep their own RBAC objects). Its index is
// built from the stored Roles, ClusterRoles and bindings on first use and then updated from each store event, so
// a decision is a few map lookups. Also bootstraps the default ClusterRoles/Bindings and runs the aggregation
// controller that keeps aggregated ClusterRoles' rules current.
import { randomUUID } from 'node:crypto';
import type { Store, StoreEvent, Watcher } from '../storage/types.ts';
import { StorageError } from '../storage/types.ts';
import { labelSelectorFromObject, matchesLabels } from '../selectors.ts';
import { aggregateClusterRoles } from './rbac/aggregation.ts';
import { Authorizer } from './rbac/authorizer.ts';
import { AUTOUPDATE_ANNOTATION, defaultClusterRoleBindings, defaultClusterRoles } from './rbac/defaults.ts';
import type { RbacResource } from './rbac/rbac-index.ts';
import type { ClusterRole } from './rbac/types.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const KINDS = { roles: 'Role', clusterroles: 'ClusterRole', rolebindings: 'RoleBinding', clusterrolebindings: 'ClusterRoleBinding' } as const;

type Obj = Record<string, unknown>;

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

interface ClusterEntry {
  authorizer: Authorizer;
  /** Events at or below this revision are already in the index. */
  listedRevision: number;
}

/** Whether a ClusterRole change can alter an aggregated role: it aggregates itself, or its labels (before or after) match a selector. */
function affectsAggregation(clusterRoles: Map<string, ClusterRole>, event: StoreEvent): boolean {
  const changed = [JSON.parse(event.json), event.prevJson ? JSON.parse(event.prevJson) : undefined].filter(Boolean) as ClusterRole[];
  if (changed.some((r) => r.aggregationRule)) return true;
  for (const role of clusterRoles.values()) {
    for (const sel of role.aggregationRule?.clusterRoleSelectors ?? []) {
      const selector = labelSelectorFromObject(sel);
      if (changed.some((r) => matchesLabels(selector, r.metadata.labels))) return true;
    }
  }
  return false;
}

export class ClusterRbac {
  private readonly store: Store;
  private readonly entries = new Map<string, ClusterEntry>();
  private readonly watcher: Watcher;
  private readonly pendingAggregation = new Set<string>();
  private readonly onError: (err: unknown) => void;

  constructor(store: Store, onError: (err: unknown) => void = () => {}) {
    this.store = store;
    this.onError = onError;
    this.watcher = store.watchAll((event) => this.observe(event));
  }

  private observe(event: StoreEvent): void {
    if (event.key.group !== RBAC_GROUP) return;
    const entry = this.entries.get(event.key.cluster);
    if (entry && event.revision > entry.listedRevision) {
      const resource = event.key.resource as RbacResource;
      if (Object.hasOwn(KINDS, resource)) {
        const index = entry.authorizer.rbac;
        if (event.type === 'DELETED') index.remove(resource, event.key.namespace, event.key.name);
        else index.put(resource, JSON.parse(event.json));
        if (resource === 'clusterroles' && !affectsAggregation(index.clusterRoles, event)) return;
      }
    }
    if (event.key.resource === 'clusterroles') this.scheduleAggregation(event.key.cluster);
  }

  /** The authorizer of a virtual cluster, with the RBAC objects as stored right now. */
  authorizer(cluster: string): Authorizer {
    let entry = this.entries.get(cluster);
    if (!entry) {
      this.ensureDefaults(cluster);
      entry = this.load(cluster);
      this.entries.set(cluster, entry);
    }
    return entry.authorizer;
  }

  /** Drops what is known about a removed virtual cluster. */
  forget(cluster: string): void {
    this.entries.delete(cluster);
  }

  private load(cluster: string): ClusterEntry {
    const authorizer = new Authorizer();
    let revision = 0;
    for (const resource of Object.keys(KINDS) as RbacResource[]) {
      const listed = this.store.list({ cluster, group: RBAC_GROUP, resource });
      revision = Math.max(revision, listed.revision);
      for (const item of listed.items) authorizer.rbac.put(resource, JSON.parse(item.json));
    }
    return { authorizer, listedRevision: revision };
  }

  /** Creates the default ClusterRoles and ClusterRoleBindings a cluster lacks (existing ones are left as they are). */
  ensureDefaults(cluster: string): void {
    const create = (resource: 'clusterroles' | 'clusterrolebindings', obj: { metadata: { name: string } } & Obj): void => {
      const key = { cluster, group: RBAC_GROUP, resource, namespace: '', name: obj.metadata.name };
      if (this.store.get(key)) return;
      const metadata = { ...obj.metadata, uid: randomUUID(), creationTimestamp: now(), annotations: { ...AUTOUPDATE_ANNOTATION } };
      try {
        this.store.create(key, { apiVersion: `${RBAC_GROUP}/v1`, kind: KINDS[resource], ...obj, metadata });
      } catch (err) {
        if (!(err instanceof StorageError && err.reason === 'AlreadyExists')) throw err;
      }
    };
    for (const role of defaultClusterRoles()) create('clusterroles', role as ClusterRole & Obj);
    for (const b of defaultClusterRoleBindings()) create('clusterrolebindings', b as typeof b & Obj);
    this.aggregate(cluster);
  }

  private scheduleAggregation(cluster: string): void {
    if (this.pendingAggregation.has(cluster)) return;
    this.pendingAggregation.add(cluster);
    // never write from inside a store callback: run once the current write (and its fan-out) is done
    setImmediate(() => {
      this.pendingAggregation.delete(cluster);
      try {
        this.aggregate(cluster);
      } catch (err) {
        this.onError(err);
      }
    });
  }

  /** The aggregation controller's pass: rewrites aggregated ClusterRoles whose rules differ from what they select. */
  aggregate(cluster: string): void {
    const stored = this.store.list({ cluster, group: RBAC_GROUP, resource: 'clusterroles' }).items;
    const roles = stored.map((i) => JSON.parse(i.json) as ClusterRole & Obj);
    for (const changed of aggregateClusterRoles(roles)) {
      const name = changed.metadata.name;
      const at = stored.find((i) => i.key.name === name);
      if (!at) continue;
      try {
        this.store.update(at.key, changed as unknown as Obj, at.revision);
      } catch (err) {
        // a concurrent write re-triggers aggregation through the watch
        if (!(err instanceof StorageError && (err.reason === 'Conflict' || err.reason === 'NotFound'))) throw err;
      }
    }
  }

  close(): void {
    this.watcher.stop();
  }
}
