// Real kubectl 1.35: client-side apply (strategic three-way patches), kubectl patch in all three types, status patches,
// and custom resources (merge patches; strategic refused with 415).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eServer, type E2eServer } from './support.ts';

let s: E2eServer;
beforeAll(async () => {
  s = await startE2eServer(['spoke1']);
  await s.kubectl(['create', 'ns', 'apps']);
});
afterAll(async () => { await s?.stop(); });

async function ok(args: string[], context?: string): Promise<string> {
  const r = await s.kubectl(args, { context });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

function deployment(containers: { name: string; image: string; env?: { name: string; value: string }[] }[], replicas = 1): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'apps' },
    spec: { replicas, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers } } },
  });
}

async function jsonOf(args: string[], context?: string): Promise<any> {
  return JSON.parse(await ok([...args, '-o', 'json'], context));
}

describe('kubectl apply (client-side)', () => {
  const file = (): string => join(s.dataDir, 'api.json');

  it('creates, reports unchanged, and configures with a strategic merge', async () => {
    await writeFile(file(), deployment([{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'side:1' }]));
    expect(await ok(['apply', '-f', file()])).toBe('deployment.apps/api created\n');
    expect(await ok(['apply', '-f', file()])).toBe('deployment.apps/api unchanged\n');

    // Someone else adds an env var; apply must keep it while it drops the sidecar it no longer declares.
    await ok(['set', 'env', 'deployment/api', '-n', 'apps', '-c', 'app', 'EXTRA=kept']);
    await writeFile(file(), deployment([{ name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }] }], 3));
    expect(await ok(['apply', '-f', file()])).toBe('deployment.apps/api configured\n');
    const d = await jsonOf(['get', 'deploy', 'api', '-n', 'apps']);
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual(['app=app:2']);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'EXTRA', value: 'kept' }]);
    expect(JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(3);
    expect(d.metadata.generation).toBeGreaterThan(1);
  });
});

describe('kubectl apply --server-side', () => {
  it('creates and then updates an object', async () => {
    const file = join(s.dataDir, 'ssa.json');
    const cm = (v: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'apps' }, data: { v } });
    await writeFile(file, cm('1'));
    expect(await ok(['apply', '--server-side', '-f', file])).toBe('configmap/ssa serverside-applied\n');
    await writeFile(file, cm('2'));
    expect(await ok(['apply', '--server-side', '-f', file])).toBe('configmap/ssa serverside-applied\n');
    expect((await jsonOf(['get', 'cm', 'ssa', '-n', 'apps'])).data).toEqual({ v: '2' });
  });
});

describe('kubectl patch', () => {
  it('strategic (default): merges containers by name, new ones first', async () => {
    expect(await ok(['patch', 'deploy', 'api', '-n', 'apps', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"log:1"}]}}}}']))
      .toBe('deployment.apps/api patched\n');
    const names = await ok(['get', 'deploy', 'api', '-n', 'apps', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']);
    expect(names).toBe('log app');
    await ok(['patch', 'deploy', 'api', '-n', 'apps', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"log","$patch":"delete"}]}}}}']);
    expect(await ok(['get', 'deploy', 'api', '-n', 'apps', '-o', 'jsonpath={.spec.template.spec.containers[*].name}'])).toBe('app');
  });

  it('merge: replaces lists and deletes keys with null', async () => {
    await ok(['create', 'configmap', 'cfg', '-n', 'apps', '--from-literal=a=1', '--from-literal=b=2']);
    expect(await ok(['patch', 'configmap', 'cfg', '-n', 'apps', '--type=merge', '-p', '{"data":{"a":null,"c":"3"}}'])).toBe('configmap/cfg patched\n');
    expect((await jsonOf(['get', 'cm', 'cfg', '-n', 'apps'])).data).toEqual({ b: '2', c: '3' });
  });

  it('json: applies operations, and a failing test op changes nothing', async () => {
    expect(await ok(['patch', 'configmap', 'cfg', '-n', 'apps', '--type=json', '-p', '[{"op":"add","path":"/data/d","value":"4"},{"op":"remove","path":"/data/b"}]']))
      .toBe('configmap/cfg patched\n');
    expect((await jsonOf(['get', 'cm', 'cfg', '-n', 'apps'])).data).toEqual({ c: '3', d: '4' });
    const failed = await s.kubectl(['patch', 'configmap', 'cfg', '-n', 'apps', '--type=json', '-p', '[{"op":"test","path":"/data/c","value":"wrong"},{"op":"remove","path":"/data/c"}]']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('The request is invalid');
    expect((await jsonOf(['get', 'cm', 'cfg', '-n', 'apps'])).data).toEqual({ c: '3', d: '4' });
  });

  it('patches the status subresource without touching spec or generation', async () => {
    const before = await jsonOf(['get', 'deploy', 'api', '-n', 'apps']);
    await ok(['patch', 'deploy', 'api', '-n', 'apps', '--subresource=status', '--type=merge', '-p', '{"status":{"readyReplicas":3,"replicas":3,"availableReplicas":3,"updatedReplicas":3}}']);
    const after = await jsonOf(['get', 'deploy', 'api', '-n', 'apps']);
    expect(after.status.readyReplicas).toBe(3);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec).toEqual(before.spec);
    expect(await ok(['get', 'deploy', 'api', '-n', 'apps', '--no-headers', '-o', 'custom-columns=READY:.status.readyReplicas'])).toBe('3\n');
  });
});

describe('custom resources', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wdg'] },
      versions: [{
        name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } },
          status: { type: 'object', properties: { conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } } } },
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      }],
    },
  };

  it('serves a CRD on a virtual cluster with its printer columns, merge patches, and refuses strategic patches', async () => {
    const dir = s.dataDir;
    await writeFile(join(dir, 'crd.json'), JSON.stringify(crd));
    expect(await ok(['apply', '-f', join(dir, 'crd.json')], 'spoke1')).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s'], 'spoke1');
    await writeFile(join(dir, 'w.json'), JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3, tags: ['a'] } }));
    expect(await ok(['apply', '-f', join(dir, 'w.json')], 'spoke1')).toBe('widget.example.com/w1 created\n');
    expect(await ok(['get', 'wdg', '-n', 'default'], 'spoke1')).toMatch(/^NAME\s+SIZE\s+READY\s+AGE\nw1\s+3\s+\S+\n$/);

    const strategic = await s.kubectl(['patch', 'widget', 'w1', '-n', 'default', '-p', '{"spec":{"size":4}}'], { context: 'spoke1' });
    expect(strategic.code).toBe(1);
    expect(strategic.stderr.trim()).toBe('error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: ' +
      'the body of the request was in an unknown format - accepted media types include: ' +
      'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    expect(await ok(['patch', 'widget', 'w1', '-n', 'default', '--type=merge', '-p', '{"spec":{"size":5,"tags":["b","c"]}}'], 'spoke1'))
      .toBe('widget.example.com/w1 patched\n');
    await ok(['patch', 'widget', 'w1', '-n', 'default', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}'], 'spoke1');
    expect(await ok(['get', 'widget', 'w1', '-n', 'default', '--no-headers'], 'spoke1')).toMatch(/^w1\s+5\s+True\s+\S+\n$/);
    expect((await jsonOf(['get', 'widget', 'w1', '-n', 'default'], 'spoke1')).spec.tags).toEqual(['b', 'c']);

    const onHub = await s.kubectl(['get', 'widgets']);
    expect(onHub.code).toBe(1);
    expect(onHub.stderr).toContain(`the server doesn't have a resource type "widgets"`);
  });
});
