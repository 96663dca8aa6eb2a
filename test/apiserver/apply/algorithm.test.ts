// The server-side apply algorithm against the worked examples of apply-schema.md A.12 (managedFields byte-exact).
import { describe, expect, it } from 'vitest';
import { serverSideApply } from '../../../src/apiserver/apply/apply.ts';
import type { ApplyRequest } from '../../../src/apiserver/apply/apply.ts';
import { decodeFields, encodeFields, renderPath } from '../../../src/apiserver/apply/fieldset.ts';
import { createdFields } from '../../../src/apiserver/apply/created.ts';
import { decodeManaged, encodeManaged, recordUpdate } from '../../../src/apiserver/apply/managed.ts';
import { builtinType, crdType } from '../../../src/apiserver/apply/schema-model.ts';
import type { JSONSchemaProps } from '../../../src/apiserver/registry/schema/index.ts';

type Obj = Record<string, unknown>;

const deployment = builtinType('apps', 'Deployment');
const configMap = builtinType('', 'ConfigMap');

function applyAs(base: Omit<ApplyRequest, 'live' | 'applied' | 'manager' | 'now'>, manager: string, now: string, live: Obj | undefined, applied: Obj, force = false): Obj {
  return serverSideApply({ ...base, manager, now, live, applied: structuredClone(applied), force });
}

const managed = (obj: Obj): Obj[] => (obj.metadata as Obj).managedFields as Obj[];

const deployBase = { force: false, apiVersion: 'apps/v1', kind: 'Deployment', type: deployment, resetStatus: true, describe: 'default/web; apps/v1, Kind=Deployment' };
const webConfig = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 3, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
  },
};

describe('server-side apply (A.12 worked examples)', () => {
  it('example 1: an apply that creates records exactly the applied fields, keys with defaulted protocol', () => {
    const out = applyAs(deployBase, 'kubectl', '2025-01-01T00:00:01Z', undefined, webConfig);
    expect(managed(out)).toEqual([{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-01-01T00:00:01Z', fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:replicas': {}, 'f:selector': {},
          'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } } } },
    }]);
  });

  it('example 2: an Update takes a field, apply conflicts, force transfers it, dropping it removes it', () => {
    const created = applyAs(deployBase, 'kubectl', 'T1', undefined, webConfig);
    const put = structuredClone(created);
    (put.spec as Obj).replicas = 5;
    const entries = recordUpdate(decodeManaged(managed(created)), created, put, {
      manager: 'my-controller', apiVersion: 'apps/v1', now: 'T2', type: deployment, resetStatus: true,
    });
    (put.metadata as Obj).managedFields = encodeManaged(entries);
    expect(managed(put)[1]).toEqual({ manager: 'my-controller', operation: 'Update', apiVersion: 'apps/v1', time: 'T2', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(JSON.stringify(managed(put)[0].fieldsV1)).not.toContain('f:replicas');

    let error: { status?: Obj } | undefined;
    try {
      applyAs(deployBase, 'kubectl', 'T3', put, webConfig);
    } catch (err) {
      error = err as { status: Obj };
    }
    expect(error?.status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "my-controller" using apps/v1: .spec.replicas', reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "my-controller" using apps/v1', field: '.spec.replicas' }] },
      code: 409,
    });

    const forced = applyAs(deployBase, 'kubectl', 'T3', put, webConfig, true);
    expect((forced.spec as Obj).replicas).toBe(3);
    expect(managed(forced).map((e) => e.manager)).toEqual(['kubectl']);
    expect(managed(forced)[0].time).toBe('T3');

    const smaller = structuredClone(webConfig) as Obj;
    delete (smaller.spec as Obj).replicas;
    delete ((((smaller.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0].ports;
    const reduced = applyAs(deployBase, 'kubectl', 'T4', forced, smaller);
    expect((reduced.spec as Obj).replicas).toBeUndefined();
    const container = ((((reduced.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0];
    expect(container.ports).toBeUndefined();
    expect(managed(reduced)[0].fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:selector': {}, 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
  });

  it('example 3: shared ownership keeps a field until its last applier drops it', () => {
    const base = { force: false, apiVersion: 'v1', kind: 'ConfigMap', type: configMap, resetStatus: false, describe: 'x' };
    const cm = (meta: Obj, data: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', ...meta }, data });
    let live = applyAs(base, 'mgr-a', 'T1', undefined, cm({ labels: { team: 'a' } }, { a: '1', shared: 'x' }));
    expect(managed(live)[0].fieldsV1).toEqual({ 'f:data': { 'f:a': {}, 'f:shared': {} }, 'f:metadata': { 'f:labels': { 'f:team': {} } } });
    live = applyAs(base, 'mgr-b', 'T2', live, cm({}, { shared: 'x', b: '2' }));
    live = applyAs(base, 'mgr-a', 'T3', live, cm({}, { a: '1' }));
    expect(live.data).toEqual({ a: '1', shared: 'x', b: '2' });
    expect((live.metadata as Obj).labels).toBeUndefined();
    expect(managed(live)).toEqual([
      { manager: 'mgr-b', operation: 'Apply', apiVersion: 'v1', time: 'T2', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:b': {}, 'f:shared': {} } } },
      { manager: 'mgr-a', operation: 'Apply', apiVersion: 'v1', time: 'T3', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
    live = applyAs(base, 'mgr-b', 'T4', live, cm({}, { b: '2' }));
    expect(live.data).toEqual({ a: '1', b: '2' });
  });

  it('example 4: kubectl forgives conflicts with its client-side apply and rewrites last-applied', () => {
    const base = { force: false, apiVersion: 'v1', kind: 'ConfigMap', type: configMap, resetStatus: false, describe: 'x' };
    const lastApplied = '{"apiVersion":"v1","data":{"k":"v1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}';
    const created: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } }, data: { k: 'v1' } };
    (created.metadata as Obj).managedFields = encodeManaged(recordUpdate([], undefined, created, {
      manager: 'kubectl-client-side-apply', apiVersion: 'v1', now: 'T1', type: configMap, resetStatus: false,
    }));
    expect(managed(created)[0].fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } });
    const applied = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { k: 'v2' } };
    const out = applyAs(base, 'kubectl', 'T2', created, applied);
    expect(out.data).toEqual({ k: 'v2' });
    expect(((out.metadata as Obj).annotations as Obj)['kubectl.kubernetes.io/last-applied-configuration'])
      .toBe('{"apiVersion":"v1","data":{"k":"v2"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}');
    expect(managed(out).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl', { 'f:data': { 'f:k': {} } }],
      ['kubectl-client-side-apply', { 'f:data': {}, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }],
    ]);
  });

  it('attributes what an untracked object already had to before-first-apply', () => {
    const base = { force: false, apiVersion: 'v1', kind: 'ConfigMap', type: configMap, resetStatus: false, describe: 'x' };
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old', resourceVersion: '3' }, data: { a: '1', b: '2' } };
    const out = applyAs(base, 'newcomer', 'T9', live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old' }, data: { a: '1' } });
    expect(managed(out).map((e) => [e.manager, e.operation, e.time, e.fieldsV1])).toEqual([
      ['newcomer', 'Apply', undefined, { 'f:data': { 'f:a': {} } }],
      ['before-first-apply', 'Update', 'T9', { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } }],
    ]);
    expect(out.data).toEqual({ a: '1', b: '2' });
  });

  it('a CR created by POST owns its defaults, with "." on new granular nodes (C.8)', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: {
      replicas: { type: 'integer', default: 1 }, mode: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      opts: { type: 'object', nullable: true, properties: { x: { type: 'string', default: 'd' } } },
    } } } };
    const obj = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w', uid: 'u', creationTimestamp: 'c' }, spec: { mode: 'a', opts: { x: 'd' }, replicas: 1, tags: ['t'] } };
    const entries = recordUpdate([], undefined, obj, { manager: 'kubectl-create', apiVersion: 'ex.io/v1', now: 'T', type: crdType(schema), resetStatus: false });
    expect(encodeManaged(entries)?.[0].fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:mode': {}, 'f:opts': { '.': {}, 'f:x': {} }, 'f:replicas': {}, 'f:tags': { '.': {}, 'v:"t"': {} } } });
  });

  it('an apply of an undeclared CR field fails as kube 1.35 does (500)', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } };
    const run = (): Obj => serverSideApply({
      live: undefined, applied: { apiVersion: 'ex.io/v1', kind: 'W', metadata: { name: 'w' }, spec: { foo: 1 } }, manager: 'm', force: false,
      apiVersion: 'ex.io/v1', kind: 'W', type: crdType(schema), resetStatus: false, now: 'T', describe: 'ns/w; ex.io/v1, Kind=W',
    });
    expect(run).toThrow('failed to create typed patch object (ns/w; ex.io/v1, Kind=W): .spec.foo: field not declared in schema');
  });
});

describe('the create fast path', () => {
  it('writes the same FieldsV1 as the general Update bookkeeping', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: {
      items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } } },
      free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    } }, status: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
    const cases: [Obj, ReturnType<typeof builtinType>, boolean][] = [
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', uid: 'u', labels: { a: 'b' }, finalizers: ['x/y'] }, data: { k: 'v', a: '' } }, configMap, false],
      [{ ...structuredClone(webConfig), status: { replicas: 1 } }, deployment, true],
      [{ apiVersion: 'ex.io/v1', kind: 'W', metadata: { name: 'w', annotations: {} }, spec: { items: [{ name: 'b', v: 1 }, { name: 'a' }], free: { x: { y: [1] } } }, status: { ok: true } }, crdType(schema), true],
    ];
    for (const [obj, type, resetStatus] of cases) {
      const general = encodeManaged(recordUpdate([], undefined, obj, { manager: 'm', apiVersion: 'v', now: 'T', type, resetStatus }))?.[0].fieldsV1;
      expect(JSON.stringify(createdFields(obj, type, resetStatus, undefined))).toBe(JSON.stringify(general));
    }
  });
});

describe('FieldsV1', () => {
  it('encodes in kube order and round-trips', () => {
    const raw = { 'v:"b"': {}, 'k:{"name":"z"}': { '.': {}, 'f:b': {} }, 'f:b': {}, 'f:a': { '.': {}, 'f:x': {} }, 'i:2': {}, 'k:{"name":"a"}': {} };
    const set = decodeFields(raw);
    expect(Object.keys(encodeFields(set))).toEqual(['f:a', 'f:b', 'k:{"name":"a"}', 'k:{"name":"z"}', 'v:"b"', 'i:2']);
    expect(encodeFields(decodeFields(encodeFields(set)))).toEqual(encodeFields(set));
    expect(() => decodeFields({ 'f:a': 1 })).toThrow();
  });

  it('renders conflict paths as kube does', () => {
    expect(renderPath(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(renderPath(['f:metadata', 'f:finalizers', 'v:"a/b"'])).toBe('.metadata.finalizers[="a/b"]');
  });

  it('merges lists keeping live-only items near their neighbours', () => {
    const type = builtinType('', 'Pod');
    const c = (...names: string[]): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: names.map((name) => ({ name })) } });
    const base = { force: true, apiVersion: 'v1', kind: 'Pod', type, resetStatus: true, describe: 'x' };
    const live = applyAs(base, 'other', 'T1', undefined, c('a', 'b', 'c'));
    const out = applyAs(base, 'mine', 'T2', live, c('d', 'c', 'a'));
    expect(((out.spec as Obj).containers as Obj[]).map((x) => x.name)).toEqual(['b', 'd', 'c', 'a']);
  });
});
