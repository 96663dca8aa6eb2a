// Message layouts (field numbers from k8s.io/api and k8s.io/apimachinery generated.proto) of the kinds
// kubectl's typed commands send as protobuf.
import { extraMap, LABEL_SELECTOR, LABEL_SELECTOR_REQUIREMENT, meta, msg, str, strMap, strs, time, type MessageSpec } from './schema-types.ts';
import { WORKLOAD_SCHEMAS } from './schemas-workloads.ts';

export type { FieldSpec, MessageSpec } from './schema-types.ts';
// core/v1
const NAMESPACE: MessageSpec = {
  1: meta,
  2: msg('spec', { 1: strs('finalizers') }),
  3: msg('status', { 1: str('phase'), 2: msg('conditions', { 1: str('type'), 2: str('status'), 4: time('lastTransitionTime'), 5: str('reason'), 6: str('message') }, true) }),
};
const CONFIG_MAP: MessageSpec = {
  1: meta, 2: strMap('data'), 3: { name: 'binaryData', type: 'bytes', map: true }, 4: { name: 'immutable', type: 'bool', keep: true },
};
const SECRET: MessageSpec = {
  1: meta, 2: { name: 'data', type: 'bytes', map: true }, 3: str('type'), 4: strMap('stringData'),
  5: { name: 'immutable', type: 'bool', keep: true },
};
const OBJECT_REFERENCE: MessageSpec = {
  1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath'),
};
const SERVICE_ACCOUNT: MessageSpec = {
  1: meta, 2: msg('secrets', OBJECT_REFERENCE, true), 3: msg('imagePullSecrets', { 1: str('name') }, true),
  4: { name: 'automountServiceAccountToken', type: 'bool', keep: true },
};

// rbac.authorization.k8s.io/v1
const POLICY_RULE: MessageSpec = { 1: strs('verbs'), 2: strs('apiGroups'), 3: strs('resources'), 4: strs('resourceNames'), 5: strs('nonResourceURLs') };
const SUBJECT: MessageSpec = { 1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace') };
const ROLE_REF: MessageSpec = { 1: str('apiGroup'), 2: str('kind'), 3: str('name') };
const ROLE: MessageSpec = { 1: meta, 2: msg('rules', POLICY_RULE, true) };
const CLUSTER_ROLE: MessageSpec = { 1: meta, 2: msg('rules', POLICY_RULE, true), 3: msg('aggregationRule', { 1: msg('clusterRoleSelectors', LABEL_SELECTOR, true) }) };
const BINDING: MessageSpec = { 1: meta, 2: msg('subjects', SUBJECT, true), 3: msg('roleRef', ROLE_REF) };

// certificates.k8s.io/v1
const CSR: MessageSpec = {
  1: meta,
  2: msg('spec', {
    1: { name: 'request', type: 'bytes' }, 2: str('username'), 3: str('uid'), 4: strs('groups'), 5: strs('usages'), 6: extraMap('extra'),
    7: str('signerName'), 8: { name: 'expirationSeconds', type: 'int32', keep: true },
  }),
  3: msg('status', {
    1: msg('conditions', { 1: str('type'), 2: str('reason'), 3: str('message'), 4: time('lastUpdateTime'), 5: time('lastTransitionTime'), 6: str('status') }, true),
    2: { name: 'certificate', type: 'bytes' },
  }),
};

// authorization.k8s.io/v1
const RESOURCE_ATTRIBUTES: MessageSpec = {
  1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name'),
  8: msg('fieldSelector', { 1: str('rawSelector'), 2: msg('requirements', LABEL_SELECTOR_REQUIREMENT, true) }),
  9: msg('labelSelector', { 1: str('rawSelector'), 2: msg('requirements', LABEL_SELECTOR_REQUIREMENT, true) }),
};
const NON_RESOURCE_ATTRIBUTES: MessageSpec = { 1: str('path'), 2: str('verb') };
const ACCESS_REVIEW_STATUS: MessageSpec = {
  1: { name: 'allowed', type: 'bool' }, 4: { name: 'denied', type: 'bool' }, 2: str('reason'), 3: str('evaluationError'),
};
const SUBJECT_ACCESS_REVIEW: MessageSpec = {
  1: meta,
  2: msg('spec', {
    1: msg('resourceAttributes', RESOURCE_ATTRIBUTES), 2: msg('nonResourceAttributes', NON_RESOURCE_ATTRIBUTES),
    3: str('user'), 4: strs('groups'), 5: extraMap('extra'), 6: str('uid'),
  }),
  3: msg('status', ACCESS_REVIEW_STATUS),
};
const SELF_SUBJECT_ACCESS_REVIEW: MessageSpec = {
  1: meta,
  2: msg('spec', { 1: msg('resourceAttributes', RESOURCE_ATTRIBUTES), 2: msg('nonResourceAttributes', NON_RESOURCE_ATTRIBUTES) }),
  3: msg('status', ACCESS_REVIEW_STATUS),
};
const SELF_SUBJECT_RULES_REVIEW: MessageSpec = { 1: meta, 2: msg('spec', { 1: str('namespace') }) };

// authentication.k8s.io/v1
const USER_INFO: MessageSpec = { 1: str('username'), 2: str('uid'), 3: strs('groups'), 4: extraMap('extra') };
const SELF_SUBJECT_REVIEW: MessageSpec = { 1: meta, 2: msg('status', { 1: msg('userInfo', USER_INFO) }) };
// `kubectl create token` (TokenRequestSpec field 2 is retired upstream)
const TOKEN_REQUEST: MessageSpec = {
  1: meta,
  2: msg('spec', { 1: strs('audiences'), 3: msg('boundObjectRef', { 1: str('kind'), 2: str('apiVersion'), 3: str('name'), 4: str('uid') }),
    4: { name: 'expirationSeconds', type: 'int64' } }),
  3: msg('status', { 1: str('token'), 2: time('expirationTimestamp') }),
};

/** Keyed by `apiVersion/kind` as runtime.Unknown's TypeMeta carries them. */
export const KIND_SCHEMAS: Record<string, MessageSpec> = {
  'v1/Namespace': NAMESPACE,
  'v1/ConfigMap': CONFIG_MAP,
  'v1/Secret': SECRET,
  'v1/ServiceAccount': SERVICE_ACCOUNT,
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': CLUSTER_ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'certificates.k8s.io/v1/CertificateSigningRequest': CSR,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': SELF_SUBJECT_ACCESS_REVIEW,
  'authorization.k8s.io/v1/SubjectAccessReview': SUBJECT_ACCESS_REVIEW,
  'authorization.k8s.io/v1/LocalSubjectAccessReview': SUBJECT_ACCESS_REVIEW,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': SELF_SUBJECT_RULES_REVIEW,
  'authentication.k8s.io/v1/SelfSubjectReview': SELF_SUBJECT_REVIEW,
  'authentication.k8s.io/v1/TokenRequest': TOKEN_REQUEST,
  ...WORKLOAD_SCHEMAS,
};
