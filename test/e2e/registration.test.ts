// Registration end to end with real kubectl: three clusters join through the double opt-in (the admin accepts them
// with `ocm accept`), a stopped agent turns Unknown after the grace period and recovers on restart, and a revoked
// acceptance cuts a cluster off, and a deleted cluster leaves neither namespace nor RBAC behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ManagedClusterConditionType } from '../../src/api/index.ts';
import type { Lease } from '../../src/kube/index.ts';
import { leaseResource } from '../../src/kube/index.ts';
import { eventually, startTestBox } from '../agent/support.ts';
import type { TestBox } from '../agent/support.ts';
import { runKubectl, tableRows } from './support.ts';

const run = promisify(execFile);
let box: TestBox;
const clusters = ['cluster1', 'cluster2', 'cluster3'];

beforeAll(async () => {
  box = await startTestBox({ clusters, leaseDurationSeconds: 1, leaseGraceFactor: 3 });
  for (const c of clusters) await box.startAgent(c);
}, 120_000);
afterAll(async () => {
  await box?.dispose();
});

/** `kubectl get managedclusters` as rows keyed by name: [HUB ACCEPTED, JOINED, AVAILABLE]. */
async function managedClusters(): Promise<Map<string, { accepted: string; joined: string; available: string }>> {
  const out = await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'get', 'managedclusters']);
  expect(out.stderr).toBe('');
  const [header, ...rows] = tableRows(out.stdout);
  expect(header).toEqual(['NAME', 'HUB ACCEPTED', 'MANAGED CLUSTER URLS', 'JOINED', 'AVAILABLE', 'AGE']);
  return new Map(rows.map((r) => [r[0], { accepted: r[1], joined: r.length === 6 ? r[3] : '', available: r.length === 6 ? r[4] : '' }]));
}

const available = (name: string) => box.condition(name, ManagedClusterConditionType.Available);

describe('cluster registration with kubectl', { timeout: 120_000 }, () => {
  it('three clusters ask to join; after ocm accept, kubectl shows them accepted, joined and available', async () => {
    await eventually('three ManagedClusters waiting for the admin', async () => (await managedClusters()).size === 3);
    for (const row of (await managedClusters()).values()) expect(row.accepted).toBe('false');

    const accept = await run(process.execPath, ['src/cli/main.ts', 'accept', '--kubeconfig', box.server.kubeconfigPath, '--clusters', clusters.join(',')]);
    expect(accept.stdout).toMatch(/cluster cluster1 accepted \(approved CSR cluster1-\w+\)/);

    const rows = await eventually('all three joined and available', async () => {
      const m = await managedClusters();
      return [...m.values()].every((r) => r.accepted === 'true' && r.joined === 'True' && r.available === 'True') ? m : undefined;
    });
    expect([...rows.keys()].sort()).toEqual(clusters);
    const ocmGet = await run(process.execPath, ['src/cli/main.ts', 'get', 'clusters', '--kubeconfig', box.server.kubeconfigPath]);
    expect(ocmGet.stdout).toMatch(/^cluster2\s+true\s+https:\/\/\S+\/clusters\/cluster2\s+True\s+True\s+\d+s$/m);
  });

  it('a stopped agent turns Unknown after the grace period and recovers when it is restarted', async () => {
    await eventually('cluster2 available', async () => (await available('cluster2')) === 'True');
    await box.stopAgent('cluster2');
    await eventually('cluster2 Unknown', async () => (await managedClusters()).get('cluster2')?.available === 'Unknown', 30_000);
    expect((await managedClusters()).get('cluster1')?.available).toBe('True');
    await box.startAgent('cluster2');
    await eventually('cluster2 available again', async () => (await managedClusters()).get('cluster2')?.available === 'True', 30_000);
  });

  it('revoking acceptance cuts the cluster off: its lease stops and it turns Unknown', async () => {
    await eventually('cluster3 available', async () => (await available('cluster3')) === 'True');
    const patched = await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'patch', 'managedcluster', 'cluster3', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":false}}']);
    expect(patched.stderr).toBe('');
    await eventually('cluster3 not accepted and Unknown', async () => {
      const row = (await managedClusters()).get('cluster3');
      return row?.accepted === 'false' && row.available === 'Unknown';
    }, 30_000);
    const leases = box.admin.resource<Lease>(leaseResource);
    const before = (await leases.getOrUndefined('managed-cluster-lease', 'cluster3'))?.spec?.renewTime;
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await leases.getOrUndefined('managed-cluster-lease', 'cluster3'))?.spec?.renewTime;
    expect(after).toBe(before);
    // its access to the namespace is gone and its cluster role only reads its own ManagedCluster
    const hub = ['--context', 'hub'];
    const bindings = await runKubectl(box.server.kubeconfigPath, [...hub, 'get', 'rolebindings', '-n', 'cluster3', '-o', 'name']);
    expect(bindings.stdout).not.toMatch(/open-cluster-management:managedcluster:cluster3/);
    const role = await runKubectl(box.server.kubeconfigPath, [...hub, 'get', 'clusterrole', 'open-cluster-management:managedcluster:cluster3', '-o', 'json']);
    const rules = (JSON.parse(role.stdout) as { rules: { verbs: string[] }[] }).rules;
    expect(rules.flatMap((r) => r.verbs).sort()).toEqual(['get', 'list', 'watch']);
    // accepting it again brings it back with the same agent
    await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'patch', 'managedcluster', 'cluster3', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":true}}']);
    await eventually('cluster3 available after re-accept', async () => (await managedClusters()).get('cluster3')?.available === 'True', 30_000);
  });

  it('deleting a cluster removes its namespace and RBAC', async () => {
    await box.stopAgent('cluster1');
    const hub = ['--context', 'hub'];
    const deleted = await runKubectl(box.server.kubeconfigPath, [...hub, 'delete', 'managedcluster', 'cluster1', '--timeout=60s']);
    expect(deleted.stdout).toMatch(/managedcluster.cluster.open-cluster-management.io "cluster1" deleted/);
    await eventually('namespace cluster1 gone', async () => {
      const ns = await runKubectl(box.server.kubeconfigPath, [...hub, 'get', 'namespace', 'cluster1']);
      return /NotFound/.test(ns.stderr);
    }, 30_000);
    const role = await runKubectl(box.server.kubeconfigPath, [...hub, 'get', 'clusterrole,clusterrolebinding', '-l', 'open-cluster-management.io/cluster-name=cluster1', '-o', 'name']);
    expect(role.stdout.trim()).toBe('');
    expect([...(await managedClusters()).keys()].sort()).toEqual(['cluster2', 'cluster3']);
  });
});
