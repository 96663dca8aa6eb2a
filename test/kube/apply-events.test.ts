import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdate, serverSideApply, updateWithRetry } from '../../src/kube/apply.ts';
import { EventRecorder } from '../../src/kube/events.ts';
import { isConflict } from '../../src/kube/errors.ts';
import { configMapResource, eventResource } from '../../src/kube/resources.ts';
import type { ConfigMap, CoreEvent } from '../../src/kube/resources.ts';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { installCrds, startEnv, testLogger } from './support.ts';
import type { Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await installCrds(env.client(), 'managedclusters.yaml');
});
afterAll(() => env.stop());

describe('createOrUpdate', () => {
  it('creates, then updates only on change, and reports what it did', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    const key = { name: 'cou', namespace: 'default' };
    const want = (cur: ConfigMap | undefined): ConfigMap => ({ ...(cur ?? { metadata: {} }), data: { ...cur?.data, a: '1' } });
    expect((await createOrUpdate(cms, key, want))?.operation).toBe('created');
    const unchanged = await createOrUpdate(cms, key, want);
    expect(unchanged?.operation).toBe('unchanged');
    const updated = await createOrUpdate(cms, key, (cur) => ({ ...cur!, data: { ...cur!.data, b: '2' } }));
    expect(updated?.operation).toBe('updated');
    expect(updated?.object.data).toEqual({ a: '1', b: '2' });
    expect(await createOrUpdate(cms, { name: 'absent', namespace: 'default' }, () => undefined)).toBeUndefined();
  });

  it('loses no write when many writers update the same object at once', async () => {
    const writers = 12;
    const clients = Array.from({ length: writers }, () => env.client('c1').resource<ConfigMap>(configMapResource));
    await Promise.all(
      clients.map((cms, i) =>
        createOrUpdate(
          cms,
          { name: 'contended', namespace: 'default' },
          (cur) => ({ ...(cur ?? { metadata: {} }), data: { ...cur?.data, [`w${i}`]: String(i) } }),
          { attempts: 50 },
        ),
      ),
    );
    const final = await clients[0].get('contended', 'default');
    expect(Object.keys(final.data ?? {}).sort()).toEqual(Array.from({ length: writers }, (_, i) => `w${i}`).sort());
  });

  it('updates the status subresource with retry and skips no-op writes', async () => {
    const mcs = env.client().resource<ManagedCluster>(managedClusterResource);
    await mcs.create({ apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'status-retry' }, spec: { hubAcceptsClient: false } });
    const setVersion = (mc: ManagedCluster): void => {
      mc.status = { ...mc.status, version: { kubernetes: 'v1.35.2' } };
    };
    const first = await updateWithRetry(mcs, { name: 'status-retry' }, setVersion, { status: true });
    expect(first.operation).toBe('updated');
    expect(first.object.status?.version?.kubernetes).toBe('v1.35.2');
    expect((await updateWithRetry(mcs, { name: 'status-retry' }, setVersion, { status: true })).operation).toBe('unchanged');
  });

  it('gives up with the conflict after the allowed attempts', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    await cms.create({ metadata: { name: 'always-stale', namespace: 'default' }, data: { n: '0' } });
    let n = 0;
    const err = await updateWithRetry(
      cms,
      { name: 'always-stale', namespace: 'default' },
      async (cm) => {
        // another writer changes the object between our read and our write, every time
        await cms.patch('always-stale', { data: { n: String(++n) } }, { namespace: 'default' });
        cm.data = { mine: 'yes' };
      },
      { attempts: 3 },
    ).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect(n).toBe(3);
  });
});

describe('serverSideApply', () => {
  it('creates and then merges with a field manager', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    const obj: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'default', labels: { owner: 'me' } }, data: { a: '1' } };
    const created = await serverSideApply(cms, obj, { fieldManager: 'kube-test' });
    expect(created.data).toEqual({ a: '1' });
    const again = await serverSideApply(cms, { ...obj, data: { a: '2' } }, { fieldManager: 'kube-test' });
    expect(again.data).toEqual({ a: '2' });
    expect(again.metadata.labels).toEqual({ owner: 'me' });
  });
});

describe('event recorder', () => {
  it('folds repeated events into one Event with a count, and keeps different ones apart', async () => {
    const client = env.client();
    const mcs = client.resource<ManagedCluster>(managedClusterResource);
    const mc = await mcs.create({ apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'evented' }, spec: {} });
    const recorder = new EventRecorder({ client, component: 'registration-controller', host: 'hub-0', logger: testLogger() });
    for (let i = 0; i < 3; i++) recorder.event(mc, 'Warning', 'LeaseExpired', 'cluster evented lease expired');
    recorder.event(mc, 'Normal', 'Accepted', 'cluster evented accepted');
    await recorder.flush();
    recorder.event(mc, 'Warning', 'LeaseExpired', 'cluster evented lease expired');
    await recorder.flush();

    const events = (await client.resource<CoreEvent>(eventResource).list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === 'evented');
    expect(events).toHaveLength(2);
    const expired = events.find((e) => e.reason === 'LeaseExpired')!;
    expect(expired).toMatchObject({
      type: 'Warning',
      count: 4,
      message: 'cluster evented lease expired',
      involvedObject: { kind: 'ManagedCluster', name: 'evented', uid: mc.metadata.uid, apiVersion: 'cluster.open-cluster-management.io/v1' },
      source: { component: 'registration-controller', host: 'hub-0' },
      reportingComponent: 'registration-controller',
      reportingInstance: 'hub-0',
    });
    expect(Date.parse(expired.lastTimestamp!)).toBeGreaterThanOrEqual(Date.parse(expired.firstTimestamp!));
    expect(events.find((e) => e.reason === 'Accepted')).toMatchObject({ count: 1, type: 'Normal' });
  });

  it('starts a new Event once the window has passed or the old one is gone', async () => {
    const client = env.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    const cm = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'evented', namespace: 'default' } });
    const events = client.resource<CoreEvent>(eventResource);
    const mine = async (): Promise<CoreEvent[]> => (await events.list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === 'evented');

    const noWindow = new EventRecorder({ client, component: 'c', windowMs: -1, logger: testLogger() });
    noWindow.event(cm, 'Normal', 'Synced', 'synced');
    await noWindow.flush();
    noWindow.event(cm, 'Normal', 'Synced', 'synced');
    await noWindow.flush();
    expect((await mine()).map((e) => e.count)).toEqual([1, 1]);

    const recorder = new EventRecorder({ client, component: 'c', logger: testLogger() });
    recorder.event(cm, 'Normal', 'Applied', 'applied');
    await recorder.flush();
    for (const e of await mine()) await events.delete(e.metadata.name!, { namespace: 'default' });
    recorder.event(cm, 'Normal', 'Applied', 'applied');
    await recorder.flush();
    expect((await mine()).map((e) => [e.reason, e.count])).toEqual([['Applied', 1]]);
  });
});
