// Bad input over HTTPS: each request gets a 4xx Status with a clear message, the server keeps serving, and nothing
// stored changes (the list's resourceVersion, which is the global revision, stays where it was).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eServer, type E2eServer } from './support.ts';

let s: E2eServer;
const JSON_CT = { 'content-type': 'application/json' };
beforeAll(async () => {
  s = await startE2eServer();
  const r = await s.raw('POST', '/api/v1/namespaces/default/configmaps', {
    headers: JSON_CT, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } }),
  });
  expect(r.status).toBe(201);
});
afterAll(async () => { await s?.stop(); });

async function snapshot(): Promise<string> {
  const r = await s.raw('GET', '/api/v1/configmaps');
  expect(r.status).toBe(200);
  const list = r.json<{ metadata: { resourceVersion: string }; items: unknown[] }>();
  return JSON.stringify({ rv: list.metadata.resourceVersion, items: list.items });
}

const cm = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fresh' }, ...extra });

const cases: [string, string, string, Record<string, string>, string | Buffer, number, string, RegExp][] = [
  ['malformed JSON', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT, '{"apiVersion":"v1","kind":"ConfigMap",', 400, 'BadRequest',
    /^the request body is not valid JSON: /],
  ['malformed YAML', 'POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'application/yaml' }, 'kind: ConfigMap\nmetadata: [name: x\n', 400,
    'BadRequest', /^the request body is not valid YAML: /],
  ['a JSON array instead of an object', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT, '[1,2]', 400, 'BadRequest', /must be a JSON object/],
  ['a kind that does not match the path', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT,
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }), 400, 'BadRequest', /\(Secret\) does not match .*ConfigMap/],
  ['an apiVersion that does not match the path', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT,
    JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }), 400, 'BadRequest',
    /^the API version in the data \(apps\/v1\) does not match the expected API version \(v1\)$/],
  ['a name that is not DNS-1123', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT, cm({ metadata: { name: 'Bad_Name' } }), 422, 'Invalid',
    /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/],
  ['a namespace name that is not a DNS-1123 label', 'POST', '/api/v1/namespaces', JSON_CT,
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }), 422, 'Invalid',
    /^Namespace "a\.b" is invalid: metadata\.name: Invalid value: "a\.b": a lowercase RFC 1123 label must consist of/],
  ['a body over 3 MiB', 'POST', '/api/v1/namespaces/default/configmaps', JSON_CT, cm({ data: { big: 'x'.repeat(3 * 1024 * 1024) } }), 413,
    'RequestEntityTooLarge', /^Request entity too large: limit is 3145728$/],
  ['an unknown patch type', 'PATCH', '/api/v1/namespaces/default/configmaps/keep', { 'content-type': 'application/x-frobnicate' }, '{}', 415,
    'UnsupportedMediaType', /^the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/strategic-merge-patch\+json, application\/apply-patch\+yaml$/],
  ['a malformed merge patch', 'PATCH', '/api/v1/namespaces/default/configmaps/keep', { 'content-type': 'application/merge-patch+json' }, '{bad', 400,
    'BadRequest', /not valid JSON/],
  ['a JSON patch that is not a list', 'PATCH', '/api/v1/namespaces/default/configmaps/keep', { 'content-type': 'application/json-patch+json' },
    '{"op":"add"}', 400, 'BadRequest', /JSON array/],
  ['a JSON patch whose test fails', 'PATCH', '/api/v1/namespaces/default/configmaps/keep', { 'content-type': 'application/json-patch+json' },
    '[{"op":"test","path":"/data/a","value":"2"},{"op":"remove","path":"/data/a"}]', 422, 'Invalid', /rejected our request/],
  ['a PUT whose name differs from the URL', 'PUT', '/api/v1/namespaces/default/configmaps/keep', JSON_CT, cm({ metadata: { name: 'other' } }), 400,
    'BadRequest', /^the name of the object \(other\) does not match the name on the URL \(keep\)$/],
  ['a create in a namespace that does not exist', 'POST', '/api/v1/namespaces/nowhere/configmaps', JSON_CT, cm(), 404, 'NotFound',
    /^namespaces "nowhere" not found$/],
  ['an unsupported body type', 'POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'text/plain' }, 'hello', 415, 'UnsupportedMediaType',
    /unknown format/],
  ['a protobuf body that is not protobuf', 'POST', '/api/v1/namespaces/default/configmaps', { 'content-type': 'application/vnd.kubernetes.protobuf' },
    Buffer.from('{"kind":"ConfigMap"}'), 400, 'BadRequest', /does not appear to be a protobuf message/],
  ['a bad label selector', 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=a%20b', {}, '', 400, 'BadRequest',
    /^unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt$/],
];

describe('bad input', () => {
  it.each(cases)('%s gets a 4xx Status', async (_name, method, path, headers, body, code, reason, message) => {
    const before = await snapshot();
    const r = await s.raw(method, path, { headers, ...(body !== '' ? { body } : {}) });
    expect(r.status).toBe(code);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const status = r.json();
    expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
    expect(status.message).toMatch(message);
    expect(await snapshot()).toBe(before);
    const health = await s.raw('GET', '/readyz');
    expect(health.status).toBe(200);
  });

  it('shows kubectl users the server message for an invalid name, and kubectl refuses a malformed manifest', async () => {
    const r = await s.kubectl(['create', 'configmap', 'Bad_Name']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const file = join(s.dataDir, 'broken.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    const broken = await s.kubectl(['apply', '-f', file]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error converting YAML to JSON');
    const keep = await s.kubectl(['get', 'configmap', 'keep', '-o', 'jsonpath={.data.a}']);
    expect(keep.stdout).toBe('1');
  });
});
