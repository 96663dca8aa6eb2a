import { afterEach, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureKubectl } from '../../scripts/kubectl.ts';

let child: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts `ocm up` and resolves with everything it printed once it says how to look around. */
function up(dataDir: string, clusters: number): Promise<string[]> {
  child = spawn(process.execPath, ['src/cli/main.ts', 'up', '--data-dir', dataDir, '--clusters', String(clusters)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`ocm up exited with ${code}: ${lines.join('\n')}`)));
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('press Ctrl-C')) resolve(lines);
    });
  });
}

describe('ocm up', () => {
  it('serves the hub with the OCM API and N managed clusters, reachable with kubectl', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocm-up-'));
    dirs.push(dataDir);
    const lines = await up(dataDir, 2);
    expect(lines[0]).toMatch(/^ready https:\/\/127\.0\.0\.1:\d+$/);
    const kubeconfig = join(dataDir, 'kubeconfig');
    const kubectl = (...args: string[]) =>
      execFileSync(ensureKubectl(), ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', env: { ...process.env, HOME: dataDir } });
    expect(kubectl('config', 'get-contexts', '-o', 'name').split('\n').filter(Boolean).sort()).toEqual(['cluster1', 'cluster2', 'hub']);
    expect(kubectl('--context', 'hub', 'get', 'crd', 'managedclusters.cluster.open-cluster-management.io', '-o', 'name')).toContain('managedclusters');
    expect(kubectl('--context', 'cluster2', 'get', 'ns', 'default', '-o', 'name').trim()).toBe('namespace/default');
  });
});
