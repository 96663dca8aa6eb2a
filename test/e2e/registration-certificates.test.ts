// The agent's certificates end to end: a CSR denied with `kubectl certificate deny` keeps the cluster out (the agent
// asks again, and joins only once a CSR is approved), and short-lived certificates are rotated before they expire
// with no gap in heartbeats.
import { afterEach, describe, expect, it } from 'vitest';
import { LABEL_CLUSTER_NAME, ManagedClusterConditionType } from '../../src/api/index.ts';
import { DEFAULT_AGENT_NAMESPACE, HUB_KUBECONFIG_SECRET } from '../../src/agent/registration/index.ts';
import type { Secret } from '../../src/agent/registration/secrets.ts';
import { acceptClusters } from '../../src/cli/hub-admin.ts';
import type { KubeObject, Lease } from '../../src/kube/index.ts';
import { KubeClient, csrResource, leaseResource, secretResource } from '../../src/kube/index.ts';
import { eventually, startTestBox } from '../agent/support.ts';
import type { TestBox } from '../agent/support.ts';
import { runKubectl } from './support.ts';

let box: TestBox | undefined;
afterEach(async () => {
  await box?.dispose();
  box = undefined;
});

interface Csr extends KubeObject {
  status?: { certificate?: string; conditions?: { type: string }[] };
}

const csrsOf = async (b: TestBox, cluster: string): Promise<Csr[]> =>
  (await b.admin.resource<Csr>(csrResource).list({ labelSelector: `${LABEL_CLUSTER_NAME}=${cluster}` })).items;

describe('agent certificates', { timeout: 120_000 }, () => {
  it('a denied CSR keeps the cluster out until a later CSR is approved', async () => {
    box = await startTestBox({ clusters: ['d1'], leaseDurationSeconds: 1, retryAfterDenialMs: 1000 });
    const managed = new KubeClient(box.managed('d1'));
    try {
      await box.startAgent('d1');
      const first = await eventually('the first CSR', async () => (await csrsOf(box!, 'd1'))[0]);
      const deny = await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'certificate', 'deny', first.metadata!.name!]);
      expect(deny.stdout).toContain('denied');
      // accepted on the hub side, but without a signed certificate the agent cannot join
      await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'patch', 'managedcluster', 'd1', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":true}}']);
      const second = await eventually('a fresh CSR after the denial', async () =>
        (await csrsOf(box!, 'd1')).find((c) => c.metadata!.name !== first.metadata!.name && !c.status?.conditions?.length));
      const secret = await managed.resource<Secret>(secretResource).getOrUndefined(HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE);
      expect(secret?.data?.['tls.crt']).toBeUndefined();
      expect(await box.condition('d1', ManagedClusterConditionType.Joined)).toBeUndefined();

      const approve = await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'certificate', 'approve', second.metadata!.name!]);
      expect(approve.stdout).toContain('approved');
      await eventually('d1 joined after approval', async () => (await box!.condition('d1', ManagedClusterConditionType.Joined)) === 'True');
    } finally {
      managed.close();
    }
  });

  it('rotates short-lived certificates before expiry while the cluster stays available', async () => {
    box = await startTestBox({ clusters: ['r1'], leaseDurationSeconds: 1, leaseGraceFactor: 3, minCsrExpirationSeconds: 10, clientCertExpirationSeconds: 10 });
    const managed = new KubeClient(box.managed('r1'));
    try {
      await box.startAgent('r1');
      await acceptClusters(box.admin, ['r1'], { waitMs: 20_000 });
      await eventually('r1 available', async () => (await box!.condition('r1', ManagedClusterConditionType.Available)) === 'True');
      const certs = new Set<string>();
      const availability = new Set<string>();
      const renewals = new Set<string>();
      // three certificate lifetimes: each must be replaced before it runs out
      const until = Date.now() + 25_000;
      while (Date.now() < until) {
        const secret = await managed.resource<Secret>(secretResource).get(HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE);
        certs.add(secret.data!['tls.crt']);
        availability.add((await box.condition('r1', ManagedClusterConditionType.Available)) ?? 'missing');
        renewals.add((await box.admin.resource<Lease>(leaseResource).get('managed-cluster-lease', 'r1')).spec?.renewTime ?? '');
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(certs.size).toBeGreaterThanOrEqual(3);
      expect([...availability]).toEqual(['True']);
      expect(renewals.size).toBeGreaterThan(10);
      // renewals were approved by the hub's renewal rule, requested by the agent's own identity
      const renewed = (await csrsOf(box, 'r1')).filter((c) => (c as { spec?: { username?: string } }).spec?.username?.startsWith('system:open-cluster-management:r1:'));
      expect(renewed.length).toBeGreaterThanOrEqual(2);
      expect(renewed.every((c) => c.status?.conditions?.some((x) => x.type === 'Approved'))).toBe(true);
    } finally {
      managed.close();
    }
  });
});
