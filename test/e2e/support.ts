// E2E support: a real API server in a temp dir (in-process or as the CLI child process), real kubectl with its own
// HOME per call so its discovery cache starts empty, and raw HTTPS with the admin certificate.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureKubectl } from '../../scripts/kubectl.ts';
import { startApiServer, type ApiServer } from '../../src/apiserver/server.ts';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface E2eServer {
  server: ApiServer;
  dataDir: string;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  kubeConfig(context?: string): KubeConfig;
  raw(method: string, path: string, init?: RawInit): Promise<RawResponse>;
  stop(): Promise<void>;
}

export interface KubectlOptions { context?: string; stdin?: string; timeoutMs?: number; cwd?: string }
export interface KubectlResult { code: number | null; stdout: string; stderr: string }

/** Runs real kubectl 1.35 with a fresh HOME (empty discovery cache). */
export async function runKubectl(kubeconfig: string, args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const home = await tempDir('ocm-e2e-home-');
  const fullArgs = [...(opts.context ? ['--context', opts.context] : []), ...args];
  try {
    return await new Promise<KubectlResult>((resolve, reject) => {
      const child = spawn(ensureKubectl(), fullArgs, {
        env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig },
        cwd: opts.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
      child.on('error', reject);
      child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
      child.stdin.end(opts.stdin ?? '');
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Starts kubectl and returns the process, for commands that run until stopped (`get -w`). */
export async function spawnKubectl(kubeconfig: string, args: string[]): Promise<{ child: ChildProcess; output: () => string; home: string }> {
  const home = await tempDir('ocm-e2e-home-');
  const child = spawn(ensureKubectl(), args, { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out, home };
}

/** Raw HTTPS with the admin certificate, for wire-level checks (the server tests' helper). */
import { rawRequest as rawHttps, type RawInit, type RawResponse } from '../apiserver/server/harness.ts';
export { rawHttps, type RawInit, type RawResponse };

export function loadKubeConfig(path: string, context = 'hub'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  kc.setCurrentContext(context);
  return kc;
}

/** An in-process server on a random port with the given virtual clusters. */
export async function startE2eServer(clusters: string[] = [], extra: Parameters<typeof startApiServer>[0]['retention'] = undefined): Promise<E2eServer> {
  const dataDir = await tempDir('ocm-e2e-');
  const server = await startApiServer({ dataDir, port: 0, clusters, ...(extra ? { retention: extra } : {}) });
  return {
    server,
    dataDir,
    kubectl: (args, opts) => runKubectl(server.kubeconfigPath, args, opts),
    kubeConfig: (context) => loadKubeConfig(server.kubeconfigPath, context),
    raw: (method, path, init) => rawHttps(server.url, dataDir, method, path, init),
    stop: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess { child: ChildProcess; url: string; exited: Promise<number | null> }

/** Runs `ocm apiserver` as a child process and resolves once it prints `ready <url>`. */
export async function spawnServerProcess(dataDir: string, clusters: string[] = [], port = 0): Promise<ServerProcess> {
  const args = [join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.ts'), 'apiserver', '--data-dir', dataDir, '--port', String(port)];
  if (clusters.length) args.push('--clusters', clusters.join(','));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then((code) => reject(new Error(`apiserver exited with ${code} before ready: ${stderr}`)));
  });
  if (!line.startsWith('ready ')) throw new Error(`unexpected first line from apiserver: ${line}`);
  return { child, url: line.slice('ready '.length), exited };
}

/** Polls until `check` returns a truthy value (bounded by attempts, not by wall-clock assertions). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, attempts = 100, delayMs = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`condition not met after ${attempts} attempts${last ? `: ${String(last)}` : ''}`);
}

/** Splits `kubectl get` output into rows of whitespace-separated cells. */
export function tableRows(stdout: string): string[][] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s{2,}/));
}
