// Two hub replicas with leader election: one runs the controllers, the other takes over when it stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { findCondition } from '../../src/kube/index.ts';
import { startHubControllers } from '../../src/hub/registration/index.ts';
import type { HubControllers, HubLeaderElectionOptions } from '../../src/hub/registration/index.ts';
import { eventually, logger, newManagedCluster, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
const replicas: HubControllers[] = [];
const election = (identity: string): HubLeaderElectionOptions => ({ identity, leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 300 });

beforeAll(async () => {
  hub = await startHub({ controllers: false });
});
afterAll(async () => {
  for (const r of replicas) await r.stop();
  await hub?.stop();
});

async function acceptedBy(name: string): Promise<void> {
  const clusters = hub.admin.resource<ManagedCluster>(managedClusterResource);
  await clusters.create(newManagedCluster(name, { hubAcceptsClient: true }));
  await eventually(async () => findCondition((await clusters.get(name)).status?.conditions, 'HubAcceptedManagedCluster')?.status === 'True', 20_000, `${name} accepted`);
}

describe('hub leader election', () => {
  it('runs the controllers in one replica at a time and hands over on stop', async () => {
    const first = await startHubControllers({ kubeconfig: hub.kc, logger, options: { leaderElection: election('first') } });
    replicas.push(first);
    await eventually(() => first.isLeader() && first.webhookUrl, 10_000, 'first leads');
    const second = await startHubControllers({ kubeconfig: hub.kc, logger, options: { leaderElection: election('second') } });
    replicas.push(second);
    await acceptedBy('e1');
    expect(second.isLeader()).toBe(false);
    expect(second.webhookUrl).toBeUndefined();
    await first.stop();
    await eventually(() => second.isLeader() && second.webhookUrl, 10_000, 'second leads');
    await acceptedBy('e2');
  });
});
