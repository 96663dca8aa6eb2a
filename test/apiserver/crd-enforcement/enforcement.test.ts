// CRD schema enforcement over HTTPS (apply-schema.md C.5, C.8, C.9): pruning, defaulting, fieldValidation, 422s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestServer } from '../server/harness.ts';
import type { RawResponse, TestServer } from '../server/harness.ts';

const JSON_CT = { 'Content-Type': 'application/json' };
const WIDGETS = '/apis/ex.io/v1/namespaces/default/widgets';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.ex.io' },
  spec: {
    group: 'ex.io', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', required: ['mode'], properties: {
          replicas: { type: 'integer', default: 1, minimum: 0 },
          mode: { type: 'string', enum: ['a', 'b'] },
          name: { type: 'string', pattern: '^[a-z]+$' },
          tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          opts: { type: 'object', nullable: true, properties: { x: { type: 'string', default: 'd' } } },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        } },
        status: { type: 'object', properties: { ready: { type: 'boolean' } } },
      } } },
    }],
  },
};

let t: TestServer;

const post = (body: unknown, query = ''): Promise<RawResponse> => t.raw('POST', `${WIDGETS}${query}`, { headers: JSON_CT, body: JSON.stringify(body) });
const widget = (name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name, ...meta }, spec });
const warnings = (r: RawResponse): string[] => {
  const h = r.headers.warning;
  // node joins repeated headers with ", "
  return h === undefined ? [] : (Array.isArray(h) ? h : [h]).flatMap((v) => v.split(/, (?=299 )/));
};

beforeAll(async () => {
  t = await startTestServer();
  const created = await t.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: JSON_CT, body: JSON.stringify(widgetCrd) });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await t?.stop();
});

describe('CRD schema enforcement', () => {
  it('prunes unknown fields with Warning headers, applies defaults, and the creator owns them (C.8 example)', async () => {
    const r = await post({ ...widget('w', { mode: 'a', bogus: true, opts: {}, tags: ['t'], free: { any: { thing: 1 } } }), metadata: { name: 'w', foo: 1 } });
    expect(r.status).toBe(201);
    expect(warnings(r)).toEqual(['299 - "unknown field \\"metadata.foo\\""', '299 - "unknown field \\"spec.bogus\\""']);
    const obj = r.json<any>();
    expect(obj.spec).toEqual({ mode: 'a', opts: { x: 'd' }, tags: ['t'], free: { any: { thing: 1 } }, replicas: 1 });
    expect(obj.metadata.foo).toBeUndefined();
    expect(obj.metadata.managedFields).toEqual([{
      manager: 'unknown', operation: 'Update', apiVersion: 'ex.io/v1', time: obj.metadata.creationTimestamp, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { '.': {}, 'f:free': { '.': {}, 'f:any': { '.': {}, 'f:thing': {} } }, 'f:mode': {}, 'f:opts': { '.': {}, 'f:x': {} }, 'f:replicas': {}, 'f:tags': { '.': {}, 'v:"t"': {} } } },
    }]);
  });

  it('fails unknown fields with fieldValidation=Strict (400) and drops them silently with Ignore', async () => {
    const strict = await post({ ...widget('s', { mode: 'a', bogus: true }), metadata: { name: 's', foo: 1 } }, '?fieldValidation=Strict');
    expect(strict.status).toBe(400);
    expect(strict.json<any>().message).toBe('Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "metadata.foo", unknown field "spec.bogus"');
    const ignore = await post(widget('i', { mode: 'a', bogus: true }), '?fieldValidation=Ignore');
    expect(ignore.status).toBe(201);
    expect(warnings(ignore)).toEqual([]);
    expect(ignore.json<any>().spec.bogus).toBeUndefined();
    const bad = await post(widget('x', { mode: 'a' }), '?fieldValidation=Loud');
    expect(bad.status).toBe(422);
    expect(bad.json<any>().message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"');
  });

  it('answers 422 naming every bad field, with the warnings still attached', async () => {
    const r = await post(widget('bad', { mode: 'c', replicas: 'three', name: 'Upper', tags: ['t', 't'], extra: 1 }));
    expect(r.status).toBe(422);
    expect(warnings(r)).toEqual(['299 - "unknown field \\"spec.extra\\""']);
    const status = r.json<any>();
    expect(status.reason).toBe('Invalid');
    expect(status.details).toMatchObject({ name: 'bad', group: 'ex.io', kind: 'Widget' });
    expect(status.details.causes).toEqual(expect.arrayContaining([
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "c": supported values: "a", "b"', field: 'spec.mode' },
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"', field: 'spec.replicas' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "Upper": spec.name in body should match \'^[a-z]+$\'', field: 'spec.name' },
      { reason: 'FieldValueDuplicate', message: 'Duplicate value: "t"', field: 'spec.tags[1]' },
    ]));
    expect(status.message).toMatch(/^Widget\.ex\.io "bad" is invalid: \[/);
    const missing = await post(widget('missing', {}));
    expect(missing.status).toBe(422);
    expect(missing.json<any>().message).toBe('Widget.ex.io "missing" is invalid: spec.mode: Required value');
  });

  it('validates updates and patch results; Strict patches with unknown fields are 422 on "patch"', async () => {
    const created = (await post(widget('u', { mode: 'a' }))).json<any>();
    const put = await t.raw('PUT', `${WIDGETS}/u`, { headers: JSON_CT, body: JSON.stringify({ ...created, spec: { mode: 'z' } }) });
    expect(put.status).toBe(422);
    expect(put.json<any>().message).toBe('Widget.ex.io "u" is invalid: spec.mode: Unsupported value: "z": supported values: "a", "b"');
    const merge = { 'Content-Type': 'application/merge-patch+json' };
    const patched = await t.raw('PATCH', `${WIDGETS}/u?fieldValidation=Strict`, { headers: merge, body: '{"spec":{"nope":1}}' });
    expect(patched.status).toBe(422);
    expect(patched.json<any>().message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.nope"$/);
    expect(patched.json<any>().details.causes[0].field).toBe('patch');
    const ok = await t.raw('PATCH', `${WIDGETS}/u`, { headers: merge, body: '{"spec":{"mode":"b","replicas":null}}' });
    expect(ok.status).toBe(200);
    expect(ok.json<any>().spec).toEqual({ mode: 'b', replicas: 1 });
  });

  it('ignores status on the main endpoint and validates it through /status', async () => {
    const created = (await post({ ...widget('st', { mode: 'a' }), status: { ready: true } })).json<any>();
    expect(created.status).toBeUndefined();
    const merge = { 'Content-Type': 'application/merge-patch+json' };
    const bad = await t.raw('PATCH', `${WIDGETS}/st/status`, { headers: merge, body: '{"status":{"ready":"yes"}}' });
    expect(bad.status).toBe(422);
    expect(bad.json<any>().details.causes[0].field).toBe('status.ready');
    const good = await t.raw('PATCH', `${WIDGETS}/st/status`, { headers: merge, body: '{"status":{"ready":true}}' });
    expect(good.json<any>().status).toEqual({ ready: true });
    expect(good.json<any>().metadata.managedFields.map((e: any) => e.subresource ?? '')).toEqual(['', 'status']);
  });

  it('rejects a CRD whose schema is not structural (422)', async () => {
    const bad = structuredClone(widgetCrd) as any;
    bad.metadata.name = 'gadgets.ex.io';
    bad.spec.names = { kind: 'Gadget', plural: 'gadgets' };
    bad.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mode = { enum: ['a'] };
    const r = await t.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: JSON_CT, body: JSON.stringify(bad) });
    expect(r.status).toBe(422);
    expect(r.json<any>().details.causes).toContainEqual(expect.objectContaining({
      field: 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[mode].type',
    }));
  });

  it('keeps a version objects may be stored in (status.storedVersions) in spec.versions', async () => {
    const current = (await t.raw('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.ex.io')).json<any>();
    const renamed = structuredClone(current);
    renamed.spec.versions[0].name = 'v2';
    const r = await t.raw('PUT', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.ex.io', { headers: JSON_CT, body: JSON.stringify(renamed) });
    expect(r.status).toBe(422);
    expect(r.json<any>().details.causes).toContainEqual({ reason: 'FieldValueInvalid', field: 'status.storedVersions[0]', message: 'Invalid value: "v1": must appear in spec.versions' });
  });

  it('gives the upstream 422 for a Policy with a bad remediationAction (C.9)', async () => {
    const crd = parse(readFileSync(join(import.meta.dirname, '../../../crds/policy.open-cluster-management.io_policies.yaml'), 'utf8'));
    expect((await t.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: JSON_CT, body: JSON.stringify(crd) })).status).toBe(201);
    const policy = { apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', metadata: { name: 'p1' },
      spec: { remediationAction: 'bogus', disabled: false, 'policy-templates': [] } };
    const r = await t.raw('POST', '/apis/policy.open-cluster-management.io/v1/namespaces/default/policies', { headers: JSON_CT, body: JSON.stringify(policy) });
    expect(r.status).toBe(422);
    expect(r.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Policy.policy.open-cluster-management.io "p1" is invalid: spec.remediationAction: Unsupported value: "bogus": supported values: "Inform", "inform", "Enforce", "enforce"',
      reason: 'Invalid',
      details: { name: 'p1', group: 'policy.open-cluster-management.io', kind: 'Policy', causes: [{ reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "bogus": supported values: "Inform", "inform", "Enforce", "enforce"', field: 'spec.remediationAction' }] },
      code: 422,
    });
  });
});

describe('deleting a CRD (C.13)', () => {
  it('refuses new objects while the CRD terminates and its objects wait for their finalizers', async () => {
    const things = structuredClone(widgetCrd) as any;
    things.metadata.name = 'things.ex.io';
    things.spec.names = { kind: 'Thing', plural: 'things' };
    expect((await t.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: JSON_CT, body: JSON.stringify(things) })).status).toBe(201);
    const THINGS = '/apis/ex.io/v1/namespaces/default/things';
    const held = { apiVersion: 'ex.io/v1', kind: 'Thing', metadata: { name: 'held', finalizers: ['ex.io/hold'] }, spec: { mode: 'a' } };
    expect((await t.raw('POST', THINGS, { headers: JSON_CT, body: JSON.stringify(held) })).status).toBe(201);
    expect((await t.raw('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.ex.io')).status).toBe(200);
    const refused = await t.raw('POST', THINGS, { headers: JSON_CT, body: JSON.stringify({ ...held, metadata: { name: 'late' } }) });
    expect(refused.status).toBe(403);
    expect(refused.json<any>().message).toBe('things.ex.io "late" is forbidden: create not allowed while custom resource definition is terminating');
    expect((await t.raw('GET', `${THINGS}/held`)).status).toBe(200);
  });
});

describe('schema enforcement switched off (benchmark baseline)', () => {
  it('stores custom resources as sent', async () => {
    const off = await startTestServer({ schemaEnforcement: false });
    try {
      await off.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: JSON_CT, body: JSON.stringify(widgetCrd) });
      const r = await off.raw('POST', WIDGETS, { headers: JSON_CT, body: JSON.stringify(widget('w', { mode: 'c', bogus: 1 })) });
      expect(r.status).toBe(201);
      expect(r.json<any>().spec).toEqual({ mode: 'c', bogus: 1 });
    } finally {
      await off.stop();
    }
  });
});
