// The default and global ManagedClusterSets: created by bootstrapHub, put back by the hub when deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterSetResource } from '../../src/api/index.ts';
import type { ManagedClusterSet } from '../../src/api/index.ts';
import { eventually, startHub } from './support.ts';
import type { Hub } from './support.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('default cluster sets', () => {
  it('exist after bootstrap: default by label, global selecting every cluster', async () => {
    const sets = hub.admin.resource<ManagedClusterSet>(managedClusterSetResource);
    expect((await sets.get('default')).spec?.clusterSelector?.selectorType).toBe('ExclusiveClusterSetLabel');
    const global = await sets.get('global');
    expect(global.spec?.clusterSelector).toMatchObject({ selectorType: 'LabelSelector', labelSelector: {} });
  });

  it('come back when deleted and get their selector back when changed', async () => {
    const sets = hub.admin.resource<ManagedClusterSet>(managedClusterSetResource);
    const before = await sets.get('global');
    await sets.delete('global');
    const again = await eventually(async () => {
      const s = await sets.getOrUndefined('global');
      return s && s.metadata.uid !== before.metadata.uid ? s : undefined;
    }, 15_000, 'global recreated');
    expect(again.spec?.clusterSelector?.selectorType).toBe('LabelSelector');
    await sets.patch('default', { spec: { clusterSelector: { selectorType: 'LabelSelector', labelSelector: { matchLabels: { a: 'b' } } } } });
    await eventually(async () => (await sets.get('default')).spec?.clusterSelector?.selectorType === 'ExclusiveClusterSetLabel', 15_000, 'default restored');
  });
});
