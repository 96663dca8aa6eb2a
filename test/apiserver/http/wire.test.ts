import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

const AGG_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('discovery and openapi on the wire', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ clusters: ['edge'] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers aggregated discovery with the exact content type and kube shape', async () => {
    const core = await t.raw('GET', '/api?timeout=32s', { headers: { Accept: AGG_ACCEPT } });
    expect(core.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const coreDoc = core.json<any>();
    expect(coreDoc).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    expect(coreDoc.items).toHaveLength(1);
    expect(coreDoc.items[0].metadata.name).toBe('');
    const cms = coreDoc.items[0].versions[0].resources.find((r: any) => r.resource === 'configmaps');
    expect(cms).toMatchObject({ responseKind: { group: '', version: 'v1', kind: 'ConfigMap' }, scope: 'Namespaced', singularResource: 'configmap', shortNames: ['cm'] });
    const apis = (await t.raw('GET', '/apis', { headers: { Accept: AGG_ACCEPT } })).json<any>();
    const certs = apis.items.find((g: any) => g.metadata.name === 'certificates.k8s.io');
    const csr = certs.versions[0].resources[0];
    expect(csr).toMatchObject({ resource: 'certificatesigningrequests', scope: 'Cluster', shortNames: ['csr'] });
    expect(csr.subresources.map((s: any) => s.subresource)).toEqual(['approval', 'status']);
    expect(certs.versions[0].freshness).toBe('Current');
  });

  it('answers legacy discovery: APIVersions, APIGroupList, APIGroup, APIResourceList', async () => {
    const api = (await t.raw('GET', '/api')).json<any>();
    expect(api).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await t.raw('GET', '/apis')).json<any>();
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.find((g: any) => g.name === 'apps')).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    const group = (await t.raw('GET', '/apis/rbac.authorization.k8s.io')).json<any>();
    expect(group).toMatchObject({ kind: 'APIGroup', name: 'rbac.authorization.k8s.io' });
    const v1 = (await t.raw('GET', '/api/v1')).json<any>();
    expect(v1).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const ns = v1.resources.find((r: any) => r.name === 'namespaces');
    expect(ns).toMatchObject({ singularName: 'namespace', namespaced: false, kind: 'Namespace', shortNames: ['ns'] });
    expect(v1.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['namespaces/status', 'namespaces/finalize', 'pods/status']));
    expect((await t.raw('GET', '/apis/nope.example.com/v1')).status).toBe(404);
  });

  it('serves the same discovery under a virtual cluster prefix', async () => {
    const r = await t.raw('GET', '/clusters/edge/apis', { headers: { Accept: AGG_ACCEPT } });
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect((await t.raw('GET', '/clusters/nope/api')).status).toBe(404);
  });

  it('serves an openapi v3 index whose documents carry a patch op per kind with fieldValidation', async () => {
    const index = (await t.raw('GET', '/openapi/v3')).json<any>();
    const url: string = index.paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const doc = (await t.raw('GET', url)).json<any>();
    const patchOps = Object.values(doc.paths).map((p: any) => p.patch).filter(Boolean);
    const cmPatch = patchOps.find((op: any) => op['x-kubernetes-group-version-kind'].kind === 'ConfigMap');
    expect(cmPatch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    expect(cmPatch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    const edgeIndex = (await t.raw('GET', '/clusters/edge/openapi/v3')).json<any>();
    expect(edgeIndex.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/clusters\/edge\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    const v2 = await t.raw('GET', '/openapi/v2', { headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    expect(v2.status).toBe(200);
    expect(v2.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });
});

describe('Table responses', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.raw('POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: 'tab', labels: { l: 'v' } }, data: { a: '1' } }) });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('prints a list as a Table with PartialObjectMetadata rows', async () => {
    const r = await t.raw('GET', '/api/v1/namespaces/default/configmaps?limit=500', { headers: { Accept: TABLE_ACCEPT } });
    expect(r.headers['content-type']).toBe('application/json');
    const table = r.json<any>();
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(table.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name' });
    const row = table.rows.find((x: any) => x.cells[0] === 'tab');
    expect(row.cells).toHaveLength(table.columnDefinitions.length);
    expect(row.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'tab', labels: { l: 'v' } } });
    expect(row.object.data).toBeUndefined();
  });

  it('includes the full object with includeObject=Object, and prints single objects too', async () => {
    const full = (await t.raw('GET', '/api/v1/namespaces/default/configmaps?includeObject=Object', { headers: { Accept: TABLE_ACCEPT } })).json<any>();
    expect(full.rows.find((x: any) => x.cells[0] === 'tab').object).toMatchObject({ kind: 'ConfigMap', data: { a: '1' } });
    const one = (await t.raw('GET', '/api/v1/namespaces/default/configmaps/tab', { headers: { Accept: TABLE_ACCEPT } })).json<any>();
    expect(one.kind).toBe('Table');
    expect(one.rows).toHaveLength(1);
    const plain = (await t.raw('GET', '/api/v1/namespaces/default/configmaps/tab', { headers: { Accept: 'application/json' } })).json<any>();
    expect(plain.kind).toBe('ConfigMap');
  });
});
