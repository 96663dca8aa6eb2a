import { afterEach, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureKubectl } from '../../scripts/kubectl.ts';

let child: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function stop(): Promise<void> {
  const c = child;
  child = undefined;
  if (!c || c.exitCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await exited;
}

/** Starts `ocm up` and resolves with everything it printed once it says how to look around. */
function up(dataDir: string, clusters: number, ...extra: string[]): Promise<string[]> {
  child = spawn(process.execPath, ['src/cli/main.ts', 'up', '--data-dir', dataDir, '--clusters', String(clusters), '--lease-duration', '1', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`ocm up exited with ${code}: ${lines.join('\n')}`)));
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('press Ctrl-C')) resolve(lines);
    });
  });
}

function kubectlIn(dataDir: string) {
  const kubeconfig = join(dataDir, 'kubeconfig');
  return (...args: string[]) => execFileSync(ensureKubectl(), ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', env: { ...process.env, HOME: dataDir } });
}

/** Polls `kubectl get managedclusters` until every row shows HUB ACCEPTED, JOINED and AVAILABLE true. */
async function allJoined(kubectl: (...a: string[]) => string, count: number): Promise<string> {
  let out = '';
  for (let i = 0; i < 150; i++) {
    out = kubectl('--context', 'hub', 'get', 'managedclusters', '--no-headers');
    const rows = out.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s{2,}/));
    if (rows.length === count && rows.every((r) => r[1] === 'true' && r[3] === 'True' && r[4] === 'True')) return out;
    await sleep(200);
  }
  throw new Error(`clusters did not all join:\n${out}`);
}

describe('ocm up', { timeout: 120_000 }, () => {
  it('serves the hub and N managed clusters whose agents wait for the admin to accept them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocm-up-'));
    dirs.push(dataDir);
    const lines = await up(dataDir, 2);
    expect(lines[0]).toMatch(/^ready https:\/\/127\.0\.0\.1:\d+$/);
    const kubectl = kubectlIn(dataDir);
    expect(kubectl('config', 'get-contexts', '-o', 'name').split('\n').filter(Boolean).sort()).toEqual(['cluster1', 'cluster2', 'hub']);
    expect(kubectl('--context', 'hub', 'get', 'crd', 'managedclusters.cluster.open-cluster-management.io', '-o', 'name')).toContain('managedclusters');
    expect(kubectl('--context', 'cluster2', 'get', 'ns', 'default', '-o', 'name').trim()).toBe('namespace/default');
    const acceptLine = lines.find((l) => l.startsWith('accept them:'));
    expect(acceptLine).toContain(`ocm accept --kubeconfig ${join(dataDir, 'kubeconfig')} --clusters cluster1,cluster2`);
    const accepted = execFileSync(process.execPath, ['src/cli/main.ts', 'accept', '--kubeconfig', join(dataDir, 'kubeconfig'), '--clusters', 'cluster1,cluster2'], { encoding: 'utf8' });
    expect(accepted).toContain('cluster cluster2 accepted');
    await allJoined(kubectl, 2);
  });

  it('--auto-accept joins the clusters on its own, and a restart on the same data dir resumes with the same agents', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocm-up-'));
    dirs.push(dataDir);
    await up(dataDir, 1, '--auto-accept');
    const kubectl = kubectlIn(dataDir);
    await allJoined(kubectl, 1);
    const csrsBefore = kubectl('--context', 'hub', 'get', 'csr', '-o', 'name').trim().split('\n');
    await stop();
    await up(dataDir, 1);
    await allJoined(kubectl, 1);
    // resumed with the stored certificate: no new CSR was needed
    expect(kubectl('--context', 'hub', 'get', 'csr', '-o', 'name').trim().split('\n')).toEqual(csrsBefore);
  });
});
