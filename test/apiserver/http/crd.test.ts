import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiextensionsV1Api, CustomObjectsApi, KubernetesObjectApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startTestServer, statusOf } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

const AGG_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
const GROUP = 'cluster.open-cluster-management.io';

function managedClusterCrd(): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `managedclusters.${GROUP}` },
    spec: {
      group: GROUP,
      scope: 'Cluster',
      names: { kind: 'ManagedCluster', listKind: 'ManagedClusterList', plural: 'managedclusters', singular: 'managedcluster', shortNames: ['mcl', 'mcls'], categories: ['ocm'] },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, x_kubernetes_preserve_unknown_fields: true } },
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Hub Accepted', type: 'boolean', jsonPath: '.spec.hubAcceptsClient' }],
      }],
    },
  };
}

describe('CustomResourceDefinitions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ clusters: ['spoke'] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('accepts a CRD at once: Established and NamesAccepted, acceptedNames and storedVersions', async () => {
    const ext = t.kc.makeApiClient(ApiextensionsV1Api);
    const crd = await ext.createCustomResourceDefinition({ body: managedClusterCrd() });
    const conditions = Object.fromEntries((crd.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(conditions).toEqual({ Established: 'True', NamesAccepted: 'True' });
    expect(crd.status?.acceptedNames).toMatchObject({ kind: 'ManagedCluster', plural: 'managedclusters', shortNames: ['mcl', 'mcls'] });
    expect(crd.status?.storedVersions).toEqual(['v1']);
  });

  it('serves the new kind in aggregated and legacy discovery and in openapi', async () => {
    const apis = (await t.raw('GET', '/apis', { headers: { Accept: AGG_ACCEPT } })).json<any>();
    const group = apis.items.find((g: any) => g.metadata.name === GROUP);
    expect(group.versions[0].resources[0]).toMatchObject({
      resource: 'managedclusters',
      responseKind: { group: GROUP, version: 'v1', kind: 'ManagedCluster' },
      scope: 'Cluster',
      shortNames: ['mcl', 'mcls'],
      categories: ['ocm'],
      subresources: [{ subresource: 'status' }],
    });
    const legacy = (await t.raw('GET', `/apis/${GROUP}/v1`)).json<any>();
    expect(legacy.resources.map((r: any) => r.name)).toEqual(['managedclusters', 'managedclusters/status']);
    const index = (await t.raw('GET', '/openapi/v3')).json<any>();
    const doc = (await t.raw('GET', index.paths[`apis/${GROUP}/v1`].serverRelativeURL)).json<any>();
    const patch = Object.values(doc.paths).map((p: any) => p.patch).find(Boolean);
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: GROUP, version: 'v1', kind: 'ManagedCluster' });
    // the managed cluster has its own CRDs: not there
    const spoke = (await t.raw('GET', '/clusters/spoke/apis', { headers: { Accept: AGG_ACCEPT } })).json<any>();
    expect(spoke.items.map((g: any) => g.metadata.name)).not.toContain(GROUP);
  });

  it('stores custom objects; status only through /status; generation on spec changes; printer columns', async () => {
    const custom = t.kc.makeApiClient(CustomObjectsApi);
    const created: any = await custom.createClusterCustomObject({
      group: GROUP, version: 'v1', plural: 'managedclusters',
      body: { apiVersion: `${GROUP}/v1`, kind: 'ManagedCluster', metadata: { name: 'cluster1' }, spec: { hubAcceptsClient: true }, status: { ignored: true } },
    });
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toBeUndefined();
    const withStatus: any = await custom.patchClusterCustomObjectStatus(
      { group: GROUP, version: 'v1', plural: 'managedclusters', name: 'cluster1', body: { status: { conditions: [{ type: 'ManagedClusterJoined', status: 'True' }] }, spec: { hubAcceptsClient: false } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(withStatus.status.conditions[0].type).toBe('ManagedClusterJoined');
    expect(withStatus.spec.hubAcceptsClient).toBe(true);
    expect(withStatus.metadata.generation).toBe(1);
    const specChange: any = await custom.patchClusterCustomObject(
      { group: GROUP, version: 'v1', plural: 'managedclusters', name: 'cluster1', body: { spec: { hubAcceptsClient: false } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(specChange.metadata.generation).toBe(2);
    expect(specChange.status.conditions).toHaveLength(1);
    const table = (await t.raw('GET', `/apis/${GROUP}/v1/managedclusters`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })).json<any>();
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(expect.arrayContaining(['Name', 'Hub Accepted']));
    const hubCol = table.columnDefinitions.findIndex((c: any) => c.name === 'Hub Accepted');
    expect(table.rows[0].cells[hubCol]).toBe(false);
  });

  it('refuses an update of a custom resource without metadata.resourceVersion, as kube does', async () => {
    const current = (await t.raw('GET', `/apis/${GROUP}/v1/managedclusters/cluster1`)).json<any>();
    delete current.metadata.resourceVersion;
    const r = await t.raw('PUT', `/apis/${GROUP}/v1/managedclusters/cluster1`, { body: JSON.stringify(current) });
    expect(r.status).toBe(422);
    expect(r.json<any>().message).toBe(
      `ManagedCluster.${GROUP} "cluster1" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
    );
  });

  it('refuses strategic merge patches for custom resources with kube 415', async () => {
    const r = await t.raw('PATCH', `/apis/${GROUP}/v1/managedclusters/cluster1`, { headers: { 'Content-Type': 'application/strategic-merge-patch+json' }, body: '{"spec":{}}' });
    expect(r.status).toBe(415);
    expect(r.json<any>()).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('works through KubernetesObjectApi (legacy discovery of the CRD group)', async () => {
    const objects = KubernetesObjectApi.makeApiClient(t.kc);
    const read = await objects.read({ apiVersion: `${GROUP}/v1`, kind: 'ManagedCluster', metadata: { name: 'cluster1' } });
    expect(read.metadata?.name).toBe('cluster1');
  });

  it('deletes its objects when the CRD is deleted, and the kind leaves discovery', async () => {
    const ext = t.kc.makeApiClient(ApiextensionsV1Api);
    await ext.deleteCustomResourceDefinition({ name: `managedclusters.${GROUP}` });
    for (let i = 0; i < 100; i++) {
      const gone = await ext.readCustomResourceDefinition({ name: `managedclusters.${GROUP}` }).then(() => false, (e) => e.code === 404);
      if (gone) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await t.raw('GET', `/apis/${GROUP}/v1/managedclusters`)).status).toBe(404);
    // re-created, it starts empty
    await ext.createCustomResourceDefinition({ body: managedClusterCrd() });
    const custom = t.kc.makeApiClient(CustomObjectsApi);
    const list: any = await custom.listClusterCustomObject({ group: GROUP, version: 'v1', plural: 'managedclusters' });
    expect(list.items).toEqual([]);
  });

  it('rejects a CRD whose name is not plural.group', async () => {
    const ext = t.kc.makeApiClient(ApiextensionsV1Api);
    const bad = managedClusterCrd();
    bad.metadata.name = 'wrong.example.com';
    const err = await ext.createCustomResourceDefinition({ body: bad }).catch((e) => e);
    expect(statusOf(err)).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(statusOf(err).message).toContain('metadata.name');
  });
});
