import { afterEach, describe, expect, it } from 'vitest';
import { LABEL_CLUSTER_NAME, ManagedClusterConditionType, clusterClaimResource } from '../../src/api/index.ts';
import type { ClusterClaim } from '../../src/api/index.ts';
import { HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE } from '../../src/agent/registration/index.ts';
import type { Secret } from '../../src/agent/registration/secrets.ts';
import { acceptClusters } from '../../src/cli/hub-admin.ts';
import { KubeClient, csrResource, nodeResource, resourcePath, secretResource } from '../../src/kube/index.ts';
import { createCertificateRequest } from '../../src/agent/registration/credentials.ts';
import type { KubeObject } from '../../src/kube/index.ts';
import { eventually, startTestBox } from './support.ts';
import type { TestBox } from './support.ts';

let box: TestBox | undefined;
afterEach(async () => {
  await box?.dispose();
  box = undefined;
});

interface Csr extends KubeObject {
  spec: { signerName: string; usages: string[]; username?: string; request: string };
  status?: { certificate?: string };
}

describe('registration agent', { timeout: 120_000 }, () => {
  it('registers, waits for the admin, then joins and reports status, version, capacity and claims', async () => {
    box = await startTestBox({ clusters: ['c1'], leaseDurationSeconds: 1 });
    const managed = new KubeClient(box.managed('c1'));
    try {
      await managed.resource<KubeObject & { status: object }>(nodeResource).create({
        apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' },
        status: { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '3500m', memory: '7Gi' } },
      });
      await managed.resource<KubeObject & { status: object }>(nodeResource).create({
        apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' },
        status: { capacity: { cpu: '2', memory: '8Gi' }, allocatable: { cpu: '2', memory: '8Gi' } },
      });
      await box.startAgent('c1');
      // first half of the double opt-in: the agent asks, nothing more happens on its own
      const csr = await eventually('the agent CSR', async () => (await box!.admin.resource<Csr>(csrResource).list({ labelSelector: `${LABEL_CLUSTER_NAME}=c1` })).items[0]);
      expect(csr.metadata?.generateName).toBe('c1-');
      expect(csr.spec.signerName).toBe('kubernetes.io/kube-apiserver-client');
      expect(csr.spec.usages).toEqual(['digital signature', 'key encipherment', 'client auth']);
      expect(csr.spec.username).toBe('system:bootstrap:ocmhub');
      const mc = await box.cluster('c1');
      expect(mc?.spec?.hubAcceptsClient).toBe(false);
      expect(mc?.spec?.managedClusterClientConfigs?.[0]?.url).toMatch(/\/clusters\/c1$/);

      await acceptClusters(box.admin, ['c1']);
      await eventually('Joined and Available', async () =>
        (await box!.condition('c1', ManagedClusterConditionType.Joined)) === 'True' && (await box!.condition('c1', ManagedClusterConditionType.Available)) === 'True');
      await eventually('capacity summed from Nodes', async () => {
        const status = (await box!.cluster('c1'))?.status;
        return status?.capacity?.cpu === '6' && status.capacity.memory === '16Gi' && status.allocatable?.cpu === '5500m' && status.allocatable.memory === '15Gi';
      });
      expect((await box.cluster('c1'))?.status?.version?.kubernetes).toMatch(/^v1\.\d+/);

      // the key stays on the managed cluster, next to the signed certificate
      const secret = await managed.resource<Secret>(secretResource).get(HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE);
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(['agent-name', 'cluster-name', 'kubeconfig', 'tls.crt', 'tls.key']);
      expect(Buffer.from(secret.data!['cluster-name'], 'base64').toString()).toBe('c1');

      await managed.resource<ClusterClaim>(clusterClaimResource).create({ apiVersion: 'cluster.open-cluster-management.io/v1alpha1', kind: 'ClusterClaim', metadata: { name: 'region.example.com' }, spec: { value: 'eu-1' } });
      await managed.resource<ClusterClaim>(clusterClaimResource).create({ apiVersion: 'cluster.open-cluster-management.io/v1alpha1', kind: 'ClusterClaim', metadata: { name: 'id.k8s.io' }, spec: { value: 'abc' } });
      await managed.resource<ClusterClaim>(clusterClaimResource).create({
        apiVersion: 'cluster.open-cluster-management.io/v1alpha1', kind: 'ClusterClaim', metadata: { name: 'secret.example.com', labels: { 'open-cluster-management.io/spoke-only': '' } }, spec: { value: 'x' },
      });
      const claims = await eventually('claims on the hub', async () => {
        const c = (await box!.cluster('c1'))?.status?.clusterClaims;
        return c && c.length === 2 ? c : undefined;
      });
      expect(claims).toEqual([{ name: 'id.k8s.io', value: 'abc' }, { name: 'region.example.com', value: 'eu-1' }]);
    } finally {
      managed.close();
    }
  });

  it('a restarted agent creates no new CSR while ten of its cluster\'s CSRs wait for the hub admin', async () => {
    box = await startTestBox({ clusters: ['p1'], leaseDurationSeconds: 1, retryAfterDenialMs: 200 });
    const csrs = box.admin.resource<Csr & { status?: { conditions?: object[] } }>(csrResource);
    const listed = async () => (await csrs.list({ labelSelector: `${LABEL_CLUSTER_NAME}=p1` })).items;
    // the first run asks once and stops before anyone answers, as a crash-looping agent would
    await box.startAgent('p1');
    await eventually('the first CSR', async () => (await listed()).length === 1);
    await box.stopAgent('p1');
    for (let i = 0; i < 9; i++) {
      const req = await createCertificateRequest('p1', `old${i}`);
      await csrs.create({
        apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
        metadata: { generateName: 'p1-', labels: { [LABEL_CLUSTER_NAME]: 'p1' } },
        spec: { request: req.request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'key encipherment', 'client auth'] },
      });
    }
    // restarted, it holds back, checking again every 200 ms
    await box.startAgent('p1');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await listed()).toHaveLength(10);
    // once the admin decides on one of them, the agent asks again
    const first = (await listed())[0]!;
    await box.admin.transport.json({
      method: 'PUT', path: resourcePath(csrResource, undefined, first.metadata!.name!, 'approval'), what: 'CSR denial',
      body: { ...first, status: { conditions: [{ type: 'Denied', status: 'True', reason: 'Stale', message: 'left over' }] } },
    });
    await eventually('a new CSR from the agent', async () => (await listed()).length === 11);
  });

});

