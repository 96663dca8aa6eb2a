// Server-side apply with the real kubectl 1.35: field managers, conflicts, --force-conflicts, removal of fields a
// manager stopped applying, managedFields in -o yaml, and the upgrade from client-side apply.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureKubectl } from '../../../scripts/kubectl.ts';
import { startApiServer, type ApiServer } from '../../../src/apiserver/server.ts';

const run = promisify(execFile);

let server: ApiServer;
let dir: string;
let kubectl: string;

/** Runs kubectl; resolves with stdout, or with the combined output and code when it fails. */
async function k(...args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(kubectl, ['--kubeconfig', server.kubeconfigPath, ...args], { env: { ...process.env, HOME: dir } });
    return { out: stdout + stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { out: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? 1 };
  }
}

async function file(name: string, yaml: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}

const configMap = (data: Record<string, string>, labels = ''): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: default\n${labels}data:\n${Object.entries(data).map(([a, b]) => `  ${a}: "${b}"`).join('\n')}\n`;

async function getYaml(...args: string[]): Promise<any> {
  const r = await k('get', ...args, '-o', 'yaml', '--show-managed-fields');
  expect(r.code).toBe(0);
  return parse(r.out);
}

beforeAll(async () => {
  kubectl = ensureKubectl();
  dir = await mkdtemp(join(tmpdir(), 'ocm-ssa-kubectl-'));
  server = await startApiServer({ dataDir: join(dir, 'data'), port: 0 });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kubectl apply --server-side', () => {
  it('tracks two managers, conflicts without force, takes over with --force-conflicts, removes dropped fields', async () => {
    const first = await k('apply', '--server-side', '-f', await file('a.yaml', configMap({ a: '1', b: '2' }, '  labels:\n    team: a\n')));
    expect(first).toEqual({ out: 'configmap/cfg serverside-applied\n', code: 0 });
    let cm = await getYaml('configmap', 'cfg');
    expect(cm.metadata.managedFields).toEqual([{
      apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:team': {} } } },
      manager: 'kubectl', operation: 'Apply', time: expect.any(String),
    }]);

    const other = await file('b.yaml', configMap({ a: 'other' }));
    const conflict = await k('apply', '--server-side', '--field-manager=other', '-f', other);
    expect(conflict.code).not.toBe(0);
    expect(conflict.out).toContain('Apply failed with 1 conflict: conflict with "kubectl": .data.a');

    const forced = await k('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', other);
    expect(forced.code).toBe(0);
    cm = await getYaml('configmap', 'cfg');
    expect(cm.data).toEqual({ a: 'other', b: '2' });
    const owners = Object.fromEntries(cm.metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1]));
    expect(owners).toEqual({
      kubectl: { 'f:data': { 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:team': {} } } },
      other: { 'f:data': { 'f:a': {} } },
    });

    // kubectl stops applying b and the label: both go; a stays (other owns it)
    expect((await k('apply', '--server-side', '-f', await file('c.yaml', configMap({ c: '3' })))).code).toBe(0);
    cm = await getYaml('configmap', 'cfg');
    expect(cm.data).toEqual({ a: 'other', c: '3' });
    expect(cm.metadata.labels).toBeUndefined();
  });

  it('conflicts with an Update manager of a custom resource, named with its apiVersion', async () => {
    expect((await k('apply', '-f', 'crds/policy.open-cluster-management.io_policies.yaml')).code).toBe(0);
    await k('wait', '--for', 'condition=established', 'crd/policies.policy.open-cluster-management.io');
    const policy = (action: string): string => `apiVersion: policy.open-cluster-management.io/v1\nkind: Policy\nmetadata:\n  name: p1\n  namespace: default\nspec:\n  remediationAction: ${action}\n  disabled: false\n  policy-templates: []\n`;
    expect((await k('apply', '--server-side', '-f', await file('p.yaml', policy('inform')))).code).toBe(0);
    expect((await k('patch', 'policy', 'p1', '--type=merge', '-p', '{"spec":{"remediationAction":"enforce"}}')).code).toBe(0);
    const conflict = await k('apply', '--server-side', '-f', await file('p2.yaml', policy('inform')));
    expect(conflict.out).toContain('conflict with "kubectl-patch" using policy.open-cluster-management.io/v1: .spec.remediationAction');
    const same = await k('apply', '--server-side', '-f', await file('p3.yaml', policy('enforce')));
    expect(same.code).toBe(0);
    const p = await getYaml('policy', 'p1');
    expect(p.metadata.managedFields.map((e: any) => `${e.manager}/${e.operation}`)).toEqual(['kubectl/Apply', 'kubectl-patch/Update']);
    const bad = await k('apply', '--server-side', '--force-conflicts', '-f', await file('p4.yaml', policy('later')));
    expect(bad.out).toContain('spec.remediationAction: Unsupported value: "later"');
  });

  it('upgrades a client-side applied object without conflicts', async () => {
    const csa = await k('apply', '-f', await file('u1.yaml', configMap({ k: 'v1' }).replace('name: cfg', 'name: upgraded')));
    expect(csa).toEqual({ out: 'configmap/upgraded created\n', code: 0 });
    const csaEntry = (await getYaml('configmap', 'upgraded')).metadata.managedFields[0];
    expect(csaEntry).toMatchObject({ manager: 'kubectl-client-side-apply', operation: 'Update' });
    expect(csaEntry.fieldsV1['f:metadata']['f:annotations']).toEqual({ '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} });

    const ssa = await k('apply', '--server-side', '-f', await file('u2.yaml', configMap({ k: 'v2' }).replace('name: cfg', 'name: upgraded')));
    expect(ssa).toEqual({ out: 'configmap/upgraded serverside-applied\n', code: 0 });
    const cm = await getYaml('configmap', 'upgraded');
    expect(cm.data).toEqual({ k: 'v2' });
    expect(JSON.parse(cm.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).data).toEqual({ k: 'v2' });
    const managers = cm.metadata.managedFields.map((e: any) => e.manager);
    expect(managers).toContain('kubectl');
    expect(managers).not.toContain('kubectl-client-side-apply');

    // and client-side apply keeps working afterwards
    expect((await k('apply', '-f', await file('u3.yaml', configMap({ k: 'v3' }).replace('name: cfg', 'name: upgraded')))).code).toBe(0);
    expect((await getYaml('configmap', 'upgraded')).data).toEqual({ k: 'v3' });
  });
});
