// The built-in kinds the embedded API server serves: the names, scope, verbs and subresources that
// discovery advertises and the router resolves. Values follow what kube-apiserver 1.35 reports.

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** e.g. ['status'], ['approval','status'], ['finalize','status'] for namespaces */
  subresources: string[];
  /** status writes only through /status */
  hasStatusSubresource: boolean;
  preferredVersion?: boolean;
}

/** The verbs of an ordinary resource, in the order discovery lists them. */
export const STANDARD_VERBS: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Entry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: string[];
}

function resource(e: Entry): ResourceInfo {
  const subresources = e.subresources ?? [];
  return {
    group: e.group,
    version: e.version,
    kind: e.kind,
    listKind: `${e.kind}List`,
    plural: e.plural,
    singular: e.kind.toLowerCase(),
    namespaced: e.namespaced,
    shortNames: e.shortNames ?? [],
    categories: e.categories ?? [],
    verbs: e.verbs ?? [...STANDARD_VERBS],
    subresources,
    hasStatusSubresource: subresources.includes('status'),
    preferredVersion: true,
  };
}

const ALL = ['all'];

export const BUILTIN_RESOURCES: ResourceInfo[] = [
  // core/v1
  resource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['finalize', 'status'] }),
  resource({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] }),
  resource({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true }),
  resource({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
    subresources: ['token'] }),
  resource({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] }),
  resource({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ALL,
    subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ALL,
    subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true,
    shortNames: ['pvc'], subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'],
    subresources: ['status'] }),
  resource({ group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'] }),
  // apps/v1
  resource({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'],
    categories: ALL, subresources: ['scale', 'status'] }),
  resource({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'],
    categories: ALL, subresources: ['scale', 'status'] }),
  resource({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'],
    categories: ALL, subresources: ['status'] }),
  resource({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'],
    categories: ALL, subresources: ['scale', 'status'] }),
  // batch/v1
  resource({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ALL, subresources: ['status'] }),
  resource({ group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'],
    categories: ALL, subresources: ['status'] }),
  // networking.k8s.io/v1
  resource({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'],
    subresources: ['status'] }),
  resource({ group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true,
    shortNames: ['netpol'] }),
  // policy/v1
  resource({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true,
    shortNames: ['pdb'], subresources: ['status'] }),
  // rbac.authorization.k8s.io/v1
  resource({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true }),
  resource({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true }),
  resource({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
  resource({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings',
    namespaced: false }),
  // coordination.k8s.io/v1
  resource({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true }),
  // certificates.k8s.io/v1
  resource({ group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests',
    namespaced: false, shortNames: ['csr'], subresources: ['approval', 'status'] }),
  // admissionregistration.k8s.io/v1
  resource({ group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations', namespaced: false }),
  resource({ group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations', namespaced: false }),
  // storage.k8s.io/v1
  resource({ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false,
    shortNames: ['sc'] }),
  // apiextensions.k8s.io/v1
  resource({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions',
    namespaced: false, shortNames: ['crd', 'crds'], subresources: ['status'] }),
];

/** Create-only review kinds (no storage): POST returns the request with a computed status. */
export const REVIEW_RESOURCES: ResourceInfo[] = [
  resource({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews',
    namespaced: false, verbs: ['create'] }),
  resource({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews',
    namespaced: false, verbs: ['create'] }),
  resource({ group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews',
    namespaced: false, verbs: ['create'] }),
  resource({ group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews',
    namespaced: true, verbs: ['create'] }),
  resource({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews',
    namespaced: false, verbs: ['create'] }),
  resource({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews',
    namespaced: false, verbs: ['create'] }),
];

/** Finds a built-in by group and plural (or singular / short name / kind, case-insensitively for kinds). */
export function findBuiltin(group: string, name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  return BUILTIN_RESOURCES.find((r) => r.group === group &&
    (r.plural === lower || r.singular === lower || r.shortNames.includes(lower) || r.kind.toLowerCase() === lower));
}
