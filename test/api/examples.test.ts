import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCrds } from '../../src/api/crd-files.ts';
import { checkDirectory, checkDocument } from './support.ts';

const examples = checkDirectory(fileURLToPath(new URL('../../docs/examples/', import.meta.url)));
const fixtures = checkDirectory(fileURLToPath(new URL('../fixtures/ocm/', import.meta.url)));

describe('docs/examples', () => {
  it('has an example of every kind of crds/', () => {
    const kinds = new Set(examples.map((r) => r.kind));
    for (const { crd } of loadCrds()) expect(kinds, crd.spec.names.kind).toContain(crd.spec.names.kind);
  });

  for (const r of examples) {
    it(`${r.where} (${r.kind}) has no unknown fields and validates`, () => {
      expect(r.unknownFields).toEqual([]);
      expect(r.causes).toEqual([]);
    });
  }
});

describe('test/fixtures/ocm (upstream-style policy and placement YAML)', () => {
  it('holds at least 20 files of OCM objects', () => {
    expect(new Set(fixtures.map((r) => r.where.split('#')[0])).size).toBeGreaterThanOrEqual(20);
    expect(fixtures.filter((r) => !r.builtin).length).toBeGreaterThanOrEqual(20);
  });

  for (const r of fixtures) {
    if (r.builtin) continue;
    it(`${r.where} (${r.kind}) has no unknown fields and validates`, () => {
      expect(r.unknownFields).toEqual([]);
      expect(r.causes).toEqual([]);
    });
  }
});

describe('the CRDs reject what upstream rejects', () => {
  const policy = (spec: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: 'policy.open-cluster-management.io/v1',
    kind: 'Policy',
    metadata: { name: 'p1', namespace: 'policies' },
    spec,
  });
  const messages = (r: ReturnType<typeof checkDocument>): string[] => r.causes.map((c) => `${c.field}: ${c.message}`);

  it('Policy: bad remediationAction, missing policy-templates', () => {
    expect(messages(checkDocument(policy({ disabled: false, remediationAction: 'bogus' }), 'p'))).toEqual([
      'spec.policy-templates: Required value',
      'spec.remediationAction: Unsupported value: "bogus": supported values: "Inform", "inform", "Enforce", "enforce"',
    ]);
  });

  it('Policy: a ConfigurationPolicy dependency may not name a namespace', () => {
    const dep = { apiVersion: 'policy.open-cluster-management.io/v1', kind: 'ConfigurationPolicy', name: 'c', namespace: 'x', compliance: 'Compliant' };
    expect(messages(checkDocument(policy({ disabled: false, 'policy-templates': [], dependencies: [dep] }), 'p'))).toEqual([
      '<nil>: Invalid value: "": "spec.dependencies[0]" must validate one and only one schema (oneOf). Found none valid',
      'spec.dependencies[0].namespace: Too long: may not be more than 0 bytes',
    ]);
  });

  it('ManagedCluster: bad taint effect and key; defaults leaseDurationSeconds', () => {
    const r = checkDocument(
      { apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'c1' }, spec: { hubAcceptsClient: true, taints: [{ key: 'bad key', effect: 'Never' }] } },
      'mc',
    );
    expect(messages(r)).toEqual([
      'spec.taints[0].effect: Unsupported value: "Never": supported values: "NoSelect", "PreferNoSelect", "NoSelectIfNew"',
      `spec.taints[0].key: Invalid value: "bad key": spec.taints[0].key in body should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$'`,
    ]);
    expect((r.object.spec as Record<string, unknown>).leaseDurationSeconds).toBe(60);
  });

  it('Placement: weight out of range and bad clustersPerDecisionGroup; defaults applied', () => {
    const r = checkDocument(
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta1',
        kind: 'Placement',
        metadata: { name: 'p', namespace: 'ns' },
        spec: {
          prioritizerPolicy: { configurations: [{ scoreCoordinate: { builtIn: 'Steady' }, weight: 11 }] },
          decisionStrategy: { groupStrategy: { clustersPerDecisionGroup: '150%' } },
          bogus: 1,
        },
      },
      'pl',
    );
    expect(r.unknownFields).toEqual(['spec.bogus']);
    expect(messages(r)).toEqual([
      `spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup: Invalid value: "150%": spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup in body should match '^((100|[1-9][0-9]{0,1})%|[1-9][0-9]*)$'`,
      'spec.prioritizerPolicy.configurations[0].weight: Invalid value: 11: spec.prioritizerPolicy.configurations[0].weight in body should be less than or equal to 10',
    ]);
    const spec = r.object.spec as Record<string, Record<string, unknown>>;
    expect(spec.prioritizerPolicy.mode).toBe('Additive');
    expect((spec.prioritizerPolicy.configurations as Record<string, Record<string, unknown>>[])[0].scoreCoordinate.type).toBe('BuiltIn');
  });

  it('ManifestWork: a manifest without kind', () => {
    const r = checkDocument(
      {
        apiVersion: 'work.open-cluster-management.io/v1',
        kind: 'ManifestWork',
        metadata: { name: 'w', namespace: 'cluster1' },
        spec: { workload: { manifests: [{ apiVersion: 'v1', metadata: { name: 'x' } }] } },
      },
      'mw',
    );
    expect(messages(r)).toEqual(['spec.workload.manifests[0].kind: Required value']);
  });

  it('RegoPolicy: needs exactly one of rego and wasm, and a known severity', () => {
    const r = checkDocument(
      {
        apiVersion: 'policy.ocm-ts.io/v1alpha1',
        kind: 'RegoPolicy',
        metadata: { name: 'r', namespace: 'ns' },
        spec: { entrypoint: 'a/b', severity: 'urgent' },
      },
      'rp',
    );
    expect(messages(r)).toEqual([
      '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid',
      'spec.rego: Required value',
      'spec.severity: Unsupported value: "urgent": supported values: "low", "Low", "medium", "Medium", "high", "High", "critical", "Critical"',
    ]);
    expect((r.object.spec as Record<string, unknown>).remediationAction).toBe('inform');
  });
});
