// Condition types and reasons (and fixed messages) written by OCM and governance controllers, per kind (ocm-api.md).
// Each group is a const object; `ValueOf<typeof X>` is the union of its strings.

export type ValueOf<T> = T[keyof T];

export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;

// ---- ManagedCluster ----
export const ManagedClusterConditionType = {
  HubAccepted: 'HubAcceptedManagedCluster',
  HubDenied: 'HubDeniedManagedCluster',
  Joined: 'ManagedClusterJoined',
  Available: 'ManagedClusterConditionAvailable',
  ClockSynced: 'ManagedClusterConditionClockSynced',
  Deleting: 'Deleting',
} as const;
export const ManagedClusterConditionReason = {
  HubClusterAdminAccepted: 'HubClusterAdminAccepted',
  HubClusterAdminDenied: 'HubClusterAdminDenied',
  Error: 'Error',
  ManagedClusterJoined: 'ManagedClusterJoined',
  ManagedClusterAvailable: 'ManagedClusterAvailable',
  ManagedClusterKubeAPIServerUnavailable: 'ManagedClusterKubeAPIServerUnavailable',
  ManagedClusterLeaseUpdateStopped: 'ManagedClusterLeaseUpdateStopped',
  ManagedClusterClockSynced: 'ManagedClusterClockSynced',
  ManagedClusterClockOutOfSync: 'ManagedClusterClockOutOfSync',
  ResourceRemaining: 'ResourceRemaining',
  NoResource: 'NoResource',
  DeletingError: 'DeletingError',
} as const;
export const ManagedClusterConditionMessage = {
  HubClusterAdminAccepted: 'Accepted by hub cluster admin',
  HubClusterAdminDenied: 'Denied by hub cluster admin',
  ManagedClusterJoined: 'Managed cluster joined',
  ManagedClusterAvailable: 'Managed cluster is available',
  ManagedClusterLeaseUpdateStopped: 'Registration agent stopped updating its lease.',
} as const;
/** ClusterClaim names the agent always reports. */
export const RESERVED_CLUSTER_CLAIM_NAMES = [
  'id.k8s.io',
  'kubeversion.open-cluster-management.io',
  'platform.open-cluster-management.io',
  'product.open-cluster-management.io',
] as const;

// ---- ManagedClusterSet / ManagedClusterSetBinding ----
export const ManagedClusterSetConditionType = { Empty: 'ClusterSetEmpty' } as const;
export const ManagedClusterSetConditionReason = { NoClusterMatched: 'NoClusterMatched', ClustersSelected: 'ClustersSelected' } as const;
export const ManagedClusterSetBindingConditionType = { Bound: 'Bound' } as const;
export const ManagedClusterSetBindingConditionReason = { ClusterSetBound: 'ClusterSetBound', ClusterSetNotFound: 'ClusterSetNotFound' } as const;
export const DEFAULT_CLUSTER_SET = 'default';
export const GLOBAL_CLUSTER_SET = 'global';

// ---- Placement ----
export const PlacementConditionType = { Satisfied: 'PlacementSatisfied', Misconfigured: 'PlacementMisconfigured' } as const;
export const PlacementConditionReason = {
  NoManagedClusterSetBindings: 'NoManagedClusterSetBindings',
  NoIntersection: 'NoIntersection',
  AllManagedClusterSetsEmpty: 'AllManagedClusterSetsEmpty',
  NoManagedClusterMatched: 'NoManagedClusterMatched',
  AllDecisionsScheduled: 'AllDecisionsScheduled',
  NotAllDecisionsScheduled: 'NotAllDecisionsScheduled',
  Misconfigured: 'Misconfigured',
  Succeedconfigured: 'Succeedconfigured',
} as const;
export const PlacementConditionMessage = {
  NoManagedClusterSetBindings: 'No valid ManagedClusterSetBindings found in placement namespace',
  NoManagedClusterMatched: 'No ManagedCluster matches any of the cluster predicate',
  AllDecisionsScheduled: 'All cluster decisions scheduled',
  Succeedconfigured: 'Placement configurations check pass',
} as const;

// ---- ManifestWork ----
export const ManifestWorkConditionType = {
  Applied: 'Applied',
  Available: 'Available',
  Progressing: 'Progressing',
  Degraded: 'Degraded',
  Complete: 'Complete',
  Deleting: 'Deleting',
  StatusFeedbackSynced: 'StatusFeedbackSynced',
} as const;
/** Reasons on each entry of status.resourceStatus.manifests[].conditions. */
export const ManifestConditionReason = {
  AppliedManifestComplete: 'AppliedManifestComplete',
  AppliedManifestFailed: 'AppliedManifestFailed',
  AppliedManifestSSAIgnoreFieldError: 'AppliedManifestSSAIgnoreFieldError',
  ResourceAvailable: 'ResourceAvailable',
  ResourceNotAvailable: 'ResourceNotAvailable',
  FetchingResourceFailed: 'FetchingResourceFailed',
  IncompleteResourceMeta: 'IncompleteResourceMeta',
  StatusFeedbackSynced: 'StatusFeedbackSynced',
  NoStatusFeedbackSynced: 'NoStatusFeedbackSynced',
  StatusFeedbackSyncFailed: 'StatusFeedbackSyncFailed',
  ConditionRuleEvaluated: 'ConditionRuleEvaluated',
  ConditionRuleInvalid: 'ConditionRuleInvalid',
  ConditionRuleExpressionError: 'ConditionRuleExpressionError',
  ConditionRuleInternalError: 'ConditionRuleInternalError',
} as const;
/** Reasons on the work-level status.conditions. */
export const ManifestWorkConditionReason = {
  AppliedManifestWorkComplete: 'AppliedManifestWorkComplete',
  AppliedManifestWorkFailed: 'AppliedManifestWorkFailed',
  ResourcesAvailable: 'ResourcesAvailable',
  ResourcesNotAvailable: 'ResourcesNotAvailable',
  ResourcesStatusUnknown: 'ResourcesStatusUnknown',
  ConditionRulesAggregated: 'ConditionRulesAggregated',
  WorkDeleting: 'WorkDeleting',
  Applying: 'Applying',
  Completed: 'Completed',
  Failed: 'Failed',
  ManifestsComplete: 'ManifestsComplete',
} as const;
export const ManifestConditionMessage = {
  AppliedManifestComplete: 'Apply manifest complete',
  WorkDeleting: 'ManifestWork is being deleted',
} as const;

// ---- ManifestWorkReplicaSet ----
export const ManifestWorkReplicaSetConditionType = {
  PlacementVerified: 'PlacementVerified',
  PlacementRolledOut: 'PlacementRolledOut',
  ManifestworkApplied: 'ManifestworkApplied',
} as const;
export const ManifestWorkReplicaSetConditionReason = {
  AsExpected: 'AsExpected',
  PlacementDecisionNotFound: 'PlacementDecisionNotFound',
  PlacementDecisionEmpty: 'PlacementDecisionEmpty',
  NotAsExpected: 'NotAsExpected',
  Progressing: 'Progressing',
  Complete: 'Complete',
  Processing: 'Processing',
} as const;

// ---- ManagedClusterAddOn ----
export const ManagedClusterAddOnConditionType = {
  Available: 'Available',
  Degraded: 'Degraded',
  Configured: 'Configured',
  Progressing: 'Progressing',
  ManifestApplied: 'ManifestApplied',
  HookManifestCompleted: 'HookManifestCompleted',
  HostingManifestApplied: 'HostingManifestApplied',
  HostingClusterValidity: 'HostingClusterValidity',
  RegistrationApplied: 'RegistrationApplied',
} as const;
export const ManagedClusterAddOnConditionReason = {
  WorkNotFound: 'WorkNotFound',
  WorkApplyFailed: 'WorkApplyFailed',
  WorkNotApplied: 'WorkNotApplied',
  WorkApplied: 'WorkApplied',
  NoProbeResult: 'NoProbeResult',
  ProbeUnavailable: 'ProbeUnavailable',
  ProbeAvailable: 'ProbeAvailable',
  ManagedClusterAddOnLeaseUpdateStopped: 'ManagedClusterAddOnLeaseUpdateStopped',
  ManagedClusterAddOnLeaseNotFound: 'ManagedClusterAddOnLeaseNotFound',
  ManagedClusterAddOnLeaseUpdated: 'ManagedClusterAddOnLeaseUpdated',
  ManifestWorkApplyFailed: 'ManifestWorkApplyFailed',
  AddonManifestApplied: 'AddonManifestApplied',
  AddonManifestAppliedFailed: 'AddonManifestAppliedFailed',
  Progressing: 'Progressing',
  Completed: 'Completed',
  Failed: 'Failed',
  WaitingForCanary: 'WaitingForCanary',
  ConfigurationUnsupported: 'ConfigurationUnsupported',
  NilRegistration: 'NilRegistration',
  SetPermissionFailed: 'SetPermissionFailed',
  SetPermissionApplied: 'SetPermissionApplied',
  HostingClusterValid: 'HostingClusterValid',
  HostingClusterInvalid: 'HostingClusterInvalid',
} as const;
export const GOVERNANCE_ADDON_NAMES = { Framework: 'governance-policy-framework', ConfigPolicy: 'config-policy-controller' } as const;

// ---- policy.open-cluster-management.io ----
export const ComplianceState = { Compliant: 'Compliant', NonCompliant: 'NonCompliant', Pending: 'Pending', Terminating: 'Terminating' } as const;
/** ConfigurationPolicy status.compliancyDetails[].conditions[].type */
export const ConfigurationPolicyConditionType = { Violation: 'violation', Notification: 'notification' } as const;
/** ConfigurationPolicy status.compliancyDetails[].conditions[].reason */
export const ConfigurationPolicyDetailReason = {
  MustHaveFound: 'K8s `must have` object already exists',
  CreationSuccess: 'K8s creation success',
  UpdateSuccess: 'K8s update success',
  DeletionSuccess: 'K8s deletion success',
  MustHaveMissing: 'K8s does not have a `must have` object',
  MustNotHaveFound: 'K8s has a `must not have` object',
  MustNotHaveMissing: 'K8s `must not have` object already missing',
} as const;
/** ConfigurationPolicy status.relatedObjects[].reason */
export const RelatedObjectReason = {
  FoundAsExpected: 'Resource found as expected',
  CreationSuccess: 'K8s creation success',
  UpdateSuccess: 'K8s update success',
  DeletionSuccess: 'K8s deletion success',
  FoundNotMatching: 'Resource found but does not match',
  NotFoundShouldExist: 'Resource not found but should exist',
  FoundShouldNotExist: 'Resource found but should not exist',
  NotFoundAsExpected: 'Resource not found as expected',
  FoundNotHandledMustNotHave: 'Resource found but will not be handled in mustnothave mode',
  DecodeError: 'K8s decode object definition error',
  Error: 'K8s error',
  MissingNamespace: 'K8s missing namespace',
  CreationError: 'K8s creation error',
  DeletionError: 'K8s deletion error',
  UpdateTemplateError: 'K8s update template error',
} as const;
/** Event reasons and actions of the policy framework. */
export const PolicyEventReason = {
  PolicyPropagation: 'PolicyPropagation',
  PolicySpecSync: 'PolicySpecSync',
  PolicyStatusSync: 'PolicyStatusSync',
  PolicyTemplateSync: 'PolicyTemplateSync',
  PolicyUpdate: 'PolicyUpdate',
} as const;
export const COMPLIANCE_EVENT_ACTION = 'ComplianceStateUpdate';
/** Template dependency failure reasons (template sync). */
export const DependencyFailureReason = {
  NoMapping: 'Could not find an API mapping for the dependency',
  NotFound: 'Dependency object not found',
  GetFailed: 'Failed to get the dependency object',
  NoComplianceState: 'Failed to find complianceState on the dependency object',
  Mismatch: 'Compliance mismatch on the dependency object',
} as const;
/** Longest `<namespace>.<name>` of a root Policy (room for the root-policy label value). */
export const MAX_ROOT_POLICY_NAME_LENGTH = 62;
/** Most history entries kept per policy template in status.details[].history. */
export const MAX_POLICY_HISTORY = 10;
