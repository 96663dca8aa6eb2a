// Acceptance: with the real kubectl, the CRDs, the examples and the upstream-style fixtures apply unchanged to a
// fresh embedded server, and `kubectl get` shows upstream's printer columns.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKubectl } from '../../scripts/kubectl.ts';
import { startApiServer, type ApiServer } from '../../src/apiserver/server.ts';

const run = promisify(execFile);

let server: ApiServer;
let dataDir: string;
let kubectl: string;

async function k(...args: string[]): Promise<string> {
  const { stdout } = await run(kubectl, ['--kubeconfig', server.kubeconfigPath, ...args], { cwd: join(import.meta.dirname, '../..') });
  return stdout;
}

/** Column headers of `kubectl get` output (they are separated by two or more spaces). */
const headers = (out: string): string[] => out.split('\n')[0].trim().split(/\s{2,}/);

beforeAll(async () => {
  kubectl = ensureKubectl();
  dataDir = await mkdtemp(join(tmpdir(), 'ocm-api-kubectl-'));
  server = await startApiServer({ dataDir, port: 0 });
  await k('apply', '-f', 'crds/');
  await k('wait', '--for', 'condition=established', 'crd', '--all', '--timeout=30s');
  for (const ns of ['policies', 'cluster1', 'ns1', 'staging-apps']) await k('create', 'namespace', ns);
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('kubectl apply of the API contract', () => {
  it('applies every example and shows upstream printer columns', async () => {
    const out = await k('apply', '-f', 'docs/examples/');
    expect(out.trim().split('\n')).toHaveLength(20);
    expect(out).toContain('managedcluster.cluster.open-cluster-management.io/cluster1 created');

    const clusters = await k('get', 'managedclusters');
    expect(headers(clusters)).toEqual(['NAME', 'HUB ACCEPTED', 'MANAGED CLUSTER URLS', 'JOINED', 'AVAILABLE', 'AGE']);
    expect(clusters.split('\n')[1]).toMatch(/^cluster1\s+true\s+https:\/\/api\.cluster1\.example\.com:6443\s+\d+s$/);
    expect(headers(await k('get', 'policies', '-A'))).toEqual(['NAMESPACE', 'NAME', 'REMEDIATION ACTION', 'COMPLIANCE STATE', 'AGE']);
    expect((await k('get', 'plc', '-n', 'policies')).split('\n')[1]).toMatch(/^policy-namespace\s+enforce\s+\d+s$/);
    // the singular name reaches Policies, not another kind's category (kubectl expands categories first)
    expect((await k('get', 'policy', '-n', 'policies', '-o', 'name')).trim().split('\n')).toContain('policy.policy.open-cluster-management.io/policy-namespace');
    expect(headers(await k('get', 'placements', '-A'))).toEqual(['NAMESPACE', 'NAME', 'SUCCEEDED', 'REASON', 'SELECTEDCLUSTERS']);
    expect(headers(await k('get', 'mwrs', '-A'))).toEqual(['NAMESPACE', 'NAME', 'PLACEMENT', 'FOUND', 'MANIFESTWORKS', 'APPLIED']);
    expect(headers(await k('get', 'mclset'))).toEqual(['NAME', 'EMPTY', 'AGE']);
    expect(headers(await k('get', 'plcset', '-A'))).toEqual(['NAMESPACE', 'NAME', 'COMPLIANCE STATE', 'AGE']);
    expect(headers(await k('get', 'mca', '-A'))).toEqual(['NAMESPACE', 'NAME', 'AVAILABLE', 'DEGRADED', 'PROGRESSING']);
    expect(headers(await k('get', 'configurationpolicies', '-A'))).toEqual(['NAMESPACE', 'NAME', 'COMPLIANCE STATE']);
    expect(headers(await k('get', 'rgp', '-A'))).toEqual(['NAMESPACE', 'NAME', 'REMEDIATION ACTION', 'COMPLIANCE STATE', 'VIOLATIONS', 'AGE']);
    expect(headers(await k('get', 'pb', '-A'))).toEqual(['NAMESPACE', 'NAME', 'AGE']);
  });

  it('re-applies the examples server-side over the client-side apply', async () => {
    // atomic lists whose items the server defaulted (and embedded manifests, whose metadata gains creationTimestamp: null)
    // differ from the applied values, so, as on kube, taking them over from kubectl-client-side-apply needs the force flag
    const out = await k('apply', '--server-side', '--force-conflicts', '-f', 'docs/examples/');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(line).toMatch(/ serverside-applied$/);
    const policy = JSON.parse(await k('get', 'policies.policy.open-cluster-management.io', 'policy-namespace', '-n', 'policies', '-o', 'json', '--show-managed-fields'));
    expect(policy.metadata.managedFields.map((e: { manager: string }) => e.manager)).toContain('kubectl');
    expect(policy.spec.remediationAction).toBe('enforce');
  });

  it('rejects invalid objects with kube\'s errors naming each field', async () => {
    const bad = JSON.stringify({ apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', metadata: { name: 'broken', namespace: 'policies' },
      spec: { remediationAction: 'sometimes', disabled: 'no', 'policy-templates': [], surprise: true } });
    const file = join(dataDir, 'broken-policy.json');
    await writeFile(file, bad);
    const stderrOf = (args: string[]): Promise<string> => k(...args).then(() => '', (e: { stderr?: string }) => e.stderr ?? '');
    expect(await stderrOf(['apply', '-f', file])).toContain('unknown field "spec.surprise"');
    const text = await stderrOf(['apply', '--validate=false', '-f', file]);
    expect(text).toContain('The Policy "broken" is invalid');
    expect(text).toContain('spec.remediationAction: Unsupported value: "sometimes"');
    expect(text).toContain('spec.disabled: Invalid value: "string": spec.disabled in body must be of type boolean: "string"');
  });

  it('applies the upstream-style policy and placement fixtures unchanged', async () => {
    const out = await k('apply', '-f', 'test/fixtures/ocm/');
    // kubectl exits non-zero (and `k` throws) if any object is rejected
    expect(out).toMatch(/policy\.policy\.open-cluster-management\.io\/policy-namespace (created|configured)/);
    expect(out).toContain('policy.policy.open-cluster-management.io/policy-gatekeeper-required-labels created');
    expect(out).toContain('policyset.policy.open-cluster-management.io/baseline-policyset created');
    expect(out).toContain('manifestworkreplicaset.work.open-cluster-management.io/mwrset-cm created');
    expect(out).toContain('managedclusterset.cluster.open-cluster-management.io/staging created');
    const policies = await k('get', 'policies', '-n', 'policies', '-o', 'name');
    expect(policies.trim().split('\n').length).toBeGreaterThanOrEqual(10);
  });
});
