// The agent's part of ManagedCluster status: Joined, Available (debounced: a failing health probe turns it False
// only after failures persist 20 s), the Kubernetes version, capacity/allocatable and ClusterClaims.
// Health is probed every heartbeat; Nodes and ClusterClaims are read every few heartbeats (they change rarely and
// listing them is most of the agent's cost to the API servers); the status is written only when it changed.
import { isDeepStrictEqual } from 'node:util';
import type { ManagedCluster } from '../../api/index.ts';
import { ManagedClusterConditionType, managedClusterResource } from '../../api/index.ts';
import type { Condition, KubeClient } from '../../kube/index.ts';
import { isConflict, setCondition, updateWithRetry } from '../../kube/index.ts';
import type { ClusterFacts, Health } from './cluster-facts.ts';
import { apiServerHealth, clusterClaims, kubernetesVersion, nodeResources } from './cluster-facts.ts';

const UNHEALTHY_AFTER_MS = 20_000;
const VERSION_REFRESH_MS = 10 * 60_000;
/** Nodes and claims are re-read after this many heartbeats, and at most every 5 minutes. */
const FACTS_EVERY_HEARTBEATS = 5;
const FACTS_MAX_AGE_MS = 5 * 60_000;

type Status = NonNullable<ManagedCluster['status']>;

export class StatusReporter {
  private readonly managed: KubeClient;
  private readonly clusterName: string;
  private failingSince: number | undefined;
  private version: { value?: string; at: number } | undefined;
  private facts: { value: Omit<ClusterFacts, 'version'>; at: number } | undefined;

  constructor(managed: KubeClient, clusterName: string) {
    this.managed = managed;
    this.clusterName = clusterName;
  }

  /** Forgets what was read from the managed cluster, so the next sync reads it all (a claim changed, say). */
  invalidate(): void {
    this.facts = undefined;
  }

  /**
   * Reads the managed cluster and writes the status through `hub` when anything changed; returns what was written.
   * `current` is the ManagedCluster as last seen on the hub; a conflict falls back to a fresh read.
   */
  async sync(hub: KubeClient, current: ManagedCluster, leaseSeconds: number, now = Date.now()): Promise<ManagedCluster | undefined> {
    const health = await this.health(now);
    if (!this.version || now - this.version.at > VERSION_REFRESH_MS) {
      this.version = { value: await kubernetesVersion(this.managed), at: now };
    }
    const factsMaxAge = Math.min(FACTS_MAX_AGE_MS, FACTS_EVERY_HEARTBEATS * leaseSeconds * 1000);
    if (!this.facts || now - this.facts.at >= factsMaxAge) {
      const [resources, claims] = await Promise.all([nodeResources(this.managed), clusterClaims(this.managed)]);
      this.facts = { value: { ...resources, claims }, at: now };
    }
    const facts = this.facts.value;
    const mutate = (mc: ManagedCluster): void => this.apply(mc, health, facts);
    const api = hub.resource<ManagedCluster>(managedClusterResource);
    const desired = structuredClone(current);
    mutate(desired);
    if (isDeepStrictEqual(desired, current)) return undefined;
    try {
      return await api.updateStatus(desired);
    } catch (err) {
      if (!isConflict(err)) throw err;
      return (await updateWithRetry(api, { name: this.clusterName }, mutate, { status: true })).object;
    }
  }

  private apply(mc: ManagedCluster, health: Health, facts: Omit<ClusterFacts, 'version'>): void {
    const status: Status = (mc.status ??= {});
    let conditions = (status.conditions ?? []) as Condition[];
    conditions = setCondition(conditions, { type: ManagedClusterConditionType.Joined, status: 'True', reason: 'ManagedClusterJoined', message: 'Managed cluster joined' });
    conditions = setCondition(
      conditions,
      health.ok
        ? { type: ManagedClusterConditionType.Available, status: 'True', reason: 'ManagedClusterAvailable', message: 'Managed cluster is available' }
        : { type: ManagedClusterConditionType.Available, status: 'False', reason: 'ManagedClusterKubeAPIServerUnavailable', message: health.message },
    );
    if (conditions !== status.conditions) status.conditions = conditions as Status['conditions'];
    if (this.version?.value && status.version?.kubernetes !== this.version.value) status.version = { kubernetes: this.version.value };
    // empty values are left out, so a cluster without Nodes or claims does not rewrite its status each time
    const put = <K extends 'capacity' | 'allocatable' | 'clusterClaims'>(key: K, value: Status[K], empty: boolean): void => {
      if (!empty || status[key] !== undefined) status[key] = value;
    };
    put('capacity', facts.capacity, Object.keys(facts.capacity).length === 0);
    put('allocatable', facts.allocatable, Object.keys(facts.allocatable).length === 0);
    put('clusterClaims', facts.claims, facts.claims.length === 0);
  }

  private async health(now: number): Promise<Health> {
    const h = await apiServerHealth(this.managed);
    if (h.ok) {
      this.failingSince = undefined;
      return h;
    }
    this.failingSince ??= now;
    return now - this.failingSince >= UNHEALTHY_AFTER_MS ? h : { ok: true };
  }
}
