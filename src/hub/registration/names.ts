// Names of the objects the hub renders for a cluster and the identities it recognises (security.md §5).
export const AGENT_USER_PREFIX = 'system:open-cluster-management:';
/** The group every registered agent's certificate carries besides its per-cluster group. */
export const MANAGED_CLUSTERS_GROUP = 'system:open-cluster-management:managed-clusters';
export const BOOTSTRAP_GROUP = 'system:bootstrappers:managedcluster';
export const BOOTSTRAP_CLUSTER_ROLE = 'open-cluster-management:bootstrap';
export const BOOTSTRAP_CLUSTER_ROLE_BINDING = 'open-cluster-management:bootstrap:managedcluster';
export const REGISTRATION_CLUSTER_ROLE = 'open-cluster-management:managedcluster:registration';
export const WORK_CLUSTER_ROLE = 'open-cluster-management:managedcluster:work';
export const CONTROLLER_CLUSTER_ROLE = 'open-cluster-management:cluster-manager-registration:controller';
export const HUB_LEASE_NAME = 'managed-cluster-lease';
export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
export const FIELD_MANAGER = 'registration-controller';

export const clusterRoleName = (cluster: string): string => `open-cluster-management:managedcluster:${cluster}`;
export const registrationRoleBindingName = (cluster: string): string => `open-cluster-management:managedcluster:${cluster}:registration`;
export const workRoleBindingName = (cluster: string): string => `open-cluster-management:managedcluster:${cluster}:work`;
/** The per-cluster group of an agent certificate (its O besides MANAGED_CLUSTERS_GROUP). */
export const clusterGroup = (cluster: string): string => `${AGENT_USER_PREFIX}${cluster}`;
