import { describe, expect, it } from 'vitest';
import { IndexedCache } from '../../src/kube/cache.ts';
import { formatLabelSelector, labelMatcher, parseLabelSelector } from '../../src/kube/selectors.ts';

describe('label selectors', () => {
  it('parse and match the string form', () => {
    const m = labelMatcher('env in (prod, staging),tier!=db,app,!legacy,region=eu');
    expect(m({ env: 'prod', tier: 'web', app: 'x', region: 'eu' })).toBe(true);
    expect(m({ env: 'dev', tier: 'web', app: 'x', region: 'eu' })).toBe(false);
    expect(m({ env: 'prod', tier: 'db', app: 'x', region: 'eu' })).toBe(false);
    expect(m({ env: 'prod', app: 'x', region: 'eu', legacy: 'y' })).toBe(false);
    expect(m({ env: 'prod', region: 'eu' })).toBe(false);
    expect(labelMatcher('a notin (1,2)')({ a: '3' })).toBe(true);
    expect(labelMatcher('')(undefined)).toBe(true);
    expect(() => parseLabelSelector('a=(b')).toThrow(/label selector "a=\(b": cannot parse/);
  });

  it('compile metav1.LabelSelector and name the bad field', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'x', operator: 'Exists' }] };
    expect(labelMatcher(sel)({ app: 'web', env: 'prod', x: '' })).toBe(true);
    expect(labelMatcher(sel)({ app: 'web', env: 'dev', x: '' })).toBe(false);
    expect(formatLabelSelector(sel)).toBe('app=web,env notin (dev),x');
    expect(labelMatcher(formatLabelSelector(sel))({ app: 'web', env: 'dev', x: '1' })).toBe(false);
    expect(() => labelMatcher({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] })).toThrow(/matchExpressions\[0\]\.operator: "Equals"/);
    expect(() => labelMatcher({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(/matchExpressions\[0\]\.values: must be non-empty/);
  });
});

describe('indexed cache', () => {
  const obj = (ns: string, name: string, rv: string, labels: Record<string, string> = {}) => ({ metadata: { namespace: ns, name, resourceVersion: rv, labels } });

  it('keeps indexes in step with upserts, removals and relists', () => {
    const cache = new IndexedCache<ReturnType<typeof obj>>({ byApp: (o) => (o.metadata.labels.app ? [o.metadata.labels.app] : []) });
    cache.upsert(obj('a', 'x', '1', { app: 'web' }));
    cache.upsert(obj('b', 'y', '1', { app: 'web' }));
    expect(cache.byIndex('byApp', 'web').map((o) => o.metadata.name).sort()).toEqual(['x', 'y']);
    cache.upsert(obj('a', 'x', '2', { app: 'db' }));
    expect(cache.byIndex('byApp', 'web').map((o) => o.metadata.name)).toEqual(['y']);
    expect(cache.byIndex('label', 'app=db').map((o) => o.metadata.name)).toEqual(['x']);
    const changes = cache.replace([obj('a', 'x', '2', { app: 'db' }), obj('c', 'z', '1')]);
    expect(changes.added.map((o) => o.metadata.name)).toEqual(['z']);
    expect(changes.updated).toEqual([]);
    expect(changes.deleted.map((o) => o.metadata.name)).toEqual(['y']);
    expect(cache.byIndex('byApp', 'web')).toEqual([]);
    expect(cache.byIndex('namespace', 'c').map((o) => o.metadata.name)).toEqual(['z']);
    cache.addIndexers({ byName: (o) => [o.metadata.name] });
    expect(cache.byIndex('byName', 'z')).toHaveLength(1);
    expect(() => cache.addIndexers({ byName: () => [] })).toThrow(/index byName already exists/);
  });
});
