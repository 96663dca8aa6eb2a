import { describe, expect, it } from 'vitest';
import { compileJsonPath } from '../../../src/apiserver/http/jsonpath.ts';
import { builtinColumns, crdColumns, humanAge } from '../../../src/apiserver/http/tables.ts';
import { BUILTIN_RESOURCES } from '../../../src/apiserver/registry/builtins.ts';

const now = new Date('2026-11-24T12:00:00Z');
const ago = (seconds: number): string => new Date(now.getTime() - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const names = (group: string, resource: string): string[] => builtinColumns(group, resource).columns.map((c) => c.name.toUpperCase());
const shown = (group: string, resource: string): string[] =>
  builtinColumns(group, resource).columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase());

describe('humanAge', () => {
  it.each([
    [0, '0s'], [12, '12s'], [119, '119s'], [120, '2m'], [150, '2m30s'], [600, '10m'], [3 * 3600 - 1, '179m'], [3 * 3600, '3h'],
    [5 * 3600 + 60, '5h1m'], [8 * 3600, '8h'], [47 * 3600, '47h'], [48 * 3600, '2d'], [50 * 3600, '2d2h'], [9 * 86400, '9d'],
    [800 * 86400, '2y70d'], [3000 * 86400, '8y'],
  ])('%ds -> %s', (seconds, expected) => {
    expect(humanAge(ago(seconds), now)).toBe(expected);
  });
  it('prints <unknown> for a missing time and 0s for slight clock skew', () => {
    expect(humanAge(undefined, now)).toBe('<unknown>');
    expect(humanAge(new Date(now.getTime() + 1500).toISOString(), now)).toBe('0s');
  });
});

describe('built-in columns', () => {
  it.each([
    ['', 'namespaces', ['NAME', 'STATUS', 'AGE']],
    ['', 'configmaps', ['NAME', 'DATA', 'AGE']],
    ['', 'secrets', ['NAME', 'TYPE', 'DATA', 'AGE']],
    ['', 'serviceaccounts', ['NAME', 'SECRETS', 'AGE']],
    ['', 'pods', ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']],
    ['', 'services', ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']],
    ['', 'nodes', ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']],
    ['', 'events', ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']],
    ['apps', 'deployments', ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']],
    ['coordination.k8s.io', 'leases', ['NAME', 'HOLDER', 'AGE']],
    ['certificates.k8s.io', 'certificatesigningrequests', ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION']],
    ['rbac.authorization.k8s.io', 'roles', ['NAME', 'CREATED AT']],
    ['rbac.authorization.k8s.io', 'clusterroles', ['NAME', 'CREATED AT']],
    ['rbac.authorization.k8s.io', 'rolebindings', ['NAME', 'ROLE', 'AGE']],
    ['apiextensions.k8s.io', 'customresourcedefinitions', ['NAME', 'CREATED AT']],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', ['NAME', 'WEBHOOKS', 'AGE']],
  ])('%s/%s shows %j', (group, resource, expected) => {
    expect(shown(group, resource)).toEqual(expected);
  });

  it('adds the -o wide columns with priority 1', () => {
    expect(names('', 'pods').slice(5)).toEqual(['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(names('apps', 'deployments').slice(5)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(names('rbac.authorization.k8s.io', 'rolebindings').slice(3)).toEqual(['USERS', 'GROUPS', 'SERVICEACCOUNTS']);
  });

  it('has a printer whose cell count equals its column count for every built-in', () => {
    for (const r of BUILTIN_RESOURCES) {
      const p = builtinColumns(r.group, r.plural);
      expect(p.cells({ metadata: { name: 'x', creationTimestamp: ago(5) } }, now), `${r.group}/${r.plural}`).toHaveLength(p.columns.length);
    }
  });

  it('renders the cells real clusters show', () => {
    const created = ago(300);
    expect(builtinColumns('', 'namespaces').cells({ metadata: { name: 'ns1', creationTimestamp: created }, status: { phase: 'Active' } }, now))
      .toEqual(['ns1', 'Active', '5m']);
    expect(builtinColumns('', 'configmaps').cells({ metadata: { name: 'c', creationTimestamp: created }, data: { a: '1', b: '2' } }, now))
      .toEqual(['c', 2, '5m']);
    expect(builtinColumns('', 'secrets').cells({ metadata: { name: 's', creationTimestamp: created }, type: 'Opaque', data: { a: 'MQ==' } }, now))
      .toEqual(['s', 'Opaque', 1, '5m']);
    const deploy = { metadata: { name: 'web', creationTimestamp: created },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(builtinColumns('apps', 'deployments').cells(deploy, now)).toEqual(['web', '2/3', 3, 2, '5m', 'nginx', 'nginx:1.27', 'app=web']);
    const csr = { metadata: { name: 'c1', creationTimestamp: created },
      spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', expirationSeconds: 3600 } };
    expect(builtinColumns('certificates.k8s.io', 'certificatesigningrequests').cells(csr, now))
      .toEqual(['c1', '5m', 'kubernetes.io/kube-apiserver-client', 'admin', '60m', 'Pending']);
    const approved = { ...csr, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0t' } };
    expect(builtinColumns('certificates.k8s.io', 'certificatesigningrequests').cells(approved, now)[5]).toBe('Approved,Issued');
    expect(builtinColumns('coordination.k8s.io', 'leases').cells({ metadata: { name: 'l', creationTimestamp: created }, spec: { holderIdentity: 'agent-1' } }, now))
      .toEqual(['l', 'agent-1', '5m']);
    const binding = { metadata: { name: 'b', creationTimestamp: created }, roleRef: { kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'User', name: 'u1' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }] };
    expect(builtinColumns('rbac.authorization.k8s.io', 'rolebindings').cells(binding, now)).toEqual(['b', 'ClusterRole/admin', '5m', 'u1', '', 'ns:sa']);
    expect(builtinColumns('rbac.authorization.k8s.io', 'roles').cells({ metadata: { name: 'r', creationTimestamp: created } }, now))
      .toEqual(['r', created]);
  });

  it('derives pod READY / STATUS / RESTARTS', () => {
    const pod = { metadata: { name: 'p', creationTimestamp: ago(60) }, spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [
        { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
        { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { finishedAt: ago(30) } } }] } };
    expect(builtinColumns('', 'pods').cells(pod, now).slice(0, 6)).toEqual(['p', '1/2', 'CrashLoopBackOff', '2 (30s ago)', '60s', '10.0.0.5']);
    const deleting = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ago(1) }, status: { phase: 'Running' } };
    expect(builtinColumns('', 'pods').cells(deleting, now)[2]).toBe('Terminating');
  });
});

describe('CRD printer columns', () => {
  const mc = { metadata: { name: 'cluster1', creationTimestamp: ago(90) }, spec: { hubAcceptsClient: true },
    status: { conditions: [{ type: 'ManagedClusterJoined', status: 'True', lastTransitionTime: ago(30) },
      { type: 'ManagedClusterConditionAvailable', status: 'Unknown' }], allocatable: { cpu: 4 } } };
  const printer = crdColumns([
    { name: 'Hub Accepted', type: 'boolean', jsonPath: '.spec.hubAcceptsClient' },
    { name: 'Joined', type: 'string', jsonPath: '.status.conditions[?(@.type=="ManagedClusterJoined")].status' },
    { name: 'Available', type: 'string', jsonPath: '.status.conditions[?(@.type=="ManagedClusterConditionAvailable")].status' },
    { name: 'Since', type: 'date', jsonPath: '.status.conditions[?(@.type=="ManagedClusterJoined")].lastTransitionTime', priority: 1 },
    { name: 'CPU', type: 'integer', jsonPath: '.status.allocatable.cpu' },
    { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  it('evaluates JSONPath with filters and renders dates as ages', () => {
    expect(printer.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0], ['Hub Accepted', 'boolean', 0], ['Joined', 'string', 0], ['Available', 'string', 0], ['Since', 'date', 1],
      ['CPU', 'integer', 0], ['Missing', 'string', 0], ['Age', 'date', 0]]);
    expect(printer.cells(mc, now)).toEqual(['cluster1', true, 'True', 'Unknown', '30s', 4, null, '90s']);
  });
  it('shows Name and Age when the CRD declares no columns', () => {
    const p = crdColumns([]);
    expect(p.columns.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(p.cells(mc, now)).toEqual(['cluster1', '90s']);
  });
});

describe('jsonpath', () => {
  const doc = { a: { 'b.c': 1, list: [{ n: 1, t: 'x' }, { n: 2, t: 'y' }] } };
  it.each([
    ['.a.list[0].n', [1]], ['.a.list[-1].t', ['y']], ['.a.list[*].n', [1, 2]], [".a['b.c']", [1]], ['{.a.list[?(@.n>1)].t}', ['y']],
    ['.a.list[?(@.t!="x")].n', [2]], ['..t', ['x', 'y']], ['.a.missing', []], ['.a.list[?(@.t)].n', [1, 2]],
  ])('%s', (path, expected) => {
    expect(compileJsonPath(path)(doc)).toEqual(expected);
  });
});
