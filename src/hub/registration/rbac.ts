// The RBAC the hub renders: the bootstrap role (cluster-manager chart), the per-cluster role in its accepted and
// non-accepted forms, the two common roles and the bindings in the cluster namespace (security.md §5.2, §5.3).
import { LABEL_CLUSTER_NAME, FINALIZER_MANIFEST_WORK_CLEANUP } from '../../api/index.ts';
import {
  BOOTSTRAP_CLUSTER_ROLE, BOOTSTRAP_CLUSTER_ROLE_BINDING, BOOTSTRAP_GROUP, CONTROLLER_CLUSTER_ROLE, REGISTRATION_CLUSTER_ROLE, WORK_CLUSTER_ROLE,
  clusterRoleName, registrationRoleBindingName, workRoleBindingName,
} from './names.ts';
import type { ClusterRole, PolicyRule, RoleBinding, Subject } from './resources.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CLUSTER_GROUP = 'cluster.open-cluster-management.io';
const REGISTER_GROUP = 'register.open-cluster-management.io';

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };

export function clusterSubjects(cluster: string): Subject[] {
  return [
    { kind: 'Group', apiGroup: RBAC_GROUP, name: `system:open-cluster-management:${cluster}` },
    { kind: 'Group', apiGroup: RBAC_GROUP, name: `open-cluster-management:${cluster}` },
  ];
}

export function clusterRole(cluster: string, accepted: boolean): ClusterRole {
  const rules = accepted
    ? [
        rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
        rule([REGISTER_GROUP], ['managedclusters/clientcertificates'], ['renew']),
        rule([CLUSTER_GROUP], ['managedclusters'], ['get', 'list', 'update', 'watch'], [cluster]),
        rule([CLUSTER_GROUP], ['managedclusters/status'], ['patch', 'update'], [cluster]),
      ]
    : [rule([CLUSTER_GROUP], ['managedclusters'], ['get', 'list', 'watch'], [cluster])];
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: clusterRoleName(cluster), labels: { [LABEL_CLUSTER_NAME]: cluster } }, rules };
}

export function clusterRoleBinding(cluster: string): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: clusterRoleName(cluster), labels: { [LABEL_CLUSTER_NAME]: cluster } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRoleName(cluster) },
    subjects: clusterSubjects(cluster),
  };
}

export function registrationRole(): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: REGISTRATION_CLUSTER_ROLE, labels: { [LABEL_CLUSTER_NAME]: '' } },
    rules: [
      rule(['coordination.k8s.io'], ['leases'], ['get', 'list', 'watch', 'update']),
      rule(['addon.open-cluster-management.io'], ['managedclusteraddons'], ['get', 'list', 'watch']),
      rule(['addon.open-cluster-management.io'], ['managedclusteraddons/status'], ['patch', 'update']),
      rule(['events.k8s.io'], ['events'], ['create']),
    ],
  };
}

export function workRole(): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: WORK_CLUSTER_ROLE, labels: { [LABEL_CLUSTER_NAME]: '' } },
    rules: [
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule(['work.open-cluster-management.io'], ['manifestworks'], ['get', 'list', 'watch', 'update', 'patch']),
      rule(['work.open-cluster-management.io'], ['manifestworks/status'], ['patch', 'update']),
    ],
  };
}

function roleBinding(cluster: string, name: string, role: string, finalizers?: string[]): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: cluster, labels: { [LABEL_CLUSTER_NAME]: cluster }, ...(finalizers ? { finalizers } : {}) },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: clusterSubjects(cluster),
  };
}

export const registrationRoleBinding = (cluster: string): RoleBinding => roleBinding(cluster, registrationRoleBindingName(cluster), REGISTRATION_CLUSTER_ROLE);
export const workRoleBinding = (cluster: string): RoleBinding =>
  roleBinding(cluster, workRoleBindingName(cluster), WORK_CLUSTER_ROLE, [FINALIZER_MANIFEST_WORK_CLEANUP]);

export function bootstrapRole(): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: BOOTSTRAP_CLUSTER_ROLE },
    rules: [
      rule([''], ['configmaps'], ['get']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
      rule([CLUSTER_GROUP], ['managedclusters'], ['get', 'create', 'list', 'watch']),
      rule([CLUSTER_GROUP], ['managedclustersets/join'], ['create']),
    ],
  };
}

export function bootstrapRoleBinding(): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: BOOTSTRAP_CLUSTER_ROLE_BINDING },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: BOOTSTRAP_CLUSTER_ROLE },
    subjects: [{ kind: 'Group', apiGroup: RBAC_GROUP, name: BOOTSTRAP_GROUP }],
  };
}

/** What the hub registration controller itself needs when it runs as a service account rather than an admin. */
export function controllerRole(): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: CONTROLLER_CLUSTER_ROLE },
    rules: [
      rule([''], ['namespaces', 'configmaps', 'secrets', 'events'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
      rule(['events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule([RBAC_GROUP], ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'escalate', 'bind']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['get', 'list', 'watch', 'create']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], ['update']),
      rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      rule([REGISTER_GROUP], ['managedclusters/clientcertificates'], ['renew']),
      rule([REGISTER_GROUP], ['managedclusters/accept'], ['update']),
      rule([CLUSTER_GROUP], ['managedclusters', 'managedclustersets', 'managedclustersetbindings'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
      rule([CLUSTER_GROUP], ['managedclusters/status', 'managedclustersets/status', 'managedclustersetbindings/status'], ['update', 'patch']),
      rule([CLUSTER_GROUP], ['managedclustersets/join', 'managedclustersets/bind'], ['create']),
      rule(['work.open-cluster-management.io'], ['manifestworks'], ['get', 'list', 'watch', 'update', 'patch', 'delete', 'deletecollection']),
      rule(['work.open-cluster-management.io'], ['manifestworks/status'], ['patch', 'update']),
      rule(['addon.open-cluster-management.io'], ['managedclusteraddons'], ['get', 'list', 'watch', 'delete', 'deletecollection']),
      rule(['addon.open-cluster-management.io'], ['managedclusteraddons/status'], ['patch', 'update']),
      rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['get', 'list', 'watch', 'create', 'update', 'patch']),
    ],
  };
}
