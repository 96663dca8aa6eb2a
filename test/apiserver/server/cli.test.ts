import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newDataDir, rawRequest } from './harness.ts';

describe('ocm apiserver', () => {
  it('prints one `ready <url>` line, serves the hub and the listed clusters, and stops on SIGTERM', async () => {
    const dataDir = await newDataDir();
    const child = spawn(process.execPath, ['src/cli/main.ts', 'apiserver', '--data-dir', dataDir, '--port', '0', '--clusters', 'a,b'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code} before ready`)));
      });
      expect(first).toMatch(/^ready https:\/\/127\.0\.0\.1:\d+$/);
      const url = first.slice('ready '.length);
      const kubeconfig = parse(await readFile(`${dataDir}/kubeconfig`, 'utf8')) as Record<string, any>;
      expect(kubeconfig.contexts.map((c: any) => c.name)).toEqual(['hub', 'a', 'b']);
      const version = await rawRequest(url, dataDir, 'GET', '/version');
      expect(version.status).toBe(200);
      const ns = await rawRequest(url, dataDir, 'GET', '/clusters/b/api/v1/namespaces/default');
      expect(ns.json()).toMatchObject({ kind: 'Namespace', metadata: { name: 'default' } });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad --port with a clear message', async () => {
    const dataDir = await newDataDir();
    const child = spawn(process.execPath, ['src/cli/main.ts', 'apiserver', '--data-dir', dataDir, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('--port must be an integer');
    await rm(dataDir, { recursive: true, force: true });
  });
});
