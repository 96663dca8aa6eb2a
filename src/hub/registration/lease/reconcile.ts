// The lease controller (ocm-api.md §5.1 step 9): the hub keeps a Lease `managed-cluster-lease` in each accepted
// cluster's namespace, turns ManagedClusterConditionAvailable Unknown once the agent has not renewed it for
// leaseGraceFactor × leaseDurationSeconds, and checks again exactly at expiry. Each fresh renewal also says whether
// the agent's clock agrees with the hub's (ManagedClusterConditionClockSynced).
import type { Logger } from 'pino';
import { LABEL_CLUSTER_NAME, ManagedClusterConditionMessage, ManagedClusterConditionReason, ManagedClusterConditionType, managedClusterResource } from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { findCondition, isAlreadyExists, isNotFound, leaseResource, microTime, setCondition } from '../../../kube/index.ts';
import { updateFromCache } from '../ensure.ts';
import type { Condition, EventRecorder, Informer, KubeClient, Lease, ReconcileResult } from '../../../kube/index.ts';
import { FIELD_MANAGER, HUB_LEASE_NAME } from '../names.ts';

export interface LeaseOptions {
  /** Grace = factor × leaseDurationSeconds (default 5, as upstream). */
  leaseGraceFactor?: number;
  /** The hub's clock (tests). */
  now?: () => number;
}

const DEFAULT_LEASE_SECONDS = 60;
const CLOCK_SYNCED = 'The clock of the managed cluster is synced with the hub.';
const CLOCK_OUT_OF_SYNC = 'The clock of hub and agent is out of sync. This may cause the Unknown status and affect agent functionalities.';

export const leaseDurationSeconds = (mc: ManagedCluster): number => (mc.spec?.leaseDurationSeconds || DEFAULT_LEASE_SECONDS);

export function leaseReconciler(clusters: Informer<ManagedCluster>, leases: Informer<Lease>, client: KubeClient, recorder: EventRecorder, logger: Logger, options: LeaseOptions = {}) {
  const api = client.resource<ManagedCluster>(managedClusterResource);
  const leaseApi = client.resource<Lease>(leaseResource);
  const factor = options.leaseGraceFactor ?? 5;
  const now = options.now ?? Date.now;
  /** The lease resourceVersion whose renewal was last checked for clock skew, per cluster. */
  const clockChecked = new Map<string, string>();

  // starts from the informer's copy: a renewal that changes no condition (the usual case) costs no request
  async function writeConditions(cached: ManagedCluster, conditions: Omit<Condition, 'lastTransitionTime'>[]): Promise<boolean> {
    let changed = false;
    await updateFromCache(api, cached, (mc) => {
      let next = mc.status?.conditions as Condition[] | undefined;
      for (const c of conditions) next = setCondition(next, c);
      if (next === mc.status?.conditions) return;
      changed = true;
      mc.status = { ...mc.status, conditions: next as NonNullable<ManagedCluster['status']>['conditions'] };
    }, { status: true });
    return changed;
  }

  async function createLease(name: string): Promise<void> {
    try {
      await leaseApi.create({
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
        metadata: { name: HUB_LEASE_NAME, namespace: name, labels: { [LABEL_CLUSTER_NAME]: name } },
        spec: { holderIdentity: HUB_LEASE_NAME, renewTime: microTime(new Date(now())) },
      }, { fieldManager: FIELD_MANAGER });
    } catch (err) {
      if (!isAlreadyExists(err) && !isNotFound(err)) throw err; // NotFound: the namespace is not there yet
    }
  }

  return async (name: string): Promise<ReconcileResult | void> => {
    const mc = clusters.get(name);
    if (!mc || mc.metadata.deletionTimestamp) {
      clockChecked.delete(name);
      return;
    }
    // only clusters that have been through acceptance are watched
    if (!findCondition(mc.status?.conditions, ManagedClusterConditionType.HubAccepted)) return;
    const lease = leases.get(HUB_LEASE_NAME, name);
    if (!lease) {
      if (!mc.spec?.hubAcceptsClient) return;
      // the namespace may not exist yet; its creation does not wake this controller, so look again shortly
      await createLease(name);
      return { requeueAfterMs: 1_000 };
    }
    const renewed = Date.parse(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? lease.metadata.creationTimestamp ?? '');
    const graceMs = factor * leaseDurationSeconds(mc) * 1000;
    const t = now();
    const updates: Omit<Condition, 'lastTransitionTime'>[] = [];
    const rv = lease.metadata.resourceVersion ?? '';
    // the first version seen may be the hub's own creation (or an old renewal after a hub restart): judge later ones
    const seen = clockChecked.get(name);
    const freshRenewal = seen !== undefined && seen !== rv;
    if (freshRenewal && !Number.isNaN(renewed)) {
      const synced = Math.abs(t - renewed) < graceMs;
      updates.push(synced
        ? { type: ManagedClusterConditionType.ClockSynced, status: 'True', reason: ManagedClusterConditionReason.ManagedClusterClockSynced, message: CLOCK_SYNCED }
        : { type: ManagedClusterConditionType.ClockSynced, status: 'False', reason: ManagedClusterConditionReason.ManagedClusterClockOutOfSync, message: CLOCK_OUT_OF_SYNC });
    }
    const expired = Number.isNaN(renewed) || t >= renewed + graceMs;
    const available = findCondition(mc.status?.conditions, ManagedClusterConditionType.Available);
    const markUnknown = expired && !(available?.status === 'Unknown' && available.reason === ManagedClusterConditionReason.ManagedClusterLeaseUpdateStopped);
    if (markUnknown) {
      updates.push({
        type: ManagedClusterConditionType.Available, status: 'Unknown',
        reason: ManagedClusterConditionReason.ManagedClusterLeaseUpdateStopped, message: ManagedClusterConditionMessage.ManagedClusterLeaseUpdateStopped,
      });
    }
    if (updates.length > 0) await writeConditions(mc, updates);
    clockChecked.set(name, rv);
    if (markUnknown) {
      recorder.event(mc, 'Warning', 'AvailableUnknown', `The managed cluster (${name}) cannot connect to the hub cluster.`);
      logger.info({ cluster: name }, 'lease expired: availability unknown');
    }
    if (!expired) return { requeueAfterMs: Math.max(renewed + graceMs - t, 0) + 10 };
  };
}
