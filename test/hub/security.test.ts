// The security model of docs/registration.md, line by line, with the identities that really hit a hub: the bootstrap
// token and an agent's client certificate issued through the CSR API. Every denial comes from the embedded API
// server's RBAC or from the hub's admission webhooks it calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAINT_CLUSTER_UNREACHABLE, managedClusterResource, manifestWorkResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { KubeClient, configMapResource, csrResource, findCondition, leaseResource, secretResource } from '../../src/kube/index.ts';
import type { KubeObject, Lease } from '../../src/kube/index.ts';
import type { CertificateSigningRequest } from '../../src/hub/registration/resources.ts';
import { agentUser, createAgentCsr, eventually, joinCluster, newManagedCluster, rejection, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
let agent1: KubeClient; // the agent of cluster s1
let bootstrap: KubeClient;

const work = (ns: string): KubeObject => ({
  apiVersion: 'work.open-cluster-management.io/v1', kind: 'ManifestWork', metadata: { name: 'w', namespace: ns },
  spec: { workload: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: { a: 'b' } }] } },
} as KubeObject);

beforeAll(async () => {
  hub = await startHub();
  agent1 = await joinCluster(hub, 's1');
  await joinCluster(hub, 's2');
  bootstrap = hub.clientFor({ token: hub.token });
  // both namespaces and their bindings exist before the checks start
  for (const name of ['s1', 's2']) {
    await eventually(async () => {
      const mc = await hub.admin.resource<ManagedCluster>(managedClusterResource).get(name);
      return findCondition(mc.status?.conditions, 'HubAcceptedManagedCluster')?.status === 'True';
    }, 20_000, `${name} accepted`);
  }
  await hub.admin.resource(manifestWorkResource).create(work('s1'));
  await hub.admin.resource(manifestWorkResource).create(work('s2'));
});
afterAll(async () => {
  await hub?.stop();
});

describe('an agent', () => {
  it('reads and updates what is in its own cluster namespace', async () => {
    const works = await agent1.resource(manifestWorkResource).list({ namespace: 's1' });
    expect(works.items.map((w) => w.metadata?.name)).toEqual(['w']);
    const lease = await eventually(() => agent1.resource<Lease>(leaseResource).getOrUndefined('managed-cluster-lease', 's1'), 10_000, 'hub lease');
    lease.spec = { ...lease.spec, renewTime: new Date().toISOString().replace('Z', '000Z') };
    await agent1.resource<Lease>(leaseResource).update(lease);
  });

  it('cannot read or write another cluster\'s namespace', async () => {
    expect((await rejection(agent1.resource(manifestWorkResource).list({ namespace: 's2' }))).code).toBe(403);
    expect((await rejection(agent1.resource(manifestWorkResource).get('w', 's2'))).code).toBe(403);
    expect((await rejection(agent1.resource(manifestWorkResource).patch('w', { metadata: { labels: { x: 'y' } } }, { namespace: 's2' }))).code).toBe(403);
    expect((await rejection(agent1.resource<Lease>(leaseResource).get('managed-cluster-lease', 's2'))).code).toBe(403);
    expect((await rejection(agent1.resource(configMapResource).create({ metadata: { name: 'x', namespace: 's2' } } as KubeObject))).code).toBe(403);
    expect((await rejection(agent1.resource(secretResource).list({ namespace: 's1' }))).code).toBe(403);
  });

  it('cannot read or change another cluster\'s ManagedCluster', async () => {
    expect((await rejection(agent1.resource<ManagedCluster>(managedClusterResource).get('s2'))).code).toBe(403);
    expect((await rejection(agent1.resource<ManagedCluster>(managedClusterResource).patch('s2', { metadata: { labels: { x: 'y' } } }))).code).toBe(403);
    expect((await rejection(agent1.resource<ManagedCluster>(managedClusterResource).patchStatus('s2', { status: { version: { kubernetes: 'v9' } } }))).code).toBe(403);
  });

  it('cannot set hubAcceptsClient, even when RBAC lets it update ManagedClusters', async () => {
    // a cluster the agent's group may update (as an over-generous hub admin might grant): the webhook still says no
    await hub.admin.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('s9'));
    await hub.admin.resource(clusterRoles).create({
      metadata: { name: 'too-generous' }, rules: [{ apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters'], verbs: ['get', 'update', 'patch'] }],
    } as KubeObject);
    await hub.admin.resource(clusterRoleBindings).create({
      metadata: { name: 'too-generous' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'too-generous' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:open-cluster-management:s1' }],
    } as KubeObject);
    const denied = await eventually(async () => {
      const r = await rejection(agent1.resource<ManagedCluster>(managedClusterResource).patch('s9', { spec: { hubAcceptsClient: true } }));
      return r.message.includes('HubAcceptsClient') ? r : undefined;
    }, 10_000, 'webhook denial');
    expect(denied.code).toBe(403);
    expect(denied.message).toContain(`managedclusters/accept.cluster.open-cluster-management.io "s9" is forbidden: user "${agentUser('s1')}" cannot update the HubAcceptsClient field`);
    expect((await hub.admin.resource<ManagedCluster>(managedClusterResource).get('s9')).spec?.hubAcceptsClient).toBe(false);
    await hub.admin.resource(clusterRoleBindings).delete('too-generous');
  });

  it('cannot approve its own CSR, and a CSR naming another identity is not approved for it', async () => {
    const csr = await createAgentCsr(agent1, 's1', 'other-agent');
    const csrs = agent1.resource<CertificateSigningRequest>(csrResource);
    const mine = await csrs.get(csr.name);
    mine.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'SelfApproved', message: 'me' }] };
    const denied = await rejection(agent1.transport.json({ method: 'PUT', path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${csr.name}/approval`, body: mine, what: csr.name }));
    expect(denied.code).toBe(403);
    // a renewal in its own name is approved by the hub; the foreign-named one above stays pending
    const renewal = await createAgentCsr(agent1, 's1', 'agent1');
    await eventually(async () => (await csrs.get(renewal.name)).status?.conditions?.some((c) => c.type === 'Approved'), 15_000, 'renewal approved');
    expect((await hub.admin.resource<CertificateSigningRequest>(csrResource).get(csr.name)).status?.conditions ?? []).toEqual([]);
  });

  it('cannot remove or change the automatic taints', async () => {
    const api = agent1.resource<ManagedCluster>(managedClusterResource);
    const mc = await eventually(async () => {
      const m = await api.get('s1');
      return m.spec?.taints?.some((t) => t.key === TAINT_CLUSTER_UNREACHABLE) ? m : undefined;
    }, 10_000, 'unreachable taint');
    const stripped = { ...mc, spec: { ...mc.spec, taints: mc.spec!.taints!.filter((t) => t.key !== TAINT_CLUSTER_UNREACHABLE) } };
    const denied = await rejection(api.update(stripped));
    expect(denied.code).toBe(403);
    expect(denied.message).toContain(`user "${agentUser('s1')}" cannot add, remove or change the taints`);
    const added = { ...mc, spec: { ...mc.spec, taints: [...mc.spec!.taints!, { key: 'cluster.open-cluster-management.io/unavailable', effect: 'NoSelect' as const }] } };
    expect((await rejection(api.update(added))).code).toBe(403);
  });
});

describe('the bootstrap identity', () => {
  it('creates its ManagedCluster and CSR, and nothing else', async () => {
    const clusters = bootstrap.resource<ManagedCluster>(managedClusterResource);
    await clusters.create(newManagedCluster('b1'));
    const csr = await createAgentCsr(bootstrap, 'b1');
    expect((await rejection(clusters.patch('b1', { metadata: { labels: { x: 'y' } } }))).code).toBe(403);
    expect((await rejection(clusters.patchStatus('b1', { status: { version: { kubernetes: 'v1' } } }))).code).toBe(403);
    expect((await rejection(clusters.delete('b1'))).code).toBe(403);
    expect((await rejection(bootstrap.resource(secretResource).list({ namespace: 'kube-system' }))).code).toBe(403);
    expect((await rejection(bootstrap.resource(manifestWorkResource).list({ namespace: 's1' }))).code).toBe(403);
    const pending = await bootstrap.resource<CertificateSigningRequest>(csrResource).get(csr.name);
    pending.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'SelfApproved', message: 'me' }] };
    expect((await rejection(bootstrap.transport.json({ method: 'PUT', path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${csr.name}/approval`, body: pending, what: csr.name }))).code).toBe(403);
  });

  it('cannot create a ManagedCluster that is already accepted', async () => {
    const denied = await rejection(bootstrap.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('b2', { hubAcceptsClient: true })));
    expect(denied.code).toBe(403);
    expect(denied.message).toContain('managedclusters/accept.cluster.open-cluster-management.io "b2" is forbidden: user "system:bootstrap:ocmhub" cannot update the HubAcceptsClient field');
  });
});

const clusterRoles = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', namespaced: false };
const clusterRoleBindings = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', namespaced: false };
