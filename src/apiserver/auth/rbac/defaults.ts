// The default ClusterRoles and ClusterRoleBindings a kube-apiserver bootstraps (spec/security.md §2.7, §2.8).
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from './types.ts';

const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

function role(name: string, rules: PolicyRule[], extra: Partial<ClusterRole> = {}, labels: Record<string, string> = {}): ClusterRole {
  return {
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...labels } },
    rules,
    ...extra,
  };
}

const aggregateTo = (target: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${target}`]: 'true' });
const selector = (target: string) => ({ clusterRoleSelectors: [{ matchLabels: aggregateTo(target) }] });

const VIEW_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'bindings', 'configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'namespaces/status',
      'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'pods/log', 'pods/status',
      'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status',
      'resourcequotas', 'resourcequotas/status', 'serviceaccounts', 'services', 'services/status',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
      'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  {
    apiGroups: ['extensions'],
    resources: [
      'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses',
      'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale',
    ],
    verbs: READ,
  },
];

const EDIT_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  {
    apiGroups: [''],
    resources: [
      'configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale',
      'secrets', 'serviceaccounts', 'services', 'services/proxy',
    ],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['pods/eviction', 'serviceaccounts/token'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: [
      'daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
      'statefulsets', 'statefulsets/scale',
    ],
    verbs: WRITE,
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...READ, ...WRITE] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  {
    apiGroups: ['extensions'],
    resources: [
      'daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies',
      'replicasets', 'replicasets/scale', 'replicationcontrollers/scale',
    ],
    verbs: WRITE,
  },
];

const ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...WRITE, ...READ] },
];

const approver = (signer: string): PolicyRule[] => [
  { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: [signer], verbs: ['approve'] },
];

export function defaultClusterRoles(): ClusterRole[] {
  return [
    role('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    role('admin', [], { aggregationRule: selector('admin') }),
    role('edit', [], { aggregationRule: selector('edit') }, aggregateTo('admin')),
    role('view', [], { aggregationRule: selector('view') }, aggregateTo('edit')),
    role('system:aggregate-to-admin', ADMIN_RULES, {}, aggregateTo('admin')),
    role('system:aggregate-to-edit', EDIT_RULES, {}, aggregateTo('edit')),
    role('system:aggregate-to-view', VIEW_RULES, {}, aggregateTo('view')),
    role('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    role('system:discovery', [
      {
        nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'],
        verbs: ['get'],
      },
    ]),
    role('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    role('system:monitoring', [
      {
        nonResourceURLs: ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'],
        verbs: ['get'],
      },
    ]),
    role('system:auth-delegator', [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]),
    role('system:node-bootstrapper', [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get', 'list', 'watch'] },
    ]),
    role('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/nodeclient'], verbs: ['create'] },
    ]),
    role('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/selfnodeclient'], verbs: ['create'] },
    ]),
    role('system:certificates.k8s.io:kube-apiserver-client-approver', approver('kubernetes.io/kube-apiserver-client')),
    role('system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', approver('kubernetes.io/kube-apiserver-client-kubelet')),
    role('system:certificates.k8s.io:kubelet-serving-approver', approver('kubernetes.io/kubelet-serving')),
    role('system:certificates.k8s.io:legacy-unknown-approver', approver('kubernetes.io/legacy-unknown')),
    role('system:service-account-issuer-discovery', [
      { nonResourceURLs: ['/.well-known/openid-configuration', '/openid/v1/jwks'], verbs: ['get'] },
    ]),
  ];
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const group = (name: string) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });

function binding(name: string, subjects: ClusterRoleBinding['subjects']): ClusterRoleBinding {
  return {
    metadata: { name, labels: { ...BOOTSTRAP_LABELS } },
    subjects,
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
  };
}

export function defaultClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    binding('cluster-admin', [group('system:masters')]),
    binding('system:discovery', [group('system:authenticated')]),
    binding('system:basic-user', [group('system:authenticated')]),
    binding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    binding('system:monitoring', [group('system:monitoring')]),
    binding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  ];
}

/** Annotation kube puts on every default object so upgrades may refresh it. */
export const AUTOUPDATE_ANNOTATION = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
