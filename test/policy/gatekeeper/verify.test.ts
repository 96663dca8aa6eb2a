import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { verifySuite } from '../../../src/policy/gatekeeper/verify.ts';

// A referential template: an Ingress host must be unique among the Ingresses in data.inventory.
const template = {
  apiVersion: 'templates.gatekeeper.sh/v1',
  kind: 'ConstraintTemplate',
  metadata: { name: 'k8suniquehost' },
  spec: {
    crd: { spec: { names: { kind: 'K8sUniqueHost' } } },
    targets: [
      {
        target: 'admission.k8s.gatekeeper.sh',
        rego: [
          'package k8suniquehost',
          '',
          'import data.lib.hosts.hosts_of',
          '',
          'violation[{"msg": msg}] {',
          '  host := hosts_of(input.review.object)[_]',
          '  other := data.inventory.namespace[ns][_]["Ingress"][name]',
          '  not same(other, ns, name)',
          '  hosts_of(other)[_] == host',
          '  msg := sprintf("host %v is already used by %v/%v", [host, ns, name])',
          '}',
          '',
          'same(other, ns, name) {',
          '  ns == input.review.object.metadata.namespace',
          '  name == input.review.object.metadata.name',
          '}',
        ].join('\n'),
        libs: ['package lib.hosts\n\nhosts_of(obj) = hs {\n  hs := [h | h := obj.spec.rules[_].host]\n}\n'],
      },
    ],
  },
};

const ingress = (name: string, ns: string, host: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: ns },
  spec: { rules: [{ host }] },
});

function suiteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gator-suite-'));
  mkdirSync(join(dir, 'samples'));
  const write = (f: string, v: unknown) => writeFileSync(join(dir, f), stringify(v));
  write('template.yaml', template);
  write('samples/constraint.yaml', {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'K8sUniqueHost',
    metadata: { name: 'unique-host' },
    spec: { match: { kinds: [{ apiGroups: ['networking.k8s.io'], kinds: ['Ingress'] }], excludedNamespaces: ['kube-system'] } },
  });
  write('samples/new.yaml', ingress('new', 'web', 'shop.example.com'));
  write('samples/system.yaml', ingress('new', 'kube-system', 'shop.example.com'));
  write('samples/inventory.yaml', ingress('old', 'other', 'shop.example.com'));
  write('suite.yaml', {
    kind: 'Suite',
    apiVersion: 'test.gatekeeper.sh/v1alpha1',
    tests: [
      {
        name: 'unique',
        template: 'template.yaml',
        constraint: 'samples/constraint.yaml',
        cases: [
          { name: 'no-others', object: 'samples/new.yaml', assertions: [{ violations: 'no' }] },
          { name: 'taken', object: 'samples/new.yaml', inventory: ['samples/inventory.yaml'], assertions: [{ violations: 1, message: 'already used by other/old' }] },
          { name: 'excluded-namespace', object: 'samples/system.yaml', inventory: ['samples/inventory.yaml'], assertions: [{ violations: 'no' }] },
          { name: 'wrong-expectation', object: 'samples/new.yaml', inventory: ['samples/inventory.yaml'], assertions: [{ violations: 'no' }] },
        ],
      },
    ],
  });
  return dir;
}

describe('gator-like suite verification', () => {
  it('evaluates each case with match, inventory and assertions', async () => {
    const dir = suiteDir();
    const outcomes = await verifySuite(join(dir, 'suite.yaml'), { root: dir });
    expect(outcomes.map((o) => [o.id, o.ok])).toEqual([
      ['unique/no-others', true],
      ['unique/taken', true],
      ['unique/excluded-namespace', true],
      ['unique/wrong-expectation', false],
    ]);
    expect(outcomes[3].reason).toMatch(/want no violations, got 1: host shop.example.com is already used by other\/old/);
  });

  it('fails every case of a test whose template does not compile, naming the problem', async () => {
    const dir = suiteDir();
    const broken = { ...template, spec: { ...template.spec, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package k8suniquehost\n\nviolation[{"msg": m}] {\n' }] } };
    writeFileSync(join(dir, 'template.yaml'), stringify(broken));
    const outcomes = await verifySuite(join(dir, 'suite.yaml'), { root: dir });
    expect(outcomes).toHaveLength(4);
    expect(outcomes.every((o) => !o.ok && /template: .*rego_parse_error/.test(o.reason ?? ''))).toBe(true);
  });
});
