// Objects and a resource catalog for lifecycle tests.
import { randomUUID } from 'node:crypto';
import type { ResourceCatalog, ResourceCatalogEntry } from '../../../src/apiserver/lifecycle/controllers.ts';
import type { ObjectKey, Store, StoreEvent } from '../../../src/apiserver/storage/types.ts';

const builtins: ResourceCatalogEntry[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
];

export function catalog(clusters: string[] = ['']): ResourceCatalog {
  return { resources: () => builtins, clusters: () => clusters };
}

export interface Made {
  key: ObjectKey;
  uid: string;
  ref: { apiVersion: string; kind: string; name: string; uid: string; blockOwnerDeletion?: boolean; controller?: boolean };
}

const kinds: Record<string, { apiVersion: string; kind: string; group: string }> = {
  configmaps: { apiVersion: 'v1', kind: 'ConfigMap', group: '' },
  secrets: { apiVersion: 'v1', kind: 'Secret', group: '' },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment', group: 'apps' },
  replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet', group: 'apps' },
  clusterroles: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', group: 'rbac.authorization.k8s.io' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace', group: '' },
};

/** Creates an object the way the HTTP layer would (uid, creationTimestamp) and returns its key and a ref to it. */
export function make(
  store: Store,
  resource: string,
  namespace: string,
  name: string,
  meta: Record<string, unknown> = {},
  cluster = '',
  extra: Record<string, unknown> = {},
): Made {
  const k = kinds[resource];
  const uid = randomUUID();
  const key = { cluster, group: k.group, resource, namespace, name };
  const metadata: Record<string, unknown> = { name, uid, creationTimestamp: '2026-01-01T00:00:00Z', ...meta };
  if (namespace) metadata.namespace = namespace;
  store.create(key, { apiVersion: k.apiVersion, kind: k.kind, metadata, ...extra });
  return { key, uid, ref: { apiVersion: k.apiVersion, kind: k.kind, name, uid } };
}

export function record(store: Store): StoreEvent[] {
  const events: StoreEvent[] = [];
  store.watchAll((e) => events.push(e));
  return events;
}

export function read(store: Store, key: ObjectKey): { metadata: Record<string, unknown>; spec?: Record<string, unknown>; status?: Record<string, unknown> } | undefined {
  const s = store.get(key);
  return s ? JSON.parse(s.json) : undefined;
}
