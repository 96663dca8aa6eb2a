// Restarting the hub controllers: the webhooks are served on a new port and re-registered, so admission keeps working;
// while no hub runs, ManagedCluster writes fail closed (failurePolicy Fail, as upstream) and status writes go on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { bootstrapHub, startHubControllers } from '../../src/hub/registration/index.ts';
import { eventually, logger, newManagedCluster, rejection, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('hub controllers restart', () => {
  it('fail closed while stopped and admit again after a restart on a new port', async () => {
    const clusters = hub.admin.resource<ManagedCluster>(managedClusterResource);
    await clusters.create(newManagedCluster('x1'));
    const firstUrl = hub.controllers!.webhookUrl;
    await hub.controllers!.stop();
    const closed = await rejection(clusters.create(newManagedCluster('x2')));
    expect(closed.code).toBe(500);
    expect(closed.message).toContain('failed calling webhook');
    await clusters.patchStatus('x1', { status: { version: { kubernetes: 'v1.30.0' } } });
    const again = await hub.startControllers();
    expect(again.webhookUrl).not.toBe(firstUrl);
    const created = await clusters.create(newManagedCluster('x2'));
    expect(created.metadata.labels?.['cluster.open-cluster-management.io/clusterset']).toBe('default');
  });

  it('without webhooks removes the configurations an earlier run registered, so writes are not refused', async () => {
    await hub.controllers!.stop();
    const plain = await hub.startControllers({ webhook: { enabled: false } });
    expect(plain.webhookUrl).toBeUndefined();
    const created = await hub.admin.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('x3'));
    expect(created.metadata.labels?.['cluster.open-cluster-management.io/clusterset']).toBeUndefined();
    // the taint controller stamps timeAdded itself when no mutating webhook does
    const tainted = await eventually(async () => {
      const m = await hub.admin.resource<ManagedCluster>(managedClusterResource).get('x3');
      return m.spec?.taints?.find((t) => t.key === 'cluster.open-cluster-management.io/unreachable');
    }, 10_000, 'unreachable taint');
    expect(Date.parse(tainted.timeAdded!)).not.toBeNaN();
  });

  it('refuses a lease grace factor that is not a positive number, naming the option', async () => {
    await expect(startHubControllers({ kubeconfig: hub.kc, logger, options: { leaseGraceFactor: 0 } })).rejects.toThrow('options.leaseGraceFactor must be a positive number, got 0');
  });

  it('bootstrapHub run again keeps the same bootstrap token', async () => {
    const { token } = await bootstrapHub(hub.kc, { skipCrds: true });
    expect(token).toBe(hub.token);
    await expect(bootstrapHub(hub.kc, { skipCrds: true, tokenId: 'BAD' })).rejects.toThrow('bootstrap token id "BAD" is invalid: it must be 6 characters of [a-z0-9]');
  });
});
