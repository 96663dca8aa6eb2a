import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

const CM_PATH = '/api/v1/namespaces/default/configmaps';

describe('bad input gets a 4xx Status and changes nothing', () => {
  let t: TestServer;
  let before: string;
  beforeAll(async () => {
    t = await startTestServer();
    await t.raw('POST', CM_PATH, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stable' }, data: { a: '1' } }) });
    before = (await t.raw('GET', `${CM_PATH}/stable`)).body;
  });
  afterAll(async () => {
    // the server kept serving and the object is untouched
    expect((await t.raw('GET', `${CM_PATH}/stable`)).body).toBe(before);
    const list = (await t.raw('GET', CM_PATH)).json<any>();
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['stable']);
    await t.stop();
  });

  const expectStatus = (r: { status: number; json: () => any }, code: number, reason: string, message: RegExp | string) => {
    expect(r.status).toBe(code);
    const s = r.json();
    expect(s).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
    if (typeof message === 'string') expect(s.message).toContain(message);
    else expect(s.message).toMatch(message);
  };

  it('malformed JSON', async () => {
    const r = await t.raw('POST', CM_PATH, { headers: { 'Content-Type': 'application/json' }, body: '{"metadata": {"name": ' });
    expectStatus(r, 400, 'BadRequest', 'not valid JSON');
  });

  it('malformed YAML', async () => {
    const r = await t.raw('POST', CM_PATH, { headers: { 'Content-Type': 'application/yaml' }, body: 'metadata:\n  name: [unclosed\n' });
    expectStatus(r, 400, 'BadRequest', 'not valid YAML');
  });

  it('accepts a YAML body', async () => {
    const r = await t.raw('POST', '/api/v1/namespaces', { headers: { 'Content-Type': 'application/yaml' }, body: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n' });
    expect(r.status).toBe(201);
    await t.raw('DELETE', '/api/v1/namespaces/from-yaml');
  });

  it('a kind that does not match the path', async () => {
    const r = await t.raw('POST', CM_PATH, { body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong' } }) });
    expectStatus(r, 400, 'BadRequest', /kind in the request body \(Secret\) does not match.*ConfigMap/);
    const v = await t.raw('POST', CM_PATH, { body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'wrong' } }) });
    expectStatus(v, 400, 'BadRequest', 'does not match the expected API version (v1)');
  });

  it('names that are not DNS-1123', async () => {
    const r = await t.raw('POST', CM_PATH, { body: JSON.stringify({ metadata: { name: 'Not_Valid' } }) });
    expectStatus(r, 422, 'Invalid', 'ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid"');
    expect(r.json<any>().details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    const missing = await t.raw('POST', CM_PATH, { body: JSON.stringify({ metadata: {} }) });
    expectStatus(missing, 422, 'Invalid', 'name or generateName is required');
  });

  it('bodies over 3 MiB', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } });
    const r = await t.raw('POST', CM_PATH, { body: big });
    expectStatus(r, 413, 'RequestEntityTooLarge', 'limit is 3145728');
  });

  it('unknown patch types and strategic merge on custom resources', async () => {
    const r = await t.raw('PATCH', `${CM_PATH}/stable`, { headers: { 'Content-Type': 'application/x-unknown' }, body: '{"data":{"a":"2"}}' });
    expectStatus(r, 415, 'UnsupportedMediaType', 'accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml');
  });

  it('a JSON patch that is not a list, and a failing JSON patch test op', async () => {
    const notList = await t.raw('PATCH', `${CM_PATH}/stable`, { headers: { 'Content-Type': 'application/json-patch+json' }, body: '{"data":{"a":"2"}}' });
    expect(notList.status).toBeGreaterThanOrEqual(400);
    expect(notList.status).toBeLessThan(500);
    const failing = await t.raw('PATCH', `${CM_PATH}/stable`, {
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'test', path: '/data/a', value: 'nope' }, { op: 'replace', path: '/data/a', value: '9' }]),
    });
    expect(failing.status).toBe(422);
  });

  it('an update whose name differs from the URL, and an unknown resource path', async () => {
    const r = await t.raw('PUT', `${CM_PATH}/stable`, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }) });
    expectStatus(r, 400, 'BadRequest', 'does not match the name on the URL');
    const unknown = await t.raw('GET', '/api/v1/widgets');
    expectStatus(unknown, 404, 'NotFound', 'the server could not find the requested resource');
  });

  it('a body that is JSON but not an object', async () => {
    const r = await t.raw('POST', CM_PATH, { body: '[1,2,3]' });
    expectStatus(r, 400, 'BadRequest', 'must be a JSON object');
  });
});
