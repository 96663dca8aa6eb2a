// The hub's admission webhooks as the API server calls them: taint timeAdded stamping, the default cluster set label,
// joining a ManagedClusterSet, binding one, and well-formed names and URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource, managedClusterSetBindingResource, manifestWorkResource } from '../../src/api/index.ts';
import type { ManagedCluster, ManagedClusterSetBinding } from '../../src/api/index.ts';
import type { KubeClient, KubeObject } from '../../src/kube/index.ts';
import { eventually, newManagedCluster, rejection, startHub } from './support.ts';
import type { Hub } from './support.ts';
import { generateCsr } from '../apiserver/security/csr-helpers.ts';

let hub: Hub;
let alice: KubeClient; // may manage ManagedClusters and bindings in ns team, but not join or bind sets
const clusters = () => hub.admin.resource<ManagedCluster>(managedClusterResource);
const rbac = (plural: string, namespaced = false) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', plural, namespaced });

beforeAll(async () => {
  hub = await startHub();
  const admin = hub.admin;
  await admin.resource(rbac('clusterroles')).create({ metadata: { name: 'cluster-editor' }, rules: [
    { apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters', 'managedclustersetbindings'], verbs: ['get', 'list', 'create', 'update', 'patch'] },
    { apiGroups: ['work.open-cluster-management.io'], resources: ['manifestworks'], verbs: ['get', 'list', 'create', 'update', 'patch'] },
  ] } as KubeObject);
  await admin.resource(rbac('clusterrolebindings')).create({ metadata: { name: 'alice-editor' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-editor' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }] } as KubeObject);
  await admin.resource({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }).create({ metadata: { name: 'team' } } as KubeObject);
  alice = await userClient('alice');
});
afterAll(async () => {
  await hub?.stop();
});

/** A client-certificate identity issued through the CSR API and approved by the admin. */
async function userClient(name: string): Promise<KubeClient> {
  const { request, keyPem } = await generateCsr(name, []);
  const csrs = hub.admin.resource<KubeObject & { status?: { certificate?: string; conditions?: unknown[] } }>({ group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests', namespaced: false });
  await csrs.create({ metadata: { name: `user-${name}` }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } } as KubeObject);
  const csr = await csrs.get(`user-${name}`);
  csr.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'test user' }] };
  await hub.admin.transport.json({ method: 'PUT', path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/user-${name}/approval`, body: csr, what: name });
  const issued = await eventually(async () => (await csrs.get(`user-${name}`)).status?.certificate, 15_000, 'user certificate');
  return hub.clientFor({ certPem: Buffer.from(issued, 'base64').toString('utf8'), keyPem });
}

describe('ManagedCluster mutating webhook', () => {
  it('stamps timeAdded on every taint of a new cluster, ignoring a given one, and labels it into the default set', async () => {
    const mc = await clusters().create(newManagedCluster('w1', { taints: [{ key: 'a', effect: 'NoSelect', timeAdded: '2001-01-01T00:00:00Z' }, { key: 'b', value: 'x', effect: 'PreferNoSelect' }] }));
    const times = mc.spec!.taints!.map((t) => Date.parse(t.timeAdded!));
    for (const t of times) expect(Math.abs(t - Date.now())).toBeLessThan(10 * 60_000);
    expect(mc.metadata.labels?.['cluster.open-cluster-management.io/clusterset']).toBe('default');
  });

  it('stamps a new taint on update, keeps unchanged ones and refuses a forged timeAdded', async () => {
    // the hub's taint controller also writes this cluster (unreachable taint): start once it has
    const mc = await eventually(async () => {
      const m = await clusters().get('w1');
      return m.spec?.taints?.some((t) => t.key === 'cluster.open-cluster-management.io/unreachable') ? m : undefined;
    }, 10_000, 'unreachable taint');
    const kept = mc.spec!.taints![0].timeAdded;
    const updated = await clusters().update({ ...mc, spec: { ...mc.spec, taints: [...mc.spec!.taints!, { key: 'c', effect: 'NoSelect' }] } });
    expect(updated.spec!.taints![0].timeAdded).toBe(kept);
    expect(Date.parse(updated.spec!.taints!.find((t) => t.key === 'c')!.timeAdded!)).not.toBeNaN();
    const forged = { ...updated, spec: { ...updated.spec, taints: [...updated.spec!.taints!, { key: 'd', effect: 'NoSelect' as const, timeAdded: '2001-01-01T00:00:00Z' }] } };
    const denied = await rejection(clusters().update(forged));
    expect(denied.code).toBe(400);
    expect(denied.message).toContain('It is not allowed to set TimeAdded of Taint "d".');
    const backdated = { ...updated, spec: { ...updated.spec, taints: updated.spec!.taints!.map((t) => (t.key === 'a' ? { ...t, timeAdded: '2001-01-01T00:00:00Z' } : t)) } };
    expect((await rejection(clusters().update(backdated))).message).toContain('It is not allowed to set TimeAdded of Taint "a".');
  });
});

describe('ManagedCluster validating webhook', () => {
  it('rejects a cluster name that is not a namespace name and client config URLs that are not https', async () => {
    const bad = await rejection(clusters().create(newManagedCluster('w2', { managedClusterClientConfigs: [{ url: 'http://insecure.example.com' }] })));
    expect(bad.code).toBe(400);
    expect(bad.message).toContain('url "http://insecure.example.com" is invalid in client configs');
    const dotted = await rejection(clusters().create(newManagedCluster('a.b')));
    expect(dotted.code).toBe(400);
    expect(dotted.message).toContain('metadata.name "a.b" is invalid');
  });

  it('lets a user move a cluster between sets only with managedclustersets/join on both', async () => {
    await clusters().create({ ...newManagedCluster('w3'), metadata: { name: 'w3', labels: { 'cluster.open-cluster-management.io/clusterset': 'default' } } });
    const denied = await rejection(alice.resource<ManagedCluster>(managedClusterResource).patch('w3', { metadata: { labels: { 'cluster.open-cluster-management.io/clusterset': 'prod' } } }));
    expect(denied.code).toBe(403);
    expect(denied.message).toContain('managedclustersets/join.cluster.open-cluster-management.io "default" is forbidden: user "alice" cannot add/remove a ManagedCluster to/from ManagedClusterSet "default"');
    await hub.admin.resource(rbac('clusterroles')).create({ metadata: { name: 'join-all' }, rules: [
      { apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclustersets/join'], verbs: ['create'] },
    ] } as KubeObject);
    await hub.admin.resource(rbac('clusterrolebindings')).create({ metadata: { name: 'alice-join' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'join-all' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }] } as KubeObject);
    const moved = await eventually(() => alice.resource<ManagedCluster>(managedClusterResource).patch('w3', { metadata: { labels: { 'cluster.open-cluster-management.io/clusterset': 'prod' } } }), 10_000, 'join allowed');
    expect(moved.metadata.labels?.['cluster.open-cluster-management.io/clusterset']).toBe('prod');
  });
});

describe('ManagedClusterSetBinding validating webhook', () => {
  const binding = (name: string, set: string): ManagedClusterSetBinding => ({
    apiVersion: 'cluster.open-cluster-management.io/v1beta2', kind: 'ManagedClusterSetBinding', metadata: { name, namespace: 'team' }, spec: { clusterSet: set },
  });

  it('requires the binding to be named after its set', async () => {
    const denied = await rejection(hub.admin.resource<ManagedClusterSetBinding>(managedClusterSetBindingResource).create(binding('other', 'global')));
    expect(denied.code).toBe(400);
    expect(denied.message).toContain('The ManagedClusterSetBinding must have the same name as the target ManagedClusterSet');
  });

  it('requires managedclustersets/bind on the set', async () => {
    const bindings = alice.resource<ManagedClusterSetBinding>(managedClusterSetBindingResource);
    const denied = await rejection(bindings.create(binding('global', 'global')));
    expect(denied.code).toBe(403);
    expect(denied.message).toContain('managedclustersets/bind.apps "global" is forbidden: user "alice" is not allowed to bind cluster set "global"');
    const created = await hub.admin.resource<ManagedClusterSetBinding>(managedClusterSetBindingResource).create(binding('global', 'global'));
    expect(created.spec?.clusterSet).toBe('global');
  });
});

describe('ManifestWork validating webhook', () => {
  const work = (name: string, manifests: unknown[], executor?: unknown): KubeObject => ({
    apiVersion: 'work.open-cluster-management.io/v1', kind: 'ManifestWork', metadata: { name, namespace: 'team' },
    spec: { workload: { manifests }, ...(executor ? { executor } : {}) },
  } as KubeObject);
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
  const executor = { subject: { type: 'ServiceAccount', serviceAccount: { namespace: 'ns1', name: 'deployer' } } };

  it('requires manifests, each with a name', async () => {
    const works = hub.admin.resource<KubeObject>(manifestWorkResource);
    const empty = await rejection(works.create(work('empty', [])));
    expect(empty.code).toBe(400);
    expect(empty.message).toContain('Workload manifests should not be empty');
    const unnamed = await rejection(works.create(work('unnamed', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } }])));
    expect(unnamed.code).toBe(400);
    expect(unnamed.message).toContain('name must be set in manifest');
  });

  it('lets only a user who may execute-as the service account name it as executor', async () => {
    const denied = await rejection(alice.resource<KubeObject>(manifestWorkResource).create(work('as-sa', [cm('a')], executor)));
    expect(denied.code).toBe(400);
    expect(denied.message).toContain('user alice cannot manipulate the Manifestwork with executor ns1/deployer in namespace team');
    expect((await alice.resource<KubeObject>(manifestWorkResource).create(work('plain', [cm('b')]))).metadata?.name).toBe('plain');
    expect((await hub.admin.resource<KubeObject>(manifestWorkResource).create(work('as-sa', [cm('a')], executor))).metadata?.name).toBe('as-sa');
  });
});
