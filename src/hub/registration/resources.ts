// Built-in kinds the hub registration controllers write (RBAC, reviews, CSRs, webhook configurations), addressed
// like the generated OCM kinds, with the few wire fields the controllers read or write.
import type { ObjectMeta } from '../../api/index.ts';
import type { ResourceRef } from '../../kube/index.ts';

const rbac = (kind: string, plural: string, namespaced: boolean): ResourceRef => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind, plural, namespaced });

export const clusterRoleResource = rbac('ClusterRole', 'clusterroles', false);
export const clusterRoleBindingResource = rbac('ClusterRoleBinding', 'clusterrolebindings', false);
export const roleResource = rbac('Role', 'roles', true);
export const roleBindingResource = rbac('RoleBinding', 'rolebindings', true);
export const subjectAccessReviewResource: ResourceRef = { group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false };
export const validatingWebhookConfigurationResource: ResourceRef = {
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false,
};
export const mutatingWebhookConfigurationResource: ResourceRef = {
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false,
};

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  apiGroup?: string;
  namespace?: string;
}

export interface ClusterRole {
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'ClusterRole';
  metadata: ObjectMeta;
  rules?: PolicyRule[];
}

export interface RoleBinding {
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'RoleBinding' | 'ClusterRoleBinding';
  metadata: ObjectMeta;
  roleRef: { apiGroup: string; kind: 'ClusterRole' | 'Role'; name: string };
  subjects?: Subject[];
}

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface ResourceAttributes {
  group?: string;
  resource?: string;
  subresource?: string;
  verb?: string;
  name?: string;
  namespace?: string;
  version?: string;
}

export interface SubjectAccessReview {
  apiVersion: 'authorization.k8s.io/v1';
  kind: 'SubjectAccessReview';
  metadata?: ObjectMeta;
  spec: { user?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]>; resourceAttributes?: ResourceAttributes };
  status?: { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}

export interface CsrCondition {
  type: 'Approved' | 'Denied' | 'Failed' | string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface CertificateSigningRequest {
  apiVersion?: 'certificates.k8s.io/v1';
  kind?: 'CertificateSigningRequest';
  metadata: ObjectMeta;
  spec: {
    request: string;
    signerName: string;
    usages?: string[];
    expirationSeconds?: number;
    username?: string;
    uid?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
  };
  status?: { conditions?: CsrCondition[]; certificate?: string };
}
