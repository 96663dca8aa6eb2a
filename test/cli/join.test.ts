// `ocm init` makes an embedded hub and prints a join command; `ocm join` runs an agent for a cluster of another
// API server; `ocm accept` and `ocm get clusters` are the admin's side. Every command is its own process.
import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startApiServer } from '../../src/apiserver/server.ts';
import { managedClusterResource } from '../../src/api/index.ts';
import { validatingWebhookConfigurationResource } from '../../src/hub/registration/resources.ts';
import { KubeClient, loadKubeConfig } from '../../src/kube/index.ts';
import type { KubeObject } from '../../src/kube/index.ts';
import type { ApiServer } from '../../src/apiserver/server.ts';

const run = promisify(execFile);
const children: ChildProcess[] = [];
const dirs: string[] = [];
let managed: ApiServer | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
  await managed?.close();
  managed = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts an ocm command and resolves with its output once a line matches `until`. */
function start(args: string[], until: RegExp): Promise<string[]> {
  const child = spawn(process.execPath, ['src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OCM_LOG_LEVEL: 'warn' } });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ocm ${args[0]} exited with ${code}: ${lines.join('\n')}\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (until.test(line)) resolve(lines);
    });
  });
}

const tmp = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

describe('ocm init / join / accept / get clusters', { timeout: 120_000 }, () => {
  it('joins a cluster of another API server to an embedded hub with the printed join command', async () => {
    const hubDir = tmp('ocm-init-');
    const initOut = await start(['init', '--data-dir', hubDir], /^press Ctrl-C/);
    const joinLine = initOut.find((l) => l.trim().startsWith('ocm join '))!.trim();
    expect(joinLine).toMatch(/^ocm join --hub-token [a-z0-9]{6}\.[a-z0-9]{16} --hub-apiserver https:\/\/127\.0\.0\.1:\d+ --ca-file \S+hub-ca\.crt --cluster-name <cluster_name>/);

    managed = await startApiServer({ dataDir: tmp('ocm-managed-'), port: 0, clusters: ['edge1'] });
    const joinArgs = joinLine.split(/\s+/).slice(1, 9);
    const joinOut = await start([...joinArgs, 'edge1', '--kubeconfig', managed.kubeconfigPath, '--context', 'edge1', '--lease-duration', '1'], /running; press Ctrl-C/);
    expect(joinOut[0]).toContain('ocm accept --clusters edge1');

    const hubKubeconfig = join(hubDir, 'kubeconfig');
    const accepted = await run(process.execPath, ['src/cli/main.ts', 'accept', '--kubeconfig', hubKubeconfig, '--clusters', 'edge1']);
    expect(accepted.stdout).toMatch(/^cluster edge1 accepted \(approved CSR edge1-\w+\)$/m);
    let table = '';
    for (let i = 0; i < 100 && !/^edge1\s+true\s+\S+\s+True\s+True/m.test(table); i++) {
      await sleep(200);
      table = (await run(process.execPath, ['src/cli/main.ts', 'get', 'clusters', '--kubeconfig', hubKubeconfig])).stdout;
    }
    expect(table.split('\n')[0]).toMatch(/^NAME\s+HUB ACCEPTED\s+MANAGED CLUSTER URLS\s+JOINED\s+AVAILABLE\s+AGE$/);
    expect(table).toMatch(/^edge1\s+true\s+https:\/\/127\.0\.0\.1:\d+\/clusters\/edge1\s+True\s+True\s+\d+s$/m);
  });

  it('says which flag is wrong', async () => {
    const err = await run(process.execPath, ['src/cli/main.ts', 'join', '--hub-token', 'abc', '--hub-apiserver', 'https://127.0.0.1:1', '--cluster-name', 'x', '--kubeconfig', '/nonexistent']).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toMatch(/hub token must look like|kubeconfig \/nonexistent does not exist/);
    const bad = await run(process.execPath, ['src/cli/main.ts', 'accept', '--kubeconfig', '/nonexistent', '--clusters', 'x']).catch((e: { stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toContain('kubeconfig /nonexistent does not exist');
    const listen = await run(process.execPath, ['src/cli/main.ts', 'hub', '--webhook-listen', '10.0.0.1']).catch((e: { stderr: string }) => e);
    expect((listen as { stderr: string }).stderr).toContain('--webhook-listen must be HOST:PORT (IPv6 in brackets), got "10.0.0.1"');
    const url = await run(process.execPath, ['src/cli/main.ts', 'init', '--webhook-url', 'http://hub.example:9443']).catch((e: { stderr: string }) => e);
    expect((url as { stderr: string }).stderr).toContain('--webhook-url must be an https URL, got "http://hub.example:9443"');
  });

  it('serves the webhooks where --webhook-listen says and registers them at --webhook-url', async () => {
    const port = await freePort();
    const hubDir = tmp('ocm-init-webhook-');
    await start(['init', '--data-dir', hubDir, '--webhook-listen', `127.0.0.1:${port}`, '--webhook-url', `https://localhost:${port}/`], /^press Ctrl-C/);
    const hub = new KubeClient(loadKubeConfig({ file: join(hubDir, 'kubeconfig') }));
    try {
      const configs = await hub.resource<KubeObject & { webhooks: { clientConfig: { url: string } }[] }>(validatingWebhookConfigurationResource).list();
      const urls = configs.items.flatMap((c) => c.webhooks.map((w) => w.clientConfig.url));
      expect(urls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u.startsWith(`https://localhost:${port}/`)).toBe(true);
      // the API server reaches them there: the ManagedCluster rule rejects a plain-http client config
      const err = await hub.resource<KubeObject>(managedClusterResource).create({
        apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'plain' },
        spec: { hubAcceptsClient: false, managedClusterClientConfigs: [{ url: 'http://plain.example' }] },
      } as KubeObject).catch((e: unknown) => e);
      expect(String((err as Error).message)).toContain('admission webhook "managedclustervalidators.admission.cluster.open-cluster-management.io" denied the request');
    } finally {
      hub.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
