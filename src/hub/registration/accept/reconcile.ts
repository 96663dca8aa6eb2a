// The accept reconciler (ocm-api.md §5.1 steps 5, 6, 12, 13): on hubAcceptsClient the cluster namespace, finalizers,
// the cluster's RBAC and the HubAccepted condition; on deny the non-accepted role and no namespace bindings; on
// deletion the cleanup of what the cluster left in its namespace and of its RBAC, then of the namespace when the hub
// created it, and the finalizers go.
import type { Logger } from 'pino';
import {
  ANNOTATION_AUTOMATICALLY_ACCEPTED_ON, ANNOTATION_NAMESPACE_CREATED_BY, NAMESPACE_CREATED_BY_REGISTRATION, FINALIZER_API_RESOURCE_CLEANUP, FINALIZER_MANIFEST_WORK_CLEANUP, FINALIZER_RESOURCE_CLEANUP, LABEL_CLUSTER_NAME,
  ManagedClusterConditionMessage, ManagedClusterConditionReason, ManagedClusterConditionType, managedClusterResource,
} from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { findCondition, namespaceResource, nowTimestamp, setCondition, updateWithRetry } from '../../../kube/index.ts';
import type { Condition, EventRecorder, Informer, KubeClient, Namespace, ReconcileResult } from '../../../kube/index.ts';
import { ensureObject, removeObject, updateFromCache } from '../ensure.ts';
import { FIELD_MANAGER, clusterRoleName, registrationRoleBindingName, workRoleBindingName } from '../names.ts';
import { clusterRole, clusterRoleBinding, registrationRole, registrationRoleBinding, workRole, workRoleBinding } from '../rbac.ts';
import { clusterRoleBindingResource, clusterRoleResource, roleBindingResource } from '../resources.ts';
import type { ClusterRole, RoleBinding } from '../resources.ts';
import { cleanupClusterNamespace } from './cleanup.ts';

export interface AcceptOptions {
  /** Accept every new cluster once (stamping open-cluster-management.io/automatically-accepted-on). */
  autoAccept?: boolean;
}

const RETRY_CLEANUP_MS = 2_000;

/** Informer caches of what the reconciler reads: the clusters and the objects it renders for them (labelled with the cluster name). */
export interface AcceptCaches {
  clusters: Informer<ManagedCluster>;
  namespaces: Informer<Namespace>;
  clusterRoles: Informer<ClusterRole>;
  clusterRoleBindings: Informer<RoleBinding>;
  roleBindings: Informer<RoleBinding>;
}

export function acceptReconciler(caches: AcceptCaches, client: KubeClient, recorder: EventRecorder, logger: Logger, options: AcceptOptions = {}) {
  const { clusters } = caches;
  const api = client.resource<ManagedCluster>(managedClusterResource);
  const namespaces = client.resource<Namespace>(namespaceResource);
  const roles = client.resource<ClusterRole>(clusterRoleResource);
  const clusterBindings = client.resource<RoleBinding>(clusterRoleBindingResource);
  const bindings = client.resource<RoleBinding>(roleBindingResource);

  // the two shared roles are the same for every cluster: written once per process (again after a failure)
  let commonRoles: Promise<void> | undefined;
  function ensureCommonRoles(): Promise<void> {
    commonRoles ??= (async () => {
      await ensureObject(roles, registrationRole(), ['rules']);
      await ensureObject(roles, workRole(), ['rules']);
    })().catch((err: unknown) => {
      commonRoles = undefined;
      throw err;
    });
    return commonRoles;
  }

  /** Sets HubAcceptedManagedCluster; when it flips, records the event and logs it. */
  async function setAccepted(mc: ManagedCluster, name: string, accepted: boolean): Promise<void> {
    const condition: Omit<Condition, 'lastTransitionTime'> = accepted
      ? { type: ManagedClusterConditionType.HubAccepted, status: 'True', reason: ManagedClusterConditionReason.HubClusterAdminAccepted, message: ManagedClusterConditionMessage.HubClusterAdminAccepted }
      : { type: ManagedClusterConditionType.HubAccepted, status: 'False', reason: ManagedClusterConditionReason.HubClusterAdminDenied, message: ManagedClusterConditionMessage.HubClusterAdminDenied };
    const before = findCondition(mc.status?.conditions, condition.type);
    await updateFromCache(api, mc, (latest) => {
      const next = setCondition(latest.status?.conditions, condition);
      if (next !== latest.status?.conditions) latest.status = { ...latest.status, conditions: next as NonNullable<ManagedCluster['status']>['conditions'] };
    }, { status: true });
    if (before?.status === condition.status) return;
    const verb = accepted ? 'accepted' : 'denied';
    recorder.event(mc, 'Normal', accepted ? 'ManagedClusterAccepted' : 'ManagedClusterDenied', `managed cluster ${name} is ${verb} by hub`);
    logger.info({ cluster: name }, `cluster ${verb}`);
  }

  async function setFinalizers(mc: ManagedCluster, add: string[], remove: string[]): Promise<ManagedCluster> {
    return updateFromCache(api, mc, (latest) => {
      const current = latest.metadata.finalizers ?? [];
      const next = [...new Set([...current.filter((f) => !remove.includes(f)), ...add])];
      if (next.length !== current.length || next.some((f, i) => f !== current[i])) latest.metadata.finalizers = next;
    });
  }

  async function accept(mc: ManagedCluster, name: string): Promise<ReconcileResult | void> {
    const ns = await ensureObject(namespaces, {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { [LABEL_CLUSTER_NAME]: name }, annotations: { [ANNOTATION_NAMESPACE_CREATED_BY]: NAMESPACE_CREATED_BY_REGISTRATION } },
    }, [], caches.namespaces.get(name));
    if (ns?.status?.phase === 'Terminating' || ns?.metadata.deletionTimestamp) return { requeueAfterMs: RETRY_CLEANUP_MS }; // a previous cleanup is still running
    const withFinalizers = await setFinalizers(mc, [FINALIZER_API_RESOURCE_CLEANUP, FINALIZER_RESOURCE_CLEANUP], []);
    await ensureCommonRoles();
    await ensureObject(roles, clusterRole(name, true), ['rules'], caches.clusterRoles.get(clusterRoleName(name)));
    await ensureObject(clusterBindings, clusterRoleBinding(name), ['subjects'], caches.clusterRoleBindings.get(clusterRoleName(name)));
    await ensureObject(bindings, registrationRoleBinding(name), ['subjects'], caches.roleBindings.get(registrationRoleBindingName(name), name));
    await ensureObject(bindings, workRoleBinding(name), ['subjects'], caches.roleBindings.get(workRoleBindingName(name), name));
    await setAccepted(withFinalizers, name, true);
  }

  /** Takes away what acceptance granted; true once the work binding is really gone. */
  async function revokeNamespaceAccess(name: string): Promise<boolean> {
    const registration = caches.roleBindings.get(registrationRoleBindingName(name), name);
    const work = caches.roleBindings.get(workRoleBindingName(name), name);
    if (!registration && !work) return true;
    if (registration && !registration.metadata.deletionTimestamp) await removeObject(bindings, registrationRoleBindingName(name), name);
    if (!work) return true;
    const worksLeft = await cleanupClusterNamespace(client, name, { deleteResources: false });
    await removeObject(bindings, workRoleBindingName(name), name, worksLeft ? undefined : FINALIZER_MANIFEST_WORK_CLEANUP);
    return !worksLeft;
  }

  async function deny(mc: ManagedCluster, name: string): Promise<ReconcileResult | void> {
    await ensureObject(roles, clusterRole(name, false), ['rules'], caches.clusterRoles.get(clusterRoleName(name)));
    await ensureObject(clusterBindings, clusterRoleBinding(name), ['subjects'], caches.clusterRoleBindings.get(clusterRoleName(name)));
    const done = await revokeNamespaceAccess(name);
    await setAccepted(mc, name, false);
    return done ? undefined : { requeueAfterMs: RETRY_CLEANUP_MS };
  }

  async function finalize(mc: ManagedCluster, name: string): Promise<ReconcileResult | void> {
    const finalizers = mc.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZER_RESOURCE_CLEANUP)) {
      const remaining = await cleanupClusterNamespace(client, name, { deleteResources: true });
      await updateWithRetry(api, { name }, (latest) => {
        const condition = remaining
          ? { type: ManagedClusterConditionType.Deleting, status: 'True', reason: ManagedClusterConditionReason.ResourceRemaining, message: `There are ${remaining} resources remaining in namespace ${name}` }
          : { type: ManagedClusterConditionType.Deleting, status: 'False', reason: ManagedClusterConditionReason.NoResource, message: 'No resources are remaining' };
        latest.status = { ...latest.status, conditions: setCondition(latest.status?.conditions, condition) as NonNullable<ManagedCluster['status']>['conditions'] };
      }, { status: true, fieldManager: FIELD_MANAGER });
      if (remaining) return { requeueAfterMs: RETRY_CLEANUP_MS };
      await setFinalizers(mc, [], [FINALIZER_RESOURCE_CLEANUP]);
      return; // the finalizer change brings the cluster back with a fresh copy
    }
    if (finalizers.includes(FINALIZER_API_RESOURCE_CLEANUP)) {
      if (!(await revokeNamespaceAccess(name))) return { requeueAfterMs: RETRY_CLEANUP_MS };
      if (caches.clusterRoleBindings.get(clusterRoleName(name))) await removeObject(clusterBindings, clusterRoleName(name), undefined);
      if (caches.clusterRoles.get(clusterRoleName(name))) await removeObject(roles, clusterRoleName(name), undefined);
      await removeCreatedNamespace(name);
      await setFinalizers(mc, [], [FINALIZER_API_RESOURCE_CLEANUP]);
      logger.info({ cluster: name }, 'cluster RBAC removed');
    }
  }

  /** The cluster namespace goes with the cluster when the hub made it (not when it was there before). */
  async function removeCreatedNamespace(name: string): Promise<void> {
    const ns = caches.namespaces.get(name);
    if (ns?.metadata.annotations?.[ANNOTATION_NAMESPACE_CREATED_BY] !== NAMESPACE_CREATED_BY_REGISTRATION || ns.metadata.deletionTimestamp) return;
    await removeObject(namespaces, name, undefined);
    logger.info({ cluster: name }, 'cluster namespace deleted');
  }

  return async (name: string): Promise<ReconcileResult | void> => {
    const mc = clusters.get(name);
    if (!mc) return;
    if (mc.metadata.deletionTimestamp) return finalize(mc, name);
    if (mc.spec?.hubAcceptsClient) return accept(mc, name);
    if (options.autoAccept && !mc.metadata.annotations?.[ANNOTATION_AUTOMATICALLY_ACCEPTED_ON]) {
      await api.patch(name, { metadata: { annotations: { [ANNOTATION_AUTOMATICALLY_ACCEPTED_ON]: nowTimestamp() } }, spec: { hubAcceptsClient: true } }, { fieldManager: FIELD_MANAGER });
      logger.info({ cluster: name }, 'cluster accepted automatically');
      return;
    }
    // a cluster that was never accepted has nothing to take away
    if (!findCondition(mc.status?.conditions, ManagedClusterConditionType.HubAccepted)) return;
    return deny(mc, name);
  };
}
