// Wiring of the accept reconciler: ManagedCluster spec, finalizer and deletion changes enqueue the cluster, and so
// does any change to the namespace or RBAC rendered for it (found by the cluster-name label), so a binding someone
// deletes comes back.
import type { Logger } from 'pino';
import { LABEL_CLUSTER_NAME, managedClusterResource } from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { Controller, enqueueFromInformer, namespaceResource } from '../../../kube/index.ts';
import type { EventRecorder, InformerFactory, KubeClient, KubeObject, Namespace } from '../../../kube/index.ts';
import { clusterRoleBindingResource, clusterRoleResource, roleBindingResource } from '../resources.ts';
import type { ClusterRole, RoleBinding } from '../resources.ts';
import { acceptReconciler } from './reconcile.ts';
import type { AcceptOptions } from './reconcile.ts';

const relevant = (a: ManagedCluster, b: ManagedCluster): boolean =>
  a === b ||
  a.metadata.generation !== b.metadata.generation ||
  a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
  (a.metadata.finalizers ?? []).join() !== (b.metadata.finalizers ?? []).join();

const owningCluster = (obj: KubeObject): string[] => {
  const cluster = obj.metadata?.labels?.[LABEL_CLUSTER_NAME];
  return cluster ? [cluster] : [];
};

export function acceptController(factory: InformerFactory, client: KubeClient, recorder: EventRecorder, logger: Logger, options: AcceptOptions = {}): Controller<string> {
  const labelled = { labelSelector: LABEL_CLUSTER_NAME };
  const caches = {
    clusters: factory.informer<ManagedCluster>(managedClusterResource),
    namespaces: factory.informer<Namespace>(namespaceResource, labelled),
    clusterRoles: factory.informer<ClusterRole>(clusterRoleResource, labelled),
    clusterRoleBindings: factory.informer<RoleBinding>(clusterRoleBindingResource, labelled),
    roleBindings: factory.informer<RoleBinding>(roleBindingResource, labelled),
  };
  const controller = new Controller<string>({ name: 'managedcluster-accept', workers: 16, logger, reconcile: acceptReconciler(caches, client, recorder, logger.child({ controller: 'managedcluster-accept' }), options) });
  enqueueFromInformer(caches.clusters, controller.queue, { updateFilter: relevant });
  for (const informer of [caches.namespaces, caches.clusterRoles, caches.clusterRoleBindings, caches.roleBindings]) {
    enqueueFromInformer(informer as typeof caches.namespaces, controller.queue, { keys: owningCluster });
  }
  return controller;
}
