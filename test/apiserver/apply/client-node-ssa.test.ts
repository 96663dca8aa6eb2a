// Server-side apply through @kubernetes/client-node and the request checks of apply-schema.md A.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { startTestServer, statusOf } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

let t: TestServer;
const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };
const CM = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

describe('server-side apply through client-node', () => {
  it('creates with 201, re-applies, and answers 409 to a second manager unless forced', async () => {
    const api = KubernetesObjectApi.makeApiClient(t.kc);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'node-cm', namespace: 'default' }, data: { a: '1' } } as KubernetesObject;
    const created = await api.patch(cm, undefined, undefined, 'controller-a', true, PatchStrategy.ServerSideApply) as KubernetesObject;
    expect(created.metadata?.managedFields?.map((e) => [e.manager, e.operation])).toEqual([['controller-a', 'Apply']]);
    const again = await api.patch({ ...cm, data: { a: '1', b: '2' } } as KubernetesObject, undefined, undefined, 'controller-a', false, PatchStrategy.ServerSideApply);
    expect((again as { data?: unknown }).data).toEqual({ a: '1', b: '2' });

    const err = await rejection(api.patch({ ...cm, data: { a: 'x' } } as KubernetesObject, undefined, undefined, 'controller-b', false, PatchStrategy.ServerSideApply));
    expect(statusOf(err)).toMatchObject({ code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "controller-a": .data.a' });
    const forced = await api.patch({ ...cm, data: { a: 'x' } } as KubernetesObject, undefined, undefined, 'controller-b', true, PatchStrategy.ServerSideApply);
    expect((forced as { data?: unknown }).data).toEqual({ a: 'x', b: '2' });
  });

  it('applies a Deployment exactly as A.12 example 1: server defaults are nobody\'s', async () => {
    const config = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } } };
    const r = await t.raw('PATCH', '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl&force=false', { headers: APPLY, body: JSON.stringify(config) });
    expect(r.status).toBe(201);
    const obj = r.json<any>();
    expect(obj.spec.revisionHistoryLimit).toBe(10);
    expect(obj.metadata.managedFields).toEqual([{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: expect.any(String), fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:replicas': {}, 'f:selector': {},
          'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } } } },
    }]);
  });

  it('checks the apply request as kube does (A.1)', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'chk' }, data: { a: '1' } });
    const noManager = await t.raw('PATCH', `${CM}/chk`, { headers: APPLY, body });
    expect(noManager.status).toBe(422);
    expect(noManager.json<any>().message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');

    const created = await t.raw('PATCH', `${CM}/chk?fieldManager=m`, { headers: APPLY, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chk\ndata:\n  a: "1"\n' });
    expect(created.status).toBe(201);
    const updated = await t.raw('PATCH', `${CM}/chk?fieldManager=m`, { headers: APPLY, body });
    expect(updated.status).toBe(200);

    const withManaged = await t.raw('PATCH', `${CM}/chk?fieldManager=m`, { headers: APPLY, body: JSON.stringify({ ...JSON.parse(body), metadata: { name: 'chk', managedFields: [] } }) });
    expect(withManaged.json<any>()).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
    const wrongKind = await t.raw('PATCH', `${CM}/chk?fieldManager=m`, { headers: APPLY, body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'chk' } }) });
    expect(wrongKind.json<any>()).toMatchObject({ code: 400, message: 'invalid object type: /v1, Kind=ConfigMap' });
    const dupYaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chk\ndata:\n  a: "1"\n  a: "2"\n';
    const strictDup = await t.raw('PATCH', `${CM}/chk?fieldManager=m&fieldValidation=Strict`, { headers: APPLY, body: dupYaml });
    expect(strictDup.json<any>()).toMatchObject({ code: 400,
      message: 'error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map' });
    const warnDup = await t.raw('PATCH', `${CM}/chk?fieldManager=m`, { headers: APPLY, body: dupYaml });
    expect(warnDup.status).toBe(200);
    expect(warnDup.headers.warning).toBe('299 - "line 7: key \\"a\\" already set in map"');
    expect(warnDup.json<any>().data).toEqual({ a: '2' });
    const forceOnMerge = await t.raw('PATCH', `${CM}/chk?force=true`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: '{}' });
    expect(forceOnMerge.json<any>()).toMatchObject({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
    const longManager = await t.raw('POST', `${CM}?fieldManager=${'x'.repeat(129)}`, { headers: { 'Content-Type': 'application/json' }, body });
    expect(longManager.json<any>().message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
  });

  it('records Update managers for POST, PUT and patches, and keeps at most 10 of them', async () => {
    const post = await t.raw('POST', `${CM}?fieldManager=creator`, { headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'upd', labels: { a: 'b' } }, data: { k: 'v' } }) });
    expect(post.json<any>().metadata.managedFields).toEqual([{
      manager: 'creator', operation: 'Update', apiVersion: 'v1', time: expect.any(String), fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } },
    }]);
    for (let i = 0; i < 12; i++) {
      const r = await t.raw('PATCH', `${CM}/upd?fieldManager=writer-${i}`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { [`k${i}`]: 'v' } }) });
      expect(r.status).toBe(200);
    }
    const final = (await t.raw('GET', `${CM}/upd`)).json<any>();
    const managers: string[] = final.metadata.managedFields.map((e: any) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    expect(managers).toContain('writer-11');
    // an unchanged write leaves the entries alone and writes nothing
    const same = await t.raw('PATCH', `${CM}/upd?fieldManager=writer-11`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: '{"data":{"k11":"v"}}' });
    expect(same.json<any>().metadata.resourceVersion).toBe(final.metadata.resourceVersion);
  });
});
