// Shapes of the RBAC objects and of an authorization request, as kube-apiserver sees them.

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What a request asks to do (kube's authorizer.Attributes). */
export interface Attributes {
  verb: string;
  /** True for API resource requests; false for non-resource paths such as /healthz. */
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion?: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** Request path, for non-resource requests. */
  path: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

export interface Role {
  metadata: Meta;
  rules?: PolicyRule[] | null;
}

export interface ClusterRole extends Role {
  aggregationRule?: { clusterRoleSelectors?: LabelSelectorObject[] } | null;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface RoleBinding {
  metadata: Meta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

export type ClusterRoleBinding = RoleBinding;

/** A consistent view of every RBAC object of one (virtual) cluster. */
export interface RbacObjects {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
}

export type DecisionKind = 'Allow' | 'NoOpinion';

export interface Decision {
  decision: DecisionKind;
  reason: string;
}

/** A rule together with the binding that granted it, so "allowed by ..." reasons can name it. */
export interface SourcedRule {
  rule: PolicyRule;
  source: string;
}
