// What a hub admin does to registrations, shared by `ocm accept`, `ocm get clusters` and `ocm up --auto-accept`:
// approve a cluster's pending CSRs and set hubAcceptsClient (clusteradm accept), and list clusters as a table.
import type { ManagedCluster } from '../api/index.ts';
import { LABEL_CLUSTER_NAME, ManagedClusterConditionType, managedClusterResource } from '../api/index.ts';
import type { KubeClient } from '../kube/index.ts';
import { csrResource, findCondition, resourcePath } from '../kube/index.ts';
import type { Condition } from '../kube/index.ts';

interface Csr {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; labels?: Record<string, string>; creationTimestamp?: string };
  spec?: { signerName?: string; username?: string };
  status?: { certificate?: string; conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string }[] };
}

const pending = (csr: Csr): boolean => !csr.status?.certificate && !(csr.status?.conditions ?? []).some((c) => ['Approved', 'Denied', 'Failed'].includes(c.type));

export interface AcceptResult {
  cluster: string;
  approvedCsrs: string[];
  accepted: boolean;
}

/** Approves every pending CSR of each cluster and sets spec.hubAcceptsClient; waits up to waitMs for a CSR to show up. */
export async function acceptClusters(hub: KubeClient, clusters: string[], options: { waitMs?: number } = {}): Promise<AcceptResult[]> {
  const csrs = hub.resource<Csr>(csrResource);
  const mcs = hub.resource<ManagedCluster>(managedClusterResource);
  const deadline = Date.now() + (options.waitMs ?? 0);
  const out: AcceptResult[] = [];
  for (const cluster of clusters) {
    const approved: string[] = [];
    for (;;) {
      const list = await csrs.list({ labelSelector: `${LABEL_CLUSTER_NAME}=${cluster}` });
      for (const csr of list.items.filter(pending)) {
        await approveCsr(hub, csr, 'OcmAccept', `approved by ocm accept for cluster ${cluster}`);
        approved.push(csr.metadata.name!);
      }
      const mc = await mcs.getOrUndefined(cluster);
      if (mc && (approved.length > 0 || list.items.some((c) => c.status?.certificate)) ) {
        if (!mc.spec?.hubAcceptsClient) await mcs.patch(cluster, { spec: { hubAcceptsClient: true } });
        out.push({ cluster, approvedCsrs: approved, accepted: true });
        break;
      }
      if (Date.now() >= deadline) {
        if (!mc) throw new Error(`ManagedCluster ${cluster} does not exist on the hub (has its agent joined?)`);
        throw new Error(`ManagedCluster ${cluster}: no CertificateSigningRequest from its agent to approve`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return out;
}

export async function approveCsr(hub: KubeClient, csr: Csr, reason: string, message: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body: Csr = {
    ...csr,
    status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason, message, lastUpdateTime: now }] },
  };
  await hub.transport.json({ method: 'PUT', path: resourcePath(csrResource, undefined, csr.metadata.name, 'approval'), body, what: `CertificateSigningRequest ${csr.metadata.name}` });
}

function age(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** `kubectl get managedclusters`-style table. */
export function clustersTable(clusters: ManagedCluster[], now = Date.now()): string {
  const rows = [['NAME', 'HUB ACCEPTED', 'MANAGED CLUSTER URLS', 'JOINED', 'AVAILABLE', 'AGE']];
  for (const mc of [...clusters].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const cond = (type: string): string => findCondition(mc.status?.conditions as Condition[] | undefined, type)?.status ?? '';
    rows.push([
      mc.metadata.name ?? '',
      String(mc.spec?.hubAcceptsClient ?? false),
      (mc.spec?.managedClusterClientConfigs ?? []).map((c) => c.url).join(','),
      cond(ManagedClusterConditionType.Joined),
      cond(ManagedClusterConditionType.Available),
      age(mc.metadata.creationTimestamp ?? undefined, now),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join('').trimEnd()).join('\n') + '\n';
}
