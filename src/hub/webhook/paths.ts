// Upstream's webhook names and paths (security.md §5.5), so configurations look like a cluster-manager's.
export const MANAGED_CLUSTER_VALIDATE_PATH = '/validate-cluster-open-cluster-management-io-v1-managedcluster';
export const MANAGED_CLUSTER_MUTATE_PATH = '/mutate-cluster-open-cluster-management-io-v1-managedcluster';
export const CLUSTER_SET_BINDING_VALIDATE_PATH = '/validate-cluster-open-cluster-management-io-v1beta2-managedclustersetbinding';

export const MANAGED_CLUSTER_VALIDATOR = 'managedclustervalidators.admission.cluster.open-cluster-management.io';
export const MANAGED_CLUSTER_MUTATOR = 'managedclustermutators.admission.cluster.open-cluster-management.io';
export const CLUSTER_SET_BINDING_VALIDATOR = 'managedclustersetbindingvalidators.admission.cluster.open-cluster-management.io';
export const MANIFEST_WORK_VALIDATE_PATH = '/validate-work-open-cluster-management-io-v1-manifestwork';
export const MANIFEST_WORK_VALIDATOR = 'manifestworkvalidators.admission.work.open-cluster-management.io';
