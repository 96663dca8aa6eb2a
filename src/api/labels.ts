// Well-known label, annotation, taint and finalizer keys of OCM and the governance policy framework (ocm-api.md §0.1).

// ---- cluster.open-cluster-management.io / registration ----
/** Label on CSRs, the cluster namespace, RBAC objects and the hub lease; value = cluster name. */
export const LABEL_CLUSTER_NAME = 'open-cluster-management.io/cluster-name';
/** Label on a ManagedCluster: membership of an ExclusiveClusterSetLabel ManagedClusterSet. */
export const LABEL_CLUSTER_SET = 'cluster.open-cluster-management.io/clusterset';
/** Label on a PlacementDecision; value = Placement name. */
export const LABEL_PLACEMENT = 'cluster.open-cluster-management.io/placement';
/** Label on a PlacementDecision; decision group name ("" when none). */
export const LABEL_DECISION_GROUP_NAME = 'cluster.open-cluster-management.io/decision-group-name';
/** Label on a PlacementDecision; decision group index as a string, from "0". */
export const LABEL_DECISION_GROUP_INDEX = 'cluster.open-cluster-management.io/decision-group-index';
/** Annotation on a Placement; "true" makes the scheduler skip it. */
export const ANNOTATION_EXPERIMENTAL_SCHEDULING_DISABLE = 'cluster.open-cluster-management.io/experimental-scheduling-disable';
/** Taint (effect NoSelect) the hub keeps on a cluster whose Available condition is False. */
export const TAINT_CLUSTER_UNAVAILABLE = 'cluster.open-cluster-management.io/unavailable';
/** Taint (effect NoSelect) the hub keeps on a cluster whose Available condition is missing or Unknown. */
export const TAINT_CLUSTER_UNREACHABLE = 'cluster.open-cluster-management.io/unreachable';
/** Finalizer on a ManagedCluster: remove its RBAC before it goes. */
export const FINALIZER_API_RESOURCE_CLEANUP = 'cluster.open-cluster-management.io/api-resource-cleanup';
/** Finalizer on a ManagedCluster: delete ManifestWorks and add-ons in its namespace before it goes. */
export const FINALIZER_RESOURCE_CLEANUP = 'cluster.open-cluster-management.io/resource-cleanup';
/** Annotation on resources in a cluster namespace: int 0..100, lower is deleted first. */
export const ANNOTATION_CLEANUP_PRIORITY = 'open-cluster-management.io/cleanup-priority';
/**
 * Annotation (ocm-ts) on a cluster namespace the hub created on acceptance; such a namespace is
 * deleted with its ManagedCluster, while one that existed before is left alone.
 */
export const ANNOTATION_NAMESPACE_CREATED_BY = 'ocm-ts.io/created-by';
export const NAMESPACE_CREATED_BY_REGISTRATION = 'registration-controller';
/** Annotation on a ManagedCluster accepted automatically (RFC 3339 time). */
export const ANNOTATION_AUTOMATICALLY_ACCEPTED_ON = 'open-cluster-management.io/automatically-accepted-on';
/** Annotation on a ManagedCluster: JSON image registry mirrors for add-on images. */
export const ANNOTATION_IMAGE_REGISTRIES = 'open-cluster-management.io/image-registries';
/** Label on a ClusterClaim that must not be reported to the hub. */
export const LABEL_SPOKE_ONLY = 'open-cluster-management.io/spoke-only';

// ---- work.open-cluster-management.io ----
/** Finalizer on a ManifestWork (and on the per-cluster work RoleBinding). */
export const FINALIZER_MANIFEST_WORK_CLEANUP = 'cluster.open-cluster-management.io/manifest-work-cleanup';
/** Finalizer on an AppliedManifestWork. */
export const FINALIZER_APPLIED_MANIFEST_WORK_CLEANUP = 'cluster.open-cluster-management.io/applied-manifest-work-cleanup';
/** Annotation on applied resources: hash of the applied spec. */
export const ANNOTATION_OBJECT_HASH = 'open-cluster-management.io/object-hash';
/** Annotation on a ManifestWork: hash of the configs used to render it. */
export const ANNOTATION_CONFIG_SPEC_HASH = 'open-cluster-management.io/config-spec-hash';
/** Label on a ManifestWork made by a ManifestWorkReplicaSet; value `<namespace>.<name>` of the replica set. */
export const LABEL_MANIFEST_WORK_REPLICA_SET = 'work.open-cluster-management.io/manifestworkreplicaset';
/** Label on a ManifestWork made by a ManifestWorkReplicaSet; value = Placement name. */
export const LABEL_MWRS_PLACEMENT_NAME = 'work.open-cluster-management.io/placementname';
/** Finalizer on a ManifestWorkReplicaSet. */
export const FINALIZER_MWRS_MANIFEST_WORK_CLEANUP = 'work.open-cluster-management.io/manifest-work-cleanup';

// ---- addon.open-cluster-management.io ----
export const LABEL_ADDON_NAME = 'open-cluster-management.io/addon-name';
export const LABEL_ADDON_NAMESPACE = 'open-cluster-management.io/addon-namespace';
/** Annotation on a ClusterManagementAddOn: `addon-manager` or `self`. */
export const ANNOTATION_ADDON_LIFECYCLE = 'addon.open-cluster-management.io/lifecycle';
export const ADDON_LIFECYCLE_ADDON_MANAGER = 'addon-manager';
export const ADDON_LIFECYCLE_SELF = 'self';
export const ANNOTATION_DISABLE_AUTOMATIC_INSTALLATION = 'addon.open-cluster-management.io/disable-automatic-installation';
export const ANNOTATION_HOSTING_CLUSTER_NAME = 'addon.open-cluster-management.io/hosting-cluster-name';
/** Annotation on a pre-delete hook manifest; also the name of the matching finalizer. */
export const ANNOTATION_ADDON_PRE_DELETE = 'addon.open-cluster-management.io/addon-pre-delete';
export const FINALIZER_ADDON_PRE_DELETE = 'addon.open-cluster-management.io/addon-pre-delete';
export const FINALIZER_HOSTING_ADDON_PRE_DELETE = 'addon.open-cluster-management.io/hosting-addon-pre-delete';
export const FINALIZER_HOSTING_MANIFESTS_CLEANUP = 'addon.open-cluster-management.io/hosting-manifests-cleanup';
/** Annotation on an add-on manifest: `managed`, `hosting` or `none`. */
export const ANNOTATION_HOSTED_MANIFEST_LOCATION = 'addon.open-cluster-management.io/hosted-manifest-location';
export const ANNOTATION_DELETION_ORPHAN = 'addon.open-cluster-management.io/deletion-orphan';
/** v1beta1 ManagedClusterAddOn carries the v1alpha1 spec.installNamespace here. */
export const ANNOTATION_V1ALPHA1_INSTALL_NAMESPACE = 'addon.open-cluster-management.io/v1alpha1-install-namespace';

// ---- policy.open-cluster-management.io ----
/** Label on a replicated Policy; value `<rootNamespace>.<rootName>`. */
export const LABEL_ROOT_POLICY = 'policy.open-cluster-management.io/root-policy';
/** Label on a replicated Policy and on policy templates on the managed cluster. */
export const LABEL_POLICY_CLUSTER_NAME = 'policy.open-cluster-management.io/cluster-name';
export const LABEL_POLICY_CLUSTER_NAMESPACE = 'policy.open-cluster-management.io/cluster-namespace';
/** Unprefixed copies of the two labels above that the template sync also sets on templates. */
export const LABEL_TEMPLATE_CLUSTER_NAME = 'cluster-name';
export const LABEL_TEMPLATE_CLUSTER_NAMESPACE = 'cluster-namespace';
/** Label on a policy template on the managed cluster; value = replicated Policy name. */
export const LABEL_POLICY = 'policy.open-cluster-management.io/policy';
/** Label on a CRD; value `template` lets its kind be used in policy-templates. */
export const LABEL_POLICY_TYPE = 'policy.open-cluster-management.io/policy-type';
export const POLICY_TYPE_TEMPLATE = 'template';
export const ANNOTATION_POLICY_STANDARDS = 'policy.open-cluster-management.io/standards';
export const ANNOTATION_POLICY_CATEGORIES = 'policy.open-cluster-management.io/categories';
export const ANNOTATION_POLICY_CONTROLS = 'policy.open-cluster-management.io/controls';
/** Annotation on a root Policy; changing it forces hub templates to be resolved again (removed from replicas). */
export const ANNOTATION_TRIGGER_UPDATE = 'policy.open-cluster-management.io/trigger-update';
/** Annotation; "true" turns off hub template processing. */
export const ANNOTATION_DISABLE_TEMPLATES = 'policy.open-cluster-management.io/disable-templates';
/** Annotation on a policy template whose hub template failed; value = the error. */
export const ANNOTATION_HUB_TEMPLATES_ERROR = 'policy.open-cluster-management.io/hub-templates-error';
/** Annotation on a replicated Policy and its templates: base64 AES IV. */
export const ANNOTATION_ENCRYPTION_IV = 'policy.open-cluster-management.io/encryption-iv';
/** Annotation on the `policy-encryption-key` Secret. */
export const ANNOTATION_LAST_ROTATED = 'policy.open-cluster-management.io/last-rotated';
/** Annotation on a PolicyAutomation; "true" triggers a manual run. */
export const ANNOTATION_RERUN = 'policy.open-cluster-management.io/rerun';
/** Finalizer on a replicated Policy on the managed cluster that owns cluster-scoped templates. */
export const FINALIZER_CLEANUP_CLUSTER_SCOPED_POLICIES = 'policy.open-cluster-management.io/cleanup-cluster-scoped-policies';
/** Finalizer on a ConfigurationPolicy whose pruneObjectBehavior is not None. */
export const FINALIZER_DELETE_RELATED_OBJECTS = 'policy.open-cluster-management.io/delete-related-objects';
/** Annotation always added to replicated Policies so Argo CD leaves them alone. */
export const ANNOTATION_ARGOCD_COMPARE_OPTIONS = 'argocd.argoproj.io/compare-options';
export const ARGOCD_COMPARE_OPTIONS_IGNORE_EXTRANEOUS = 'IgnoreExtraneous';
/** Name of the per-cluster Secret (in the cluster namespace) holding the hub template encryption key. */
export const POLICY_ENCRYPTION_KEY_SECRET = 'policy-encryption-key';
