// Hand-written IR for policies shaped like the planner's output.
import type * as ir from '../../../src/policy/ir/ir.ts';
import { PolicyBuilder, l, bool } from './helpers.ts';

/**
 * gatekeeper k8srequiredlabels:
 *   violation[{"msg": msg}] {
 *     provided := {label | input.review.object.metadata.labels[label]}
 *     required := {label | label := input.parameters.labels[_]}
 *     missing := required - provided
 *     count(missing) > 0
 *     msg := sprintf("you must provide labels: %v", [missing])
 *   }
 */
export function requiredLabels(): ir.Policy {
  const b = new PolicyBuilder();
  b.builtin('minus', 2).builtin('count', 1).builtin('gt', 2).builtin('sprintf', 2);
  const fn: ir.Func = {
    name: 'g0.data.k8srequiredlabels.violation',
    params: [0, 1],
    return: 2,
    path: ['g0', 'k8srequiredlabels', 'violation'],
    blocks: [
      { stmts: [{ type: 'MakeSetStmt', target: 2 }] },
      {
        stmts: [
          { type: 'MakeSetStmt', target: 3 },
          { type: 'BlockStmt', blocks: [{ stmts: [
            { type: 'DotStmt', source: l(0), key: b.str('review'), target: 4 },
            { type: 'DotStmt', source: l(4), key: b.str('object'), target: 5 },
            { type: 'DotStmt', source: l(5), key: b.str('metadata'), target: 6 },
            { type: 'DotStmt', source: l(6), key: b.str('labels'), target: 7 },
            { type: 'ScanStmt', source: 7, key: 8, value: 9, block: { stmts: [{ type: 'SetAddStmt', value: l(8), set: 3 }] } },
          ] }] },
          { type: 'MakeSetStmt', target: 10 },
          { type: 'BlockStmt', blocks: [{ stmts: [
            { type: 'DotStmt', source: l(0), key: b.str('parameters'), target: 11 },
            { type: 'DotStmt', source: l(11), key: b.str('labels'), target: 12 },
            { type: 'ScanStmt', source: 12, key: 13, value: 14, block: { stmts: [
              { type: 'AssignVarStmt', source: l(14), target: 15 },
              { type: 'SetAddStmt', value: l(15), set: 10 },
            ] } },
          ] }] },
          { type: 'CallStmt', func: 'minus', args: [l(10), l(3)], result: 16 },
          { type: 'CallStmt', func: 'count', args: [l(16)], result: 17 },
          { type: 'MakeNumberIntStmt', value: 0, target: 18 },
          { type: 'CallStmt', func: 'gt', args: [l(17), l(18)], result: 19 },
          { type: 'NotEqualStmt', a: l(19), b: bool(false) },
          { type: 'MakeArrayStmt', capacity: 1, target: 20 },
          { type: 'ArrayAppendStmt', value: l(16), array: 20 },
          { type: 'CallStmt', func: 'sprintf', args: [b.str('you must provide labels: %v'), l(20)], result: 21 },
          { type: 'MakeObjectStmt', target: 22 },
          { type: 'ObjectInsertStmt', key: b.str('msg'), value: l(21), object: 22 },
          { type: 'SetAddStmt', value: l(22), set: 2 },
        ],
      },
      { stmts: [{ type: 'ReturnLocalStmt', source: 2 }] },
    ],
  };
  return b
    .func(fn)
    .plan('k8srequiredlabels/violation', [[
      { type: 'CallStmt', func: fn.name, args: [l(0), l(1)], result: 3 },
      ...b.result(3, 4),
    ]])
    .build();
}

/** A ~4 KB Pod admission review like the ones Gatekeeper evaluates. */
export function podReview(labels: Record<string, string>): unknown {
  const containers = ['app', 'sidecar', 'metrics'].map((name, i) => ({
    name,
    image: `registry.example.com/team/${name}:v1.${i}.3`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080 + i, name: 'http', protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ],
    resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true }],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
  }));
  return {
    review: {
      kind: { group: '', version: 'v1', kind: 'Pod' },
      name: 'web-5d8f7c9b4-x2k8q',
      namespace: 'production',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts'] },
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'web-5d8f7c9b4-x2k8q',
          namespace: 'production',
          labels,
          annotations: { 'kubernetes.io/psp': 'restricted', 'prometheus.io/scrape': 'true' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b4', uid: '0b1c7a52-6f1e-4d7b-9a55-3c1a2b9f8e10', controller: true }],
        },
        spec: {
          containers,
          dnsPolicy: 'ClusterFirst',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          serviceAccountName: 'web',
          terminationGracePeriodSeconds: 30,
          tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }],
          volumes: [{ name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
        },
      },
    },
    parameters: { labels: ['owner', 'team', 'cost-center'] },
  };
}
