// What a hub admin and a joining cluster see through real kubectl: the webhook's denial of a pre-accepted cluster
// from the bootstrap identity, and HUB ACCEPTED turning true after `kubectl patch`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runKubectl } from '../e2e/support.ts';
import { eventually, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  hub = await startHub();
  dir = await mkdtemp(join(tmpdir(), 'ocm-hubreg-kubectl-'));
  // the server's kubeconfig plus a context for the bootstrap token
  const config = parse(await readFile(hub.server.kubeconfigPath, 'utf8')) as { users: unknown[]; contexts: { name: string; context: { cluster: string } }[] };
  const hubCluster = config.contexts.find((c) => c.name === 'hub')!.context.cluster;
  config.users.push({ name: 'bootstrap', user: { token: hub.token } });
  config.contexts.push({ name: 'bootstrap', context: { cluster: hubCluster, user: 'bootstrap' } } as never);
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, stringify(config));
});
afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cluster = (name: string, accepted: boolean): string => `apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata:
  name: ${name}
spec:
  hubAcceptsClient: ${accepted}
  leaseDurationSeconds: 60
`;

describe('registration through kubectl', () => {
  it('shows the bootstrap identity the webhook\'s refusal of a cluster that accepts itself', async () => {
    const denied = await runKubectl(kubeconfig, ['--context', 'bootstrap', 'create', '-f', '-'], { stdin: cluster('k0', true) });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('admission webhook "managedclustervalidators.admission.cluster.open-cluster-management.io" denied the request');
    expect(denied.stderr).toContain('user "system:bootstrap:ocmhub" cannot update the HubAcceptsClient field');
  });

  it('lists a joining cluster as not accepted, then accepted once the admin patches it', async () => {
    const created = await runKubectl(kubeconfig, ['--context', 'bootstrap', 'create', '-f', '-'], { stdin: cluster('k1', false) });
    expect(created.stderr).toBe('');
    const before = await runKubectl(kubeconfig, ['--context', 'hub', 'get', 'managedclusters', 'k1', '--no-headers']);
    expect(before.stdout.trim().split(/\s+/).slice(0, 2)).toEqual(['k1', 'false']);
    const cannot = await runKubectl(kubeconfig, ['--context', 'bootstrap', 'patch', 'managedcluster', 'k1', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":true}}']);
    expect(cannot.stderr).toContain('forbidden');
    const patched = await runKubectl(kubeconfig, ['--context', 'hub', 'patch', 'managedcluster', 'k1', '--type', 'merge', '-p', '{"spec":{"hubAcceptsClient":true}}']);
    expect(patched.code).toBe(0);
    const status = await eventually(async () => {
      const r = await runKubectl(kubeconfig, ['--context', 'hub', 'get', 'managedcluster', 'k1', '-o', 'jsonpath={.status.conditions[?(@.type=="HubAcceptedManagedCluster")].reason}']);
      return r.stdout === 'HubClusterAdminAccepted' ? r.stdout : undefined;
    }, 20_000, 'accepted through kubectl');
    expect(status).toBe('HubClusterAdminAccepted');
    const ns = await runKubectl(kubeconfig, ['--context', 'hub', 'get', 'namespace', 'k1', '-L', 'open-cluster-management.io/cluster-name', '--no-headers']);
    expect(ns.stdout).toMatch(/^k1\s+Active\s+\S+\s+k1\s*$/);
  });
});
