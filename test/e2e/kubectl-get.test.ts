// Real kubectl 1.35 against the hub and a virtual cluster: create, get (Table and -o formats), describe, labels.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startE2eServer, tableRows, type E2eServer } from './support.ts';

let s: E2eServer;
beforeAll(async () => { s = await startE2eServer(['spoke1']); });
afterAll(async () => { await s?.stop(); });

async function ok(args: string[], context?: string): Promise<string> {
  const r = await s.kubectl(args, { context });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('kubectl get / describe / create', () => {
  it('lists the built-in namespaces with STATUS and AGE', async () => {
    const rows = tableRows(await ok(['get', 'ns']));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['default', 'kube-system']));
    expect(rows.find((r) => r[0] === 'default')?.[1]).toBe('Active');
  });

  it('creates with typed commands (protobuf bodies) and shows them like a real cluster', async () => {
    expect(await ok(['create', 'ns', 'team-a'])).toBe('namespace/team-a created\n');
    expect(await ok(['create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=mode=fast', '--from-literal=level=3']))
      .toBe('configmap/settings created\n');
    expect(await ok(['create', 'secret', 'generic', 'creds', '-n', 'team-a', '--from-literal=password=s3cret']))
      .toBe('secret/creds created\n');
    const cm = tableRows(await ok(['get', 'configmap', 'settings', '-n', 'team-a']));
    expect(cm[0]).toEqual(['NAME', 'DATA', 'AGE']);
    expect(cm[1].slice(0, 2)).toEqual(['settings', '2']);
    const secrets = tableRows(await ok(['get', 'secrets', '-n', 'team-a']));
    expect(secrets[0]).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(secrets[1].slice(0, 3)).toEqual(['creds', 'Opaque', '1']);
    const secret = JSON.parse(await ok(['get', 'secret', 'creds', '-n', 'team-a', '-o', 'json']));
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
  });

  it('creates from a file and prints -o yaml, -o json and -o jsonpath', async () => {
    const dir = s.dataDir;
    const file = join(dir, 'deploy.yaml');
    await writeFile(file, [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web, namespace: team-a, labels: {app: web, tier: front}}',
      'spec:', '  replicas: 2', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}', ''].join('\n'));
    expect(await ok(['create', '-f', file])).toBe('deployment.apps/web created\n');
    const yaml = parse(await ok(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'yaml']));
    expect(yaml).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'team-a', generation: 1 } });
    expect(yaml.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const json = JSON.parse(await ok(['get', 'deployments.apps', '-n', 'team-a', '-o', 'json']));
    expect(json.kind).toBe('List');
    expect(json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['web']);
    expect(await ok(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx:1.27');
    const wide = tableRows(await ok(['get', 'deploy', '-n', 'team-a', '-o', 'wide']));
    expect(wide[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]).toEqual(['web', '0/2', '0', '0', wide[1][4], 'nginx', 'nginx:1.27', 'app=web']);
  });

  it('shows -A with a NAMESPACE column, -L label columns and --show-labels', async () => {
    await ok(['create', 'configmap', 'other', '-n', 'default']);
    await ok(['label', 'configmap', 'other', '-n', 'default', 'env=prod']);
    const all = tableRows(await ok(['get', 'configmaps', '-A']));
    expect(all[0]).toEqual(['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    expect(all.map((r) => `${r[0]}/${r[1]}`)).toEqual(expect.arrayContaining(['default/other', 'team-a/settings']));
    const withEnv = tableRows(await ok(['get', 'cm', '-A', '-L', 'env']));
    expect(withEnv[0]).toEqual(['NAMESPACE', 'NAME', 'DATA', 'AGE', 'ENV']);
    expect(withEnv.find((r) => r[1] === 'other')?.[4]).toBe('prod');
    const labels = tableRows(await ok(['get', 'cm', 'other', '-n', 'default', '--show-labels']));
    expect(labels[0]).toEqual(['NAME', 'DATA', 'AGE', 'LABELS']);
    expect(labels[1][3]).toBe('env=prod');
    expect(tableRows(await ok(['get', 'cm', '-A', '-l', 'env=prod', '-o', 'name'])).flat()).toEqual(['configmap/other']);
  });

  it('labels and annotates, then describe shows them', async () => {
    expect(await ok(['label', 'ns', 'team-a', 'owner=alice'])).toBe('namespace/team-a labeled\n');
    expect(await ok(['annotate', 'configmap', 'settings', '-n', 'team-a', 'note=hello'])).toBe('configmap/settings annotated\n');
    const out = await ok(['describe', 'configmap', 'settings', '-n', 'team-a']);
    expect(out).toMatch(/^Name:\s+settings$/m);
    expect(out).toMatch(/^Namespace:\s+team-a$/m);
    expect(out).toMatch(/^Annotations:\s+note: hello$/m);
    expect(out).toMatch(/^mode:\n-+\nfast$/m);
    const ns = await ok(['describe', 'ns', 'team-a']);
    expect(ns).toMatch(/^Labels:\s+kubernetes\.io\/metadata\.name=team-a\n\s+owner=alice$/m);
    expect(ns).toMatch(/^Status:\s+Active$/m);
    expect(await ok(['label', 'ns', 'team-a', 'owner-'])).toBe('namespace/team-a unlabeled\n');
    expect(await ok(['get', 'ns', 'team-a', '-o', 'jsonpath={.metadata.labels.owner}'])).toBe('');
  });

  it('reports a missing object the way kube does', async () => {
    const r = await s.kubectl(['get', 'configmap', 'nope', '-n', 'team-a']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  });

  it('serves a virtual cluster added at run time through the admin endpoint, until it is removed', async () => {
    const added = await s.raw('POST', '/admin/clusters/late');
    expect(added.status).toBe(201);
    expect(await ok(['create', 'configmap', 'hello', '-n', 'default'], 'late')).toBe('configmap/hello created\n');
    expect(await ok(['get', 'cm', 'hello', '-n', 'default', '-o', 'name'], 'late')).toBe('configmap/hello\n');
    const removed = await s.raw('DELETE', '/admin/clusters/late');
    expect(removed.status).toBe(200);
    const gone = await s.raw('GET', '/clusters/late/api/v1/namespaces/default/configmaps/hello');
    expect(gone.status).toBe(404);
    const readded = await s.raw('POST', '/admin/clusters/late');
    expect(readded.status).toBe(201);
    const fresh = await s.kubectl(['get', 'cm', 'hello', '-n', 'default'], { context: 'late' });
    expect(fresh.stderr.trim()).toBe('Error from server (NotFound): configmaps "hello" not found');
  });

  it('keeps a virtual cluster separate from the hub', async () => {
    expect(await ok(['create', 'ns', 'only-on-spoke'], 'spoke1')).toBe('namespace/only-on-spoke created\n');
    expect(await ok(['get', 'ns', 'only-on-spoke', '-o', 'name'], 'spoke1')).toBe('namespace/only-on-spoke\n');
    const hub = await s.kubectl(['get', 'ns', 'only-on-spoke']);
    expect(hub.stderr.trim()).toBe('Error from server (NotFound): namespaces "only-on-spoke" not found');
    const spokeNs = tableRows(await ok(['get', 'ns', '--no-headers'], 'spoke1')).map((r) => r[0]);
    expect(spokeNs).not.toContain('team-a');
  });
});
