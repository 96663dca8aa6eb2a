// The toolkit end to end: informer -> queue -> reconcile -> status write, as docs/toolkit.md describes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { updateWithRetry } from '../../src/kube/apply.ts';
import { setCondition } from '../../src/kube/conditions.ts';
import type { Condition } from '../../src/kube/conditions.ts';
import { pino } from 'pino';
import { Controller } from '../../src/kube/controller.ts';
import { KubeApiError } from '../../src/kube/errors.ts';
import { WorkQueue } from '../../src/kube/work-queue.ts';
import { InformerFactory } from '../../src/kube/informer-factory.ts';
import { enqueueFromInformer, generationChanged } from '../../src/kube/wiring.ts';
import { eventually, installCrds, startEnv, testLogger } from './support.ts';
import type { Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await installCrds(env.client(), 'managedclusters.yaml');
});
afterAll(() => env.stop());

describe('a controller built from the toolkit', () => {
  it('reconciles from the cache, writes status only on change, and re-running changes nothing', async () => {
    const client = env.client();
    const clusters = client.resource<ManagedCluster>(managedClusterResource);
    const factory = new InformerFactory(client, { logger: testLogger() });
    const informer = factory.informer<ManagedCluster>(managedClusterResource);
    let statusWrites = 0;
    const reconcile = async (name: string): Promise<void> => {
      const mc = informer.get(name);
      if (!mc) return;
      const accepted = mc.spec?.hubAcceptsClient === true;
      const next = setCondition(mc.status?.conditions as Condition[] | undefined, {
        type: 'HubAcceptedManagedCluster',
        status: accepted ? 'True' : 'False',
        reason: accepted ? 'HubClusterAdminAccepted' : 'HubClusterAdminDenied',
        message: accepted ? 'Accepted by hub cluster admin' : 'Denied by hub cluster admin',
      });
      if (next === mc.status?.conditions) return; // nothing changed: no write
      const result = await updateWithRetry(clusters, { name }, (latest) => {
        latest.status = { ...latest.status, conditions: next as NonNullable<ManagedCluster['status']>['conditions'] };
      }, { status: true });
      if (result.operation === 'updated') statusWrites++;
    };
    const controller = new Controller<string>({ name: 'accept-status', reconcile, workers: 2, logger: testLogger() });
    enqueueFromInformer(informer, controller.queue, { updateFilter: (a, b) => generationChanged(a, b) || a.status !== b.status });
    factory.start();
    await factory.waitForSync(30_000);
    controller.start();

    await clusters.create({ apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'c-a' }, spec: { hubAcceptsClient: true } });
    await clusters.create({ apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'c-b' }, spec: { hubAcceptsClient: false } });
    const condition = async (name: string): Promise<string | undefined> =>
      (await clusters.get(name)).status?.conditions?.find((c) => c.type === 'HubAcceptedManagedCluster')?.status;
    await eventually(async () => (await condition('c-a')) === 'True' && (await condition('c-b')) === 'False', 30_000, 'conditions set');

    await clusters.patch('c-b', { spec: { hubAcceptsClient: true } });
    await eventually(async () => (await condition('c-b')) === 'True', 30_000, 'c-b accepted');
    // settle: the status writes feed back through the informer but change nothing, so the count stays
    await eventually(() => controller.queue.idle && informer.get('c-b')?.status?.conditions?.[0].status === 'True', 30_000, 'queue drained');
    const writes = statusWrites;
    expect(writes).toBe(3);
    controller.enqueue('c-a');
    controller.enqueue('c-b');
    await eventually(() => controller.queue.idle, 30_000, 'requeued keys processed');
    expect(statusWrites).toBe(writes);

    await controller.stop();
    await factory.stop();
  });
});

describe('controller runner', () => {
  it('retries a conflict quietly and an error loudly, both with backoff, until reconcile succeeds', async () => {
    const lines: { level: number; msg: string; name?: string; namespace?: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const failures = [
      new KubeApiError(409, JSON.stringify({ kind: 'Status', reason: 'Conflict', code: 409, message: 'the object has been modified' }), {}, 'ConfigMap ns/x'),
      new Error('boom'),
    ];
    let calls = 0;
    const controller = new Controller<string>({
      name: 'flaky',
      logger,
      queue: new WorkQueue<string>({ baseDelayMs: 1 }),
      reconcile: async () => {
        calls++;
        const f = failures.shift();
        if (f) throw f;
      },
    });
    controller.start();
    controller.enqueue('ns/x');
    await eventually(() => calls === 3 && controller.queue.idle, 30_000, 'three attempts');
    await controller.stop();
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'reconcile failed', namespace: 'ns', name: 'x' });
    expect(lines.some((l) => l.level === 20 && l.msg === 'conflict, retrying')).toBe(true);
  });
});
