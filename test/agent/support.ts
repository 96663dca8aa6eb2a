// Support for the registration agent tests: a hub in a box in a temp dir, and polling until a condition holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedCluster } from '../../src/api/index.ts';
import { managedClusterResource } from '../../src/api/index.ts';
import { startHubInABox } from '../../src/cli/hub-in-a-box.ts';
import type { HubInABox, HubInABoxOptions } from '../../src/cli/hub-in-a-box.ts';
import { KubeClient, findCondition } from '../../src/kube/index.ts';
import type { Condition } from '../../src/kube/index.ts';

export interface TestBox extends HubInABox {
  dataDir: string;
  admin: KubeClient;
  cluster(name: string): Promise<ManagedCluster | undefined>;
  condition(name: string, type: string): Promise<string | undefined>;
  dispose(): Promise<void>;
}

export async function startTestBox(options: Omit<HubInABoxOptions, 'dataDir'>): Promise<TestBox> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ocm-agentreg-'));
  const box = await startHubInABox({ dataDir, ...options });
  const admin = new KubeClient(box.hub);
  const cluster = (name: string): Promise<ManagedCluster | undefined> => admin.resource<ManagedCluster>(managedClusterResource).getOrUndefined(name);
  return Object.assign(box, {
    dataDir,
    admin,
    cluster,
    condition: async (name: string, type: string) => findCondition((await cluster(name))?.status?.conditions as Condition[] | undefined, type)?.status,
    dispose: async () => {
      admin.close();
      await box.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** Polls `fn` until it returns something truthy; fails with the last value after timeoutMs. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(everyMs);
  }
}
