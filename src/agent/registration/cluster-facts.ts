// What the agent reports about its managed cluster: the Kubernetes version (/version), capacity and allocatable
// summed over Nodes, ClusterClaims (reserved names first, then up to 20 custom ones, spoke-only excluded) and
// whether the API server is healthy (/livez, falling back to /healthz).
import type { ClusterClaim } from '../../api/index.ts';
import { LABEL_SPOKE_ONLY, clusterClaimResource } from '../../api/index.ts';
import type { KubeClient } from '../../kube/index.ts';
import { KubeApiError, isNotFound, nodeResource } from '../../kube/index.ts';
import { sumQuantities } from './quantity.ts';

export const RESERVED_CLAIMS = ['id.k8s.io', 'kubeversion.open-cluster-management.io', 'platform.open-cluster-management.io', 'product.open-cluster-management.io'];
export const MAX_CUSTOM_CLAIMS = 20;

interface Node {
  metadata?: { name?: string };
  status?: { capacity?: Record<string, string>; allocatable?: Record<string, string> };
}

export interface ClusterFacts {
  version?: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  claims: { name: string; value: string }[];
}

export async function kubernetesVersion(managed: KubeClient): Promise<string | undefined> {
  const v = await managed.transport.json<{ gitVersion?: string }>({ method: 'GET', path: '/version', what: 'managed cluster /version' });
  return v.gitVersion;
}

export async function nodeResources(managed: KubeClient): Promise<Pick<ClusterFacts, 'capacity' | 'allocatable'>> {
  const nodes = (await managed.resource<Node & { metadata: object }>(nodeResource).listAll()).items;
  return { capacity: sumQuantities(nodes.map((n) => n.status?.capacity)), allocatable: sumQuantities(nodes.map((n) => n.status?.allocatable)) };
}

export function selectClaims(claims: ClusterClaim[], maxCustom = MAX_CUSTOM_CLAIMS): { name: string; value: string }[] {
  const reported = claims
    .filter((c) => c.metadata.name && c.metadata.labels?.[LABEL_SPOKE_ONLY] === undefined)
    .map((c) => ({ name: c.metadata.name!, value: c.spec?.value ?? '' }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const reserved = reported.filter((c) => RESERVED_CLAIMS.includes(c.name));
  const custom = reported.filter((c) => !RESERVED_CLAIMS.includes(c.name)).slice(0, maxCustom);
  return [...reserved, ...custom];
}

/** ClusterClaims on the managed cluster; none when the ClusterClaim CRD is not installed there. */
export async function clusterClaims(managed: KubeClient): Promise<{ name: string; value: string }[]> {
  try {
    return selectClaims((await managed.resource<ClusterClaim>(clusterClaimResource).listAll()).items);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export type Health = { ok: true } | { ok: false; message: string };

/** GET /livez, or /healthz when /livez is missing or forbidden. */
export async function apiServerHealth(managed: KubeClient): Promise<Health> {
  for (const path of ['/livez', '/healthz']) {
    try {
      await managed.transport.json<unknown>({ method: 'GET', path, what: `managed cluster ${path}` });
      return { ok: true };
    } catch (err) {
      // health endpoints answer text "ok", which is not JSON: any 2xx is healthy
      if (!(err instanceof KubeApiError)) {
        if (err instanceof SyntaxError || /JSON/i.test((err as Error).message)) return { ok: true };
        return { ok: false, message: `The kube-apiserver is not ok: ${(err as Error).message}` };
      }
      if (path === '/livez' && (err.code === 404 || err.code === 403)) continue;
      return { ok: false, message: `The kube-apiserver is not ok, status code: ${err.code}, ${err.message}` };
    }
  }
  return { ok: false, message: 'The kube-apiserver is not ok: no health endpoint answered' };
}
