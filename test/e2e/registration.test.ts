// Registration end to end with real kubectl: three clusters join through the double opt-in (the admin accepts them
// with `ocm accept`), a stopped agent turns Unknown after the grace period and recovers on restart, and a revoked
// acceptance cuts a cluster off.
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
    // accepting it again brings it back with the same agent
    await runKubectl(box.server.kubeconfigPath, ['--context', 'hub', 'patch', 'managedcluster', 'cluster3', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":true}}']);
    await eventually('cluster3 available after re-accept', async () => (await managedClusters()).get('cluster3')?.available === 'True', 30_000);
  });
});
