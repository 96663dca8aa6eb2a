// Server-side apply of custom resources over HTTPS: list-map merging by the schema's keys, removal and re-defaulting,
// the status subresource as a reset field, and kube's 500 for fields the schema does not declare.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/harness.ts';
import type { RawResponse, TestServer } from '../server/harness.ts';

const GADGETS = '/apis/ex.io/v1/namespaces/default/gadgets';
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.ex.io' },
  spec: {
    group: 'ex.io', scope: 'Namespaced', names: { kind: 'Gadget', plural: 'gadgets' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', properties: {
          replicas: { type: 'integer', default: 1 },
          ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
        } },
        status: { type: 'object', properties: { phase: { type: 'string' } } },
      } } },
    }],
  },
};

let t: TestServer;

const apply = (manager: string, body: unknown, path = '', extra = ''): Promise<RawResponse> =>
  t.raw('PATCH', `${GADGETS}/g${path}?fieldManager=${manager}${extra}`, { headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: JSON.stringify(body) });
const gadget = (spec: unknown, more: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ apiVersion: 'ex.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec, ...more });
const owners = (obj: any): Record<string, unknown> =>
  Object.fromEntries(obj.metadata.managedFields.map((e: any) => [`${e.manager}${e.subresource ? `/${e.subresource}` : ''}`, e.fieldsV1]));

beforeAll(async () => {
  t = await startTestServer();
  expect((await t.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(crd) })).status).toBe(201);
});

afterAll(async () => {
  await t?.stop();
});

describe('server-side apply of custom resources', () => {
  it('merges keyed lists per manager, ignores status on the main endpoint and leaves defaults unowned', async () => {
    const created = await apply('a', gadget({ ports: [{ name: 'http', port: 80 }] }, { status: { phase: 'Ready' } }));
    expect(created.status).toBe(201);
    expect(created.json<any>().spec).toEqual({ ports: [{ name: 'http', port: 80 }], replicas: 1 });
    expect(created.json<any>().status).toBeUndefined();
    expect(owners(created.json())).toEqual({ a: { 'f:spec': { 'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } } } } });

    const second = await apply('b', gadget({ ports: [{ name: 'metrics', port: 9090 }] }));
    expect(second.status).toBe(200);
    expect(second.json<any>().spec.ports).toEqual([{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }]);

    const dropped = await apply('a', gadget({ replicas: 3 }));
    expect(dropped.json<any>().spec).toEqual({ ports: [{ name: 'metrics', port: 9090 }], replicas: 3 });
    const again = await apply('a', gadget({}));
    expect(again.json<any>().spec.replicas).toBe(1); // removed, then defaulted again
  });

  it('applies status through /status as its own subresource entry', async () => {
    const r = await apply('controller', { apiVersion: 'ex.io/v1', kind: 'Gadget', metadata: { name: 'g' }, status: { phase: 'Ready' } }, '/status');
    expect(r.status).toBe(200);
    expect(r.json<any>().status).toEqual({ phase: 'Ready' });
    expect(owners(r.json())['controller/status']).toEqual({ 'f:status': { 'f:phase': {} } });
    const conflict = await apply('other', { apiVersion: 'ex.io/v1', kind: 'Gadget', metadata: { name: 'g' }, status: { phase: 'Failed' } }, '/status');
    expect(conflict.json<any>().message).toBe('Apply failed with 1 conflict: conflict with "controller" with subresource "status": .status.phase');
  });

  it('answers 500 for a field the schema does not declare, as kube 1.35 does', async () => {
    const r = await apply('a', gadget({ colour: 'red' }));
    expect(r.status).toBe(500);
    expect(r.json<any>().message).toBe('failed to create typed patch object (default/g; ex.io/v1, Kind=Gadget): .spec.colour: field not declared in schema');
    const dup = await apply('a', gadget({ ports: [{ name: 'x' }, { name: 'x' }] }));
    expect(dup.json<any>().message).toContain('.spec.ports: duplicate entries for key [name="x"]');
  });

  it('computes a dry run without storing it', async () => {
    const before = (await t.raw('GET', `${GADGETS}/g`)).json<any>();
    const dry = await apply('a', gadget({ replicas: 7 }), '', '&dryRun=All');
    expect(dry.json<any>().spec.replicas).toBe(7);
    expect((await t.raw('GET', `${GADGETS}/g`)).json<any>().metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
