// What a cluster leaves in its namespace that must go before the cluster does (ocm-api.md §5.1 step 13): ManifestWorks
// and ManagedClusterAddOns, lowest open-cluster-management.io/cleanup-priority first.
import { ANNOTATION_CLEANUP_PRIORITY, manifestWorkResource } from '../../../api/index.ts';
import { isNotFound } from '../../../kube/index.ts';
import type { KubeClient, KubeObject, ResourceRef } from '../../../kube/index.ts';

const addonResource: ResourceRef = { group: 'addon.open-cluster-management.io', version: 'v1alpha1', plural: 'managedclusteraddons', namespaced: true };

/** Cleanup order: no annotation first, then invalid values, then ascending priority. */
function priority(obj: KubeObject): number {
  const raw = obj.metadata?.annotations?.[ANNOTATION_CLEANUP_PRIORITY];
  if (raw === undefined) return -2;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 100 ? n : -1;
}

async function listIn(client: KubeClient, ref: ResourceRef, namespace: string): Promise<KubeObject[]> {
  try {
    return (await client.resource<KubeObject>(ref).listAll({ namespace })).items;
  } catch (err) {
    if (isNotFound(err)) return []; // the kind is not installed on this hub
    throw err;
  }
}

/** How many works and add-ons remain in the namespace; with deleteResources, those of the lowest priority are deleted first. */
export async function cleanupClusterNamespace(client: KubeClient, namespace: string, options: { deleteResources: boolean }): Promise<number> {
  const works = await listIn(client, manifestWorkResource, namespace);
  if (!options.deleteResources) return works.length;
  const addons = await listIn(client, addonResource, namespace);
  const all = [...works.map((o) => ({ o, ref: manifestWorkResource as ResourceRef })), ...addons.map((o) => ({ o, ref: addonResource }))];
  if (all.length === 0) return 0;
  const lowest = Math.min(...all.map(({ o }) => priority(o)));
  for (const { o, ref } of all) {
    if (priority(o) !== lowest || o.metadata?.deletionTimestamp) continue;
    try {
      await client.resource<KubeObject>(ref).delete(o.metadata!.name!, { namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return all.length;
}
