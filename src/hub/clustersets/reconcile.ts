// The default and global ManagedClusterSets: `default` holds clusters labelled (or defaulted) into it, `global`
// selects every cluster. The hub creates them and puts them back when they are deleted; their spec is restored
// if someone changes it.
import { DEFAULT_CLUSTER_SET, GLOBAL_CLUSTER_SET, managedClusterSetResource } from '../../api/index.ts';
import type { ManagedClusterSet } from '../../api/index.ts';
import { isDeepStrictEqual } from 'node:util';
import { createOrUpdate } from '../../kube/index.ts';
import type { Informer, KubeClient } from '../../kube/index.ts';

type SetSpec = NonNullable<ManagedClusterSet['spec']>;

export const DEFAULT_SET_SPECS: Record<string, SetSpec> = {
  [DEFAULT_CLUSTER_SET]: { clusterSelector: { selectorType: 'ExclusiveClusterSetLabel' } },
  [GLOBAL_CLUSTER_SET]: { clusterSelector: { selectorType: 'LabelSelector', labelSelector: {} } },
};

export async function ensureDefaultClusterSet(client: KubeClient, name: string): Promise<void> {
  const spec = DEFAULT_SET_SPECS[name];
  if (!spec) return;
  await createOrUpdate(client.resource<ManagedClusterSet>(managedClusterSetResource), { name }, (current) => {
    if (current && isDeepStrictEqual(current.spec?.clusterSelector, spec.clusterSelector)) return current;
    const next: ManagedClusterSet = current ?? { apiVersion: 'cluster.open-cluster-management.io/v1beta2', kind: 'ManagedClusterSet', metadata: { name } };
    next.spec = { ...next.spec, clusterSelector: structuredClone(spec.clusterSelector) };
    return next;
  }, { fieldManager: 'registration-controller' });
}

export async function ensureDefaultClusterSets(client: KubeClient): Promise<void> {
  for (const name of Object.keys(DEFAULT_SET_SPECS)) await ensureDefaultClusterSet(client, name);
}

export function defaultClusterSetReconciler(sets: Informer<ManagedClusterSet>, client: KubeClient) {
  return async (name: string): Promise<void> => {
    if (!DEFAULT_SET_SPECS[name]) return;
    const live = sets.get(name);
    if (live && !live.metadata.deletionTimestamp && isDeepStrictEqual(live.spec?.clusterSelector, DEFAULT_SET_SPECS[name].clusterSelector)) return;
    if (live?.metadata.deletionTimestamp) return; // recreated once the deletion completes
    await ensureDefaultClusterSet(client, name);
  };
}
