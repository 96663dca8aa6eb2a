// The taint controller (ocm-api.md §5.1 step 10): a cluster whose Available condition is missing or Unknown carries
// the unreachable taint, one whose Available is False the unavailable taint, and one that is available neither.
// Other taints are left alone. timeAdded is stamped by the mutating webhook; without it the controller stamps it.
import type { Logger } from 'pino';
import { ManagedClusterConditionType, TAINT_CLUSTER_UNAVAILABLE, TAINT_CLUSTER_UNREACHABLE, managedClusterResource } from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { findCondition, nowTimestamp } from '../../../kube/index.ts';
import type { Informer, KubeClient } from '../../../kube/index.ts';
import { updateFromCache } from '../ensure.ts';

type Taint = NonNullable<NonNullable<ManagedCluster['spec']>['taints']>[number];

export interface TaintOptions {
  /** Set timeAdded on the taints the controller adds (when no mutating webhook does it). */
  stampTimeAdded?: boolean;
}

const AUTO_TAINTS = [TAINT_CLUSTER_UNAVAILABLE, TAINT_CLUSTER_UNREACHABLE];

export function desiredAutoTaint(mc: ManagedCluster): string | undefined {
  const available = findCondition(mc.status?.conditions, ManagedClusterConditionType.Available);
  if (!available || available.status === 'Unknown') return TAINT_CLUSTER_UNREACHABLE;
  if (available.status === 'False') return TAINT_CLUSTER_UNAVAILABLE;
  return undefined;
}

function taintsFor(mc: ManagedCluster, stamp: boolean): Taint[] | undefined {
  const current = mc.spec?.taints ?? [];
  const want = desiredAutoTaint(mc);
  const keep = current.filter((t) => !AUTO_TAINTS.includes(t.key) || (t.key === want && t.effect === 'NoSelect'));
  if (want && !keep.some((t) => t.key === want)) keep.push({ key: want, effect: 'NoSelect', ...(stamp ? { timeAdded: nowTimestamp() } : {}) });
  const same = keep.length === current.length && keep.every((t, i) => t === current[i]);
  return same ? undefined : keep;
}

export function taintReconciler(clusters: Informer<ManagedCluster>, client: KubeClient, logger: Logger, options: TaintOptions = {}) {
  const api = client.resource<ManagedCluster>(managedClusterResource);
  return async (name: string): Promise<void> => {
    const mc = clusters.get(name);
    if (!mc || mc.metadata.deletionTimestamp || taintsFor(mc, false) === undefined) return;
    await updateFromCache(api, mc, (latest) => {
      const next = taintsFor(latest, options.stampTimeAdded ?? false);
      if (next !== undefined) latest.spec = { ...latest.spec, taints: next };
    });
    logger.debug({ cluster: name, taint: desiredAutoTaint(mc) ?? null }, 'auto taints updated');
  };
}
