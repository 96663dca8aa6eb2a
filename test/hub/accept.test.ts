// The accept reconciler against the embedded hub: what acceptance creates, what denial takes away, what deletion cleans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINALIZER_API_RESOURCE_CLEANUP, LABEL_CLUSTER_NAME, managedClusterResource, manifestWorkResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { eventResource, findCondition, namespaceResource } from '../../src/kube/index.ts';
import type { CoreEvent, KubeObject, Namespace } from '../../src/kube/index.ts';
import { clusterRoleBindingResource, clusterRoleResource, roleBindingResource } from '../../src/hub/registration/resources.ts';
import type { ClusterRole, RoleBinding } from '../../src/hub/registration/resources.ts';
import { eventually, joinCluster, rejection, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

const clusters = () => hub.admin.resource<ManagedCluster>(managedClusterResource);
const accepted = async (name: string, status: string) => {
  const mc = await clusters().get(name);
  return findCondition(mc.status?.conditions, 'HubAcceptedManagedCluster')?.status === status ? mc : undefined;
};

describe('accepting a cluster', () => {
  it('creates the cluster namespace, finalizer, RBAC and HubAcceptedManagedCluster=True with an event', async () => {
    await joinCluster(hub, 'c1');
    const mc = await eventually(() => accepted('c1', 'True'), 20_000, 'c1 accepted');
    const cond = findCondition(mc.status?.conditions, 'HubAcceptedManagedCluster')!;
    expect(cond).toMatchObject({ reason: 'HubClusterAdminAccepted', message: 'Accepted by hub cluster admin' });
    expect(mc.metadata.finalizers).toContain(FINALIZER_API_RESOURCE_CLEANUP);
    const ns = await hub.admin.resource<Namespace>(namespaceResource).get('c1');
    expect(ns.metadata.labels?.[LABEL_CLUSTER_NAME]).toBe('c1');
    const role = await hub.admin.resource<ClusterRole>(clusterRoleResource).get('open-cluster-management:managedcluster:c1');
    expect(role.rules).toContainEqual({ apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters'], resourceNames: ['c1'], verbs: ['get', 'list', 'update', 'watch'] });
    expect(role.rules).toContainEqual({ apiGroups: ['register.open-cluster-management.io'], resources: ['managedclusters/clientcertificates'], verbs: ['renew'] });
    const crb = await hub.admin.resource<RoleBinding>(clusterRoleBindingResource).get('open-cluster-management:managedcluster:c1');
    expect(crb.subjects?.map((s) => s.name)).toEqual(['system:open-cluster-management:c1', 'open-cluster-management:c1']);
    const rbs = hub.admin.resource<RoleBinding>(roleBindingResource);
    expect((await rbs.get('open-cluster-management:managedcluster:c1:registration', 'c1')).roleRef.name).toBe('open-cluster-management:managedcluster:registration');
    const work = await rbs.get('open-cluster-management:managedcluster:c1:work', 'c1');
    expect(work.roleRef.name).toBe('open-cluster-management:managedcluster:work');
    expect(work.metadata.finalizers).toContain('cluster.open-cluster-management.io/manifest-work-cleanup');
    await eventually(async () => {
      const events = await hub.admin.resource<CoreEvent>(eventResource).list({ namespace: 'default' });
      return events.items.some((e) => e.reason === 'ManagedClusterAccepted' && e.involvedObject.name === 'c1');
    }, 10_000, 'ManagedClusterAccepted event');
  });

  it('on deny shrinks the cluster role, removes the namespace bindings and sets HubClusterAdminDenied', async () => {
    const agent = await joinCluster(hub, 'c2');
    await eventually(() => accepted('c2', 'True'), 20_000, 'c2 accepted');
    expect((await agent.resource(manifestWorkResource).list({ namespace: 'c2' })).items).toEqual([]);
    await clusters().patch('c2', { spec: { hubAcceptsClient: false } });
    const mc = await eventually(() => accepted('c2', 'False'), 20_000, 'c2 denied');
    expect(findCondition(mc.status?.conditions, 'HubAcceptedManagedCluster')).toMatchObject({ reason: 'HubClusterAdminDenied', message: 'Denied by hub cluster admin' });
    const role = await hub.admin.resource<ClusterRole>(clusterRoleResource).get('open-cluster-management:managedcluster:c2');
    expect(role.rules).toEqual([{ apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters'], resourceNames: ['c2'], verbs: ['get', 'list', 'watch'] }]);
    const rbs = hub.admin.resource<RoleBinding>(roleBindingResource);
    await eventually(async () => (await rbs.getOrUndefined('open-cluster-management:managedcluster:c2:work', 'c2')) === undefined, 10_000, 'work binding gone');
    expect(await rbs.getOrUndefined('open-cluster-management:managedcluster:c2:registration', 'c2')).toBeUndefined();
    // the agent is cut off: no namespace access, no status writes, only a read of its own cluster
    expect((await rejection(agent.resource(manifestWorkResource).list({ namespace: 'c2' }))).code).toBe(403);
    expect((await rejection(agent.resource<ManagedCluster>(managedClusterResource).patchStatus('c2', { status: { version: { kubernetes: 'v1' } } }))).code).toBe(403);
    expect((await agent.resource<ManagedCluster>(managedClusterResource).get('c2')).spec?.hubAcceptsClient).toBe(false);
  });

  it('on delete removes the cluster RBAC and the namespace it created, then the finalizers, and the cluster goes', async () => {
    await joinCluster(hub, 'c3');
    await eventually(() => accepted('c3', 'True'), 20_000, 'c3 accepted');
    const namespaces = hub.admin.resource<Namespace>(namespaceResource);
    expect((await namespaces.get('c3')).metadata.annotations?.['ocm-ts.io/created-by']).toBe('registration-controller');
    await clusters().delete('c3');
    await eventually(async () => (await namespaces.getOrUndefined('c3')) === undefined, 20_000, 'namespace c3 deleted');
    await eventually(async () => (await clusters().getOrUndefined('c3')) === undefined, 20_000, 'c3 deleted');
    expect(await hub.admin.resource<ClusterRole>(clusterRoleResource).getOrUndefined('open-cluster-management:managedcluster:c3')).toBeUndefined();
    expect(await hub.admin.resource<RoleBinding>(clusterRoleBindingResource).getOrUndefined('open-cluster-management:managedcluster:c3')).toBeUndefined();
    expect(await hub.admin.resource<RoleBinding>(roleBindingResource).getOrUndefined('open-cluster-management:managedcluster:c3:work', 'c3')).toBeUndefined();
  });

  it('on delete keeps a cluster namespace that existed before the cluster was accepted', async () => {
    const namespaces = hub.admin.resource<Namespace>(namespaceResource);
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c5', labels: { team: 'edge' } } });
    await joinCluster(hub, 'c5');
    await eventually(() => accepted('c5', 'True'), 20_000, 'c5 accepted');
    const ns = await namespaces.get('c5');
    expect(ns.metadata.labels).toMatchObject({ team: 'edge', [LABEL_CLUSTER_NAME]: 'c5' });
    expect(ns.metadata.annotations?.['ocm-ts.io/created-by']).toBeUndefined();
    await clusters().delete('c5');
    await eventually(async () => (await clusters().getOrUndefined('c5')) === undefined, 20_000, 'c5 deleted');
    expect(await hub.admin.resource<RoleBinding>(roleBindingResource).getOrUndefined('open-cluster-management:managedcluster:c5:registration', 'c5')).toBeUndefined();
    expect((await namespaces.get('c5')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('on delete first removes the ManifestWorks left in the cluster namespace, lowest cleanup-priority first', async () => {
    await joinCluster(hub, 'c4');
    const works = hub.admin.resource<KubeObject>(manifestWorkResource);
    const work = (name: string, priority?: string): KubeObject => ({
      apiVersion: 'work.open-cluster-management.io/v1', kind: 'ManifestWork',
      metadata: { name, namespace: 'c4', ...(priority ? { annotations: { 'open-cluster-management.io/cleanup-priority': priority } } : {}),
        finalizers: ['test.ocm.io/hold'] },
      spec: { workload: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } }] } },
    } as KubeObject);
    await works.create(work('late', '50'));
    await works.create(work('early'));
    await clusters().delete('c4');
    // the un-annotated work goes first; the other waits until it is gone
    await eventually(async () => (await works.get('early', 'c4')).metadata?.deletionTimestamp, 15_000, 'early work deleting');
    const deleting = await eventually(async () => findCondition((await clusters().get('c4')).status?.conditions, 'Deleting'), 15_000, 'Deleting condition');
    expect(deleting).toMatchObject({ status: 'True', reason: 'ResourceRemaining' });
    expect((await works.get('late', 'c4')).metadata?.deletionTimestamp).toBeUndefined();
    await works.patch('early', { metadata: { finalizers: [] } }, { namespace: 'c4' });
    await eventually(async () => (await works.get('late', 'c4')).metadata?.deletionTimestamp, 15_000, 'late work deleting');
    expect(await clusters().getOrUndefined('c4')).toBeDefined();
    await works.patch('late', { metadata: { finalizers: [] } }, { namespace: 'c4' });
    await eventually(async () => (await clusters().getOrUndefined('c4')) === undefined, 20_000, 'c4 deleted');
    expect(await hub.admin.resource<ClusterRole>(clusterRoleResource).getOrUndefined('open-cluster-management:managedcluster:c4')).toBeUndefined();
  });
});

