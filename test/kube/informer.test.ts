import { afterEach, describe, expect, it } from 'vitest';
import { Informer } from '../../src/kube/informer.ts';
import { InformerFactory } from '../../src/kube/informer-factory.ts';
import { isGone } from '../../src/kube/errors.ts';
import { configMapResource } from '../../src/kube/resources.ts';
import type { ConfigMap } from '../../src/kube/resources.ts';
import type { ResourceClient } from '../../src/kube/client.ts';
import { eventually, startEnv, testLogger } from './support.ts';
import type { Env } from './support.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function env(options: Parameters<typeof startEnv>[0] = {}): Promise<Env> {
  const e = await startEnv(options);
  cleanups.push(() => e.stop());
  return e;
}

function recorder(): { log: string[]; handler: { onAdd(o: ConfigMap): void; onUpdate(a: ConfigMap, b: ConfigMap): void; onDelete(o: ConfigMap): void } } {
  const log: string[] = [];
  return {
    log,
    handler: {
      onAdd: (o) => log.push(`add ${o.metadata.namespace}/${o.metadata.name}`),
      onUpdate: (a, b) => log.push(`update ${b.metadata.name} ${a.data?.v ?? ''}->${b.data?.v ?? ''}`),
      onDelete: (o) => log.push(`delete ${o.metadata.namespace}/${o.metadata.name}`),
    },
  };
}

const cm = (namespace: string, name: string, labels: Record<string, string> = {}, v = '1'): ConfigMap => ({ metadata: { name, namespace, labels }, data: { v } });

describe('informer', () => {
  it('delivers adds, updates and deletes and answers index queries from its cache', async () => {
    const e = await env();
    const client = e.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    await client.resource(({ group: '', version: 'v1', plural: 'namespaces', namespaced: false })).create({ metadata: { name: 'team-a' } });
    await cms.create(cm('default', 'pre', { app: 'web' }));

    const factory = new InformerFactory(client, { logger: testLogger() });
    const informer = factory.informer<ConfigMap>(configMapResource, { indexers: { byValue: (o) => [o.data?.v ?? ''] } });
    expect(factory.informer<ConfigMap>(configMapResource)).toBe(informer); // shared
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    factory.start();
    cleanups.push(() => factory.stop());
    await factory.waitForSync(30_000);
    expect(informer.hasSynced()).toBe(true);
    expect(log).toContain('add default/pre');
    expect(informer.get('pre', 'default')).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });

    await cms.create(cm('team-a', 'x', { app: 'web', tier: 'front' }));
    await cms.create(cm('team-a', 'y', { app: 'db' }, '2'));
    await cms.patch('pre', { data: { v: '3' } }, { namespace: 'default' });
    await cms.delete('x', { namespace: 'team-a' });
    await eventually(() => log.includes('delete team-a/x'), 30_000, 'delete event');
    expect(log).toEqual(expect.arrayContaining(['add team-a/x', 'add team-a/y', 'update pre 1->3']));

    const names = (list: ConfigMap[]): string[] => list.map((o) => o.metadata.name!).sort();
    expect(informer.get('y', 'team-a')?.data?.v).toBe('2');
    expect(informer.get('x', 'team-a')).toBeUndefined();
    expect(names(informer.list({ namespace: 'team-a' }))).toEqual(['y']);
    expect(names(informer.list({ labelSelector: 'app in (web,db)' }))).toEqual(['pre', 'y']);
    expect(names(informer.list({ labelSelector: { matchLabels: { app: 'db' } } }))).toEqual(['y']);
    expect(names(informer.list({ labelSelector: 'app,app!=db' }))).toEqual(['pre']);
    expect(names(informer.byIndex('byValue', '3'))).toEqual(['pre']);
    expect(names(informer.byIndex('label', 'app=db'))).toEqual(['y']);
    expect(() => informer.byIndex('nope', 'x')).toThrow(/index nope does not exist/);

    // a handler added late gets the current objects as adds
    const late = recorder();
    informer.addEventHandler(late.handler);
    expect(late.log.sort()).toEqual(['add default/pre', 'add team-a/y']);
  });

  it('honours namespace and label selectors and re-delivers objects on resync', async () => {
    const e = await env();
    const client = e.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    const informer = new Informer<ConfigMap>(cms, { namespace: 'default', labelSelector: 'watched=yes', resyncMs: 200, logger: testLogger() });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    cleanups.push(() => informer.stop());
    await informer.waitForSync(30_000);
    await cms.create(cm('kube-system', 'other-ns', { watched: 'yes' }));
    await cms.create(cm('default', 'unlabelled'));
    await cms.create(cm('default', 'w', { watched: 'yes' }));
    await eventually(() => log.includes('add default/w'), 30_000, 'add of w');
    await eventually(() => log.filter((l) => l === 'update w 1->1').length >= 2, 30_000, 'resync updates');
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['w']);
  });

  it('relists after its resourceVersion is compacted away (410 Expired)', async () => {
    const e = await env({ retention: { retainRevisions: 5, retainMs: 0, compactIntervalMs: 100 } });
    const client = e.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    await cms.create(cm('default', 'old'));
    const informer = new Informer<ConfigMap>(cms, { namespace: 'default', logger: testLogger() });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    cleanups.push(() => informer.stop());
    await informer.waitForSync(30_000);
    const staleRv = informer.lastSyncResourceVersion();
    await informer.stop();

    // while it is stopped: delete one object, write many others, and wait until history before them is gone
    await cms.delete('old', { namespace: 'default' });
    for (let i = 0; i < 20; i++) await cms.create(cm('default', `n${i}`));
    await eventually(() => watchIsExpired(cms, staleRv), 30_000, 'compaction past the informer resourceVersion');

    informer.start(); // resumes from the stale resourceVersion
    await eventually(() => informer.list().length === 20, 30_000, 'relisted cache');
    expect(informer.listCount).toBe(2);
    expect(informer.get('old', 'default')).toBeUndefined();
    expect(log).toContain('delete default/old');
    expect(log.filter((l) => l.startsWith('add default/n'))).toHaveLength(20);
    await cms.create(cm('default', 'after'));
    await eventually(() => informer.get('after', 'default'), 30_000, 'watch resumed after the relist');
  });

  it('keeps retrying while the server is down and catches up when it is back', async () => {
    const e = await env();
    const client = e.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    await cms.create(cm('default', 'a'));
    const informer = new Informer<ConfigMap>(cms, { namespace: 'default', logger: testLogger(), backoff: { initialMs: 50, maxMs: 500 } });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    cleanups.push(() => informer.stop());
    await informer.waitForSync(30_000);

    const port = Number(new URL(e.server.url).port);
    await e.server.close();
    await eventually(() => informer.consecutiveFailures >= 2, 30_000, 'failed reconnects');
    const again = await startEnv({ dataDir: e.dataDir, port });
    cleanups.push(() => again.stop());
    const cms2 = again.client('c1').resource<ConfigMap>(configMapResource);
    await cms2.create(cm('default', 'b'));
    await cms2.delete('a', { namespace: 'default' });
    await eventually(() => informer.get('b', 'default') && !informer.get('a', 'default'), 30_000, 'informer caught up');
    expect(informer.consecutiveFailures).toBe(0);
    expect(log).toEqual(expect.arrayContaining(['add default/a', 'add default/b', 'delete default/a']));
  });

  it('survives its cluster being removed and re-added', async () => {
    const e = await env();
    const client = e.client('c1');
    const cms = client.resource<ConfigMap>(configMapResource);
    await cms.create(cm('default', 'before'));
    const informer = new Informer<ConfigMap>(cms, { namespace: 'default', logger: testLogger(), backoff: { initialMs: 50, maxMs: 500 } });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    cleanups.push(() => informer.stop());
    await informer.waitForSync(30_000);
    await e.server.removeCluster('c1');
    await eventually(() => informer.consecutiveFailures >= 1, 30_000, 'failed relist while the cluster is gone');
    await e.server.addCluster('c1');
    await cms.create(cm('default', 'after'));
    await eventually(() => informer.get('after', 'default'), 30_000, 'informer back on the re-added cluster');
    expect(informer.get('before', 'default')).toBeUndefined();
    expect(log).toContain('delete default/before');
  });
});

/** A watch from `rv` is refused as expired: HTTP 410, or 200 with an ERROR event carrying 410 (as kube does). */
async function watchIsExpired(cms: ResourceClient<ConfigMap>, rv: string): Promise<boolean> {
  let gone = false;
  const ac = new AbortController();
  const err = await cms
    .watch({ namespace: 'default', resourceVersion: rv, timeoutSeconds: 1, signal: ac.signal }, (ev) => {
      if (ev.type === 'ERROR' && (ev.object as { code?: number }).code === 410) gone = true;
      ac.abort();
    })
    .then(() => undefined, (x: unknown) => x);
  return gone || isGone(err);
}
