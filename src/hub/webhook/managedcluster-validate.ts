// The ManagedCluster validating webhook (security.md §5.5): names and client config URLs are well formed; only a
// user who may `update managedclusters/accept` sets hubAcceptsClient; joining or leaving a ManagedClusterSet needs
// `create managedclustersets/join` on it; and an agent may not add or remove the hub's automatic taints.
import { LABEL_CLUSTER_SET, TAINT_CLUSTER_UNAVAILABLE, TAINT_CLUSTER_UNREACHABLE } from '../../api/index.ts';
import type { ManagedCluster } from '../../api/index.ts';
import { isNotFound, namespaceResource } from '../../kube/index.ts';
import type { KubeClient, Namespace } from '../../kube/index.ts';
import { AGENT_USER_PREFIX } from '../registration/names.ts';
import type { UserInfo } from '../registration/resources.ts';
import type { AccessCheck } from './access.ts';
import { Denial, badRequest, forbidden } from './review.ts';
import type { AdmissionRequest } from './review.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const AUTO_TAINTS = [TAINT_CLUSTER_UNAVAILABLE, TAINT_CLUSTER_UNREACHABLE];

function checkFormat(mc: ManagedCluster): void {
  const errors: string[] = [];
  const name = mc.metadata?.name ?? '';
  if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    errors.push(`metadata.name "${name}" is invalid: a cluster name must be a valid namespace name (a DNS-1123 label: at most 63 lower case alphanumeric characters or '-', starting and ending with an alphanumeric character)`);
  }
  for (const config of mc.spec?.managedClusterClientConfigs ?? []) {
    let ok = false;
    try {
      const u = new URL(config.url);
      ok = u.protocol === 'https:' && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) errors.push(`url "${config.url}" is invalid in client configs`);
  }
  if (errors.length > 0) throw badRequest(errors.join('\n'));
}

/** The cluster an agent identity belongs to (its user name is system:open-cluster-management:<cluster>:<agent>). */
function agentCluster(user: UserInfo): string | undefined {
  const name = user.username ?? '';
  if (!name.startsWith(AGENT_USER_PREFIX)) return undefined;
  const parts = name.slice(AGENT_USER_PREFIX.length).split(':');
  return parts.length === 2 ? parts[0] : undefined;
}

function autoTaints(mc: ManagedCluster | undefined): string {
  return JSON.stringify((mc?.spec?.taints ?? []).filter((t) => AUTO_TAINTS.includes(t.key)).map((t) => [t.key, t.value ?? '', t.effect]).sort());
}

export function managedClusterValidator(client: KubeClient, canAccess: AccessCheck) {
  const namespaces = client.resource<Namespace>(namespaceResource);

  async function checkAccept(name: string, user: UserInfo): Promise<void> {
    try {
      const ns = await namespaces.getOrUndefined(name);
      if (ns?.status?.phase === 'Terminating' || ns?.metadata.deletionTimestamp) {
        throw forbidden('managedclusters/accept.cluster.open-cluster-management.io', name, `cluster namespace "${name}" is terminating`);
      }
    } catch (err) {
      if (err instanceof Denial || !isNotFound(err)) throw err;
    }
    const allowed = await canAccess(user, { group: 'register.open-cluster-management.io', resource: 'managedclusters', subresource: 'accept', verb: 'update', name });
    if (!allowed) throw forbidden('managedclusters/accept.cluster.open-cluster-management.io', name, `user "${user.username}" cannot update the HubAcceptsClient field`);
  }

  async function checkJoin(set: string, user: UserInfo): Promise<void> {
    let allowed: boolean;
    try {
      allowed = await canAccess(user, { group: 'cluster.open-cluster-management.io', resource: 'managedclustersets', subresource: 'join', verb: 'create', name: set });
    } catch (err) {
      throw forbidden('managedclustersets/join.cluster.open-cluster-management.io', set, (err as Error).message);
    }
    if (!allowed) {
      throw forbidden('managedclustersets/join.cluster.open-cluster-management.io', set, `user "${user.username}" cannot add/remove a ManagedCluster to/from ManagedClusterSet "${set}"`);
    }
  }

  return async (request: AdmissionRequest): Promise<void> => {
    const mc = request.object as unknown as ManagedCluster;
    const old = request.operation === 'UPDATE' ? (request.oldObject as unknown as ManagedCluster) : undefined;
    const name = mc.metadata?.name ?? request.name ?? '';
    checkFormat(mc);
    if (mc.spec?.hubAcceptsClient && !old?.spec?.hubAcceptsClient) await checkAccept(name, request.userInfo);
    const oldSet = old?.metadata?.labels?.[LABEL_CLUSTER_SET] ?? '';
    const newSet = mc.metadata?.labels?.[LABEL_CLUSTER_SET] ?? '';
    if (oldSet !== newSet) {
      for (const set of [oldSet, newSet]) if (set !== '') await checkJoin(set, request.userInfo);
    }
    const agentOf = agentCluster(request.userInfo);
    if (agentOf !== undefined && autoTaints(old) !== autoTaints(mc)) {
      throw forbidden('managedclusters.cluster.open-cluster-management.io', name, `user "${request.userInfo.username}" cannot add, remove or change the taints ${AUTO_TAINTS.join(' and ')}, which the hub manages`);
    }
  };
}
