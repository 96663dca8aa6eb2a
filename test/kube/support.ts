// Test support: the embedded API server in a temp dir, clients for its contexts, and polling helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { startApiServer } from '../../src/apiserver/server.ts';
import type { ApiServer, ApiServerOptions } from '../../src/apiserver/server.ts';
import { loadCrds } from '../../src/api/crd-files.ts';
import { KubeClient } from '../../src/kube/client.ts';
import { loadKubeConfig } from '../../src/kube/kubeconfig.ts';
import { customResourceDefinitionResource } from '../../src/kube/resources.ts';

export interface Env {
  server: ApiServer;
  dataDir: string;
  client(context?: string): KubeClient;
  stop(): Promise<void>;
}

export async function startEnv(options: Partial<ApiServerOptions> = {}): Promise<Env> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ocm-kube-')));
  const server = await startApiServer({ clusters: ['c1'], ...options, dataDir, port: options.port ?? 0 });
  const clients: KubeClient[] = [];
  return {
    server,
    dataDir,
    client(context = 'hub') {
      const c = new KubeClient(loadKubeConfig({ file: server.kubeconfigPath, context }));
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Installs the project's CRDs whose file name contains `match` (e.g. "managedclusters"). */
export async function installCrds(client: KubeClient, match: string): Promise<void> {
  const crds = client.resource(customResourceDefinitionResource);
  for (const { file, crd } of loadCrds()) {
    if (!file.includes(match)) continue;
    await crds.create(crd);
  }
}

/** Polls until `check` returns a truthy value (or stops throwing); fails with the last error after the timeout. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(50);
  }
}

export function testLogger(): Logger {
  return pino({ level: process.env.OCM_LOG_LEVEL ?? 'silent' });
}
