// The lease, clock-sync and taint controllers with short leases (2 s, grace factor 2): a cluster whose agent stops
// renewing goes Unknown and unreachable; renewing and reporting Available clears the taint; a skewed clock shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAINT_CLUSTER_UNAVAILABLE, TAINT_CLUSTER_UNREACHABLE, managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { eventResource, findCondition, leaseResource, microTime, nowTimestamp, updateWithRetry } from '../../src/kube/index.ts';
import type { CoreEvent, KubeClient, Lease } from '../../src/kube/index.ts';
import { eventually, joinCluster, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
let agent: KubeClient;
beforeAll(async () => {
  hub = await startHub({ controllers: { leaseGraceFactor: 2 } });
  agent = await joinCluster(hub, 'l1', { leaseDurationSeconds: 2 });
});
afterAll(async () => {
  await hub?.stop();
});

const cluster = () => hub.admin.resource<ManagedCluster>(managedClusterResource).get('l1');
const condition = async (type: string) => findCondition((await cluster()).status?.conditions, type);
const taintKeys = async () => ((await cluster()).spec?.taints ?? []).map((t) => t.key);

async function renew(at: Date): Promise<void> {
  const leases = agent.resource<Lease>(leaseResource);
  const lease = await eventually(() => leases.getOrUndefined('managed-cluster-lease', 'l1'), 10_000, 'hub-created lease');
  lease.spec = { ...lease.spec, renewTime: microTime(at) };
  await leases.update(lease);
}

// as a real agent does, a status write that races the hub's own (409) is retried on a fresh copy
async function reportAvailable(status: 'True' | 'False'): Promise<void> {
  const api = agent.resource<ManagedCluster>(managedClusterResource);
  const reason = status === 'True' ? 'ManagedClusterAvailable' : 'ManagedClusterKubeAPIServerUnavailable';
  await updateWithRetry(api, { name: 'l1' }, (mc) => {
    const others = (mc.status?.conditions ?? []).filter((c) => c.type !== 'ManagedClusterConditionAvailable');
    mc.status = { ...mc.status, conditions: [...others, { type: 'ManagedClusterConditionAvailable', status, reason, message: reason, lastTransitionTime: nowTimestamp() }] };
  }, { status: true });
}

describe('lease controller', () => {
  it('creates the hub lease in the cluster namespace', async () => {
    const lease = await eventually(() => hub.admin.resource<Lease>(leaseResource).getOrUndefined('managed-cluster-lease', 'l1'), 10_000, 'lease');
    expect(lease.metadata.labels?.['open-cluster-management.io/cluster-name']).toBe('l1');
    expect(lease.spec?.holderIdentity).toBe('managed-cluster-lease');
  });

  it('keeps Available while the agent renews, and turns it Unknown with the unreachable taint once renewals stop', async () => {
    await renew(new Date());
    await reportAvailable('True');
    await eventually(async () => !(await taintKeys()).includes(TAINT_CLUSTER_UNREACHABLE), 10_000, 'unreachable taint removed');
    expect((await condition('ManagedClusterConditionAvailable'))?.status).toBe('True');
    // no more renewals: after 2 × 2 s the hub gives up on the agent
    const unknown = await eventually(async () => {
      const c = await condition('ManagedClusterConditionAvailable');
      return c?.status === 'Unknown' ? c : undefined;
    }, 15_000, 'Available Unknown');
    expect(unknown).toMatchObject({ reason: 'ManagedClusterLeaseUpdateStopped', message: 'Registration agent stopped updating its lease.' });
    await eventually(async () => (await taintKeys()).includes(TAINT_CLUSTER_UNREACHABLE), 10_000, 'unreachable taint back');
    const taint = (await cluster()).spec!.taints!.find((t) => t.key === TAINT_CLUSTER_UNREACHABLE)!;
    expect(taint.effect).toBe('NoSelect');
    expect(Date.parse(taint.timeAdded!)).not.toBeNaN();
    await eventually(async () => {
      const events = await hub.admin.resource<CoreEvent>(eventResource).list({ namespace: 'default' });
      return events.items.some((e) => e.reason === 'AvailableUnknown' && e.involvedObject.name === 'l1' && e.type === 'Warning');
    }, 10_000, 'AvailableUnknown event');
  });

  it('puts the unavailable taint on a cluster whose agent reports Available=False', async () => {
    await renew(new Date());
    await reportAvailable('False');
    const keys = await eventually(async () => {
      const k = await taintKeys();
      return k.includes(TAINT_CLUSTER_UNAVAILABLE) ? k : undefined;
    }, 10_000, 'unavailable taint');
    expect(keys).not.toContain(TAINT_CLUSTER_UNREACHABLE);
  });

  it('reports ClockSynced from each renewal: out of sync when the agent\'s clock is an hour ahead, synced again after', async () => {
    await renew(new Date(Date.now() + 3_600_000));
    const off = await eventually(async () => {
      const c = await condition('ManagedClusterConditionClockSynced');
      return c?.status === 'False' ? c : undefined;
    }, 10_000, 'ClockSynced False');
    expect(off.reason).toBe('ManagedClusterClockOutOfSync');
    await renew(new Date());
    const on = await eventually(async () => {
      const c = await condition('ManagedClusterConditionClockSynced');
      return c?.status === 'True' ? c : undefined;
    }, 10_000, 'ClockSynced True');
    expect(on.reason).toBe('ManagedClusterClockSynced');
  });
});
