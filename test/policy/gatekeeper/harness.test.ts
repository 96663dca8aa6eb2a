import { describe, expect, it } from 'vitest';
import { constraintMatches, selectorMatches } from '../../../src/policy/gatekeeper/match.ts';
import { inventoryOf } from '../../../src/policy/gatekeeper/inventory.ts';
import { reviewOf, reviewOfObject, gatekeeperInput } from '../../../src/policy/gatekeeper/review.ts';
import { regoOfTemplate } from '../../../src/policy/gatekeeper/template.ts';
import { checkAssertion } from '../../../src/policy/gatekeeper/verify.ts';

const pod = (ns?: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...(ns ? { namespace: ns } : {}), labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

describe('input.review', () => {
  it('describes a plain object as a CREATE of its group/version/kind', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'prod' } };
    expect(reviewOfObject(deploy)).toEqual({
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      operation: 'CREATE',
      name: 'd',
      namespace: 'prod',
      object: deploy,
    });
    expect(gatekeeperInput(reviewOfObject(deploy), undefined).parameters).toEqual({});
  });

  it('uses the request of an AdmissionReview, filling kind and name from its object', () => {
    const review = reviewOf({
      apiVersion: 'admission.k8s.io/v1beta1',
      kind: 'AdmissionReview',
      request: { operation: 'UPDATE', object: pod('default'), userInfo: { username: 'alice' } },
    });
    expect(review.operation).toBe('UPDATE');
    expect(review.kind).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(review.name).toBe('web');
    expect(review.namespace).toBe('default');
    expect(review.userInfo).toEqual({ username: 'alice' });
    expect(() => reviewOf({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })).toThrow(/has no request/);
  });
});

describe('constraint match', () => {
  const podKinds = { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] };

  it('matches kinds by group and kind, with * wildcards and empty lists', () => {
    expect(constraintMatches(podKinds, reviewOfObject(pod('a')))).toBe(true);
    expect(constraintMatches(podKinds, reviewOfObject({ apiVersion: 'apps/v1', kind: 'Pod', metadata: { name: 'x' } }))).toBe(false);
    expect(constraintMatches({ kinds: [{ apiGroups: ['*'], kinds: ['*'] }] }, reviewOfObject({ apiVersion: 'x.io/v1', kind: 'Y', metadata: { name: 'y' } }))).toBe(true);
    expect(constraintMatches({ kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }] }, reviewOfObject(pod('a')))).toBe(false);
    expect(constraintMatches(undefined, reviewOfObject(pod()))).toBe(true);
  });

  it('applies namespaces and excludedNamespaces with prefix and suffix wildcards', () => {
    expect(constraintMatches({ namespaces: ['default'] }, reviewOfObject(pod('default')))).toBe(true);
    expect(constraintMatches({ namespaces: ['default'] }, reviewOfObject(pod('prod')))).toBe(false);
    expect(constraintMatches({ namespaces: ['team-*'] }, reviewOfObject(pod('team-a')))).toBe(true);
    expect(constraintMatches({ excludedNamespaces: ['*-system'] }, reviewOfObject(pod('kube-system')))).toBe(false);
    expect(constraintMatches({ excludedNamespaces: ['kube-system'] }, reviewOfObject(pod('default')))).toBe(true);
    // A Namespace is matched by its own name; other cluster-scoped objects ignore namespace fields.
    const nsObj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } };
    expect(constraintMatches({ excludedNamespaces: ['kube-system'] }, reviewOfObject(nsObj))).toBe(false);
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    expect(constraintMatches({ namespaces: ['default'] }, reviewOfObject(node))).toBe(true);
  });

  it('applies scope, name, labelSelector and namespaceSelector', () => {
    expect(constraintMatches({ scope: 'Cluster' }, reviewOfObject(pod('a')))).toBe(false);
    expect(constraintMatches({ scope: 'Namespaced' }, reviewOfObject(pod('a')))).toBe(true);
    expect(constraintMatches({ name: 'we*' }, reviewOfObject(pod('a')))).toBe(true);
    expect(constraintMatches({ name: 'api' }, reviewOfObject(pod('a')))).toBe(false);
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['db'] }] };
    expect(constraintMatches({ labelSelector: sel }, reviewOfObject(pod('a', { app: 'web' })))).toBe(true);
    expect(constraintMatches({ labelSelector: sel }, reviewOfObject(pod('a', { app: 'web', tier: 'db' })))).toBe(false);
    const nsSel = { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'Exists' as const }] } };
    const labels = (ns: string): Record<string, string> | undefined => (ns === 'prod' ? { env: 'prod' } : ns === 'dev' ? {} : undefined);
    expect(constraintMatches(nsSel, reviewOfObject(pod('prod')), { namespaceLabels: labels })).toBe(true);
    expect(constraintMatches(nsSel, reviewOfObject(pod('dev')), { namespaceLabels: labels })).toBe(false);
    expect(constraintMatches(nsSel, reviewOfObject(pod('unknown')), { namespaceLabels: labels })).toBe(false);
  });

  it('rejects an unknown selector operator with a clear error', () => {
    expect(() => selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Gt' as never }] }, {})).toThrow(/operator Gt is not one of/);
  });
});

describe('data.inventory', () => {
  it('files namespaced and cluster objects by apiVersion, kind and name, unpacking Lists', () => {
    const inv = inventoryOf([
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i1', namespace: 'web' } },
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }] },
    ]);
    expect(Object.keys(inv.namespace.web['networking.k8s.io/v1'].Ingress)).toEqual(['i1']);
    expect(inv.cluster.v1.Namespace.web.metadata?.name).toBe('web');
    expect(() => inventoryOf([{ kind: 'Pod' }])).toThrow(/needs apiVersion, kind and metadata.name/);
  });
});

describe('templates and assertions', () => {
  const template = (target: Record<string, unknown>) => ({
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: { name: 'k8sx' },
    spec: { crd: { spec: { names: { kind: 'K8sX' } } }, targets: [{ target: 'admission.k8s.gatekeeper.sh', ...target }] },
  });

  it('reads the Rego, its libs and the violation entrypoint from either template form', () => {
    const classic = regoOfTemplate(template({ rego: '# c\npackage k8s.x\nviolation[{"msg": "m"}] { true }', libs: ['package lib.y\n'] }));
    expect(classic.entrypoint).toBe('k8s/x/violation');
    expect(classic.modules.map((m) => m.filename)).toEqual(['k8sx.rego', 'k8sx.lib0.rego']);
    expect(classic.regoVersion).toBe(0);
    const code = regoOfTemplate(template({ code: [{ engine: 'K8sNativeValidation', source: {} }, { engine: 'Rego', source: { rego: 'package p\n', version: 'v1' } }] }));
    expect(code.entrypoint).toBe('p/violation');
    expect(code.regoVersion).toBe(1);
    expect(() => regoOfTemplate(template({}))).toThrow(/ConstraintTemplate k8sx: spec.targets\[admission.k8s.gatekeeper.sh\] has no Rego source/);
  });

  it('checks violations yes/no/N and message patterns like gator', () => {
    expect(checkAssertion({ violations: 'yes' }, ['a'])).toBeUndefined();
    expect(checkAssertion({ violations: 'yes' }, [])).toMatch(/want violations, got none/);
    expect(checkAssertion({ violations: 'no' }, ['x'])).toMatch(/want no violations, got 1/);
    expect(checkAssertion({ violations: 2 }, ['a', 'b'])).toBeUndefined();
    expect(checkAssertion({ violations: 1, message: 'label' }, ['missing label', 'bad image'])).toBeUndefined();
    expect(checkAssertion({ violations: 'no', message: 'image' }, ['missing label'])).toBeUndefined();
  });
});
