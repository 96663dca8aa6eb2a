// Wiring of the lease controller: cluster changes and renewals of `managed-cluster-lease` enqueue the cluster.
import type { Logger } from 'pino';
import { managedClusterResource } from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { Controller, enqueueFromInformer, leaseResource } from '../../../kube/index.ts';
import type { EventRecorder, InformerFactory, KubeClient, Lease } from '../../../kube/index.ts';
import { HUB_LEASE_NAME } from '../names.ts';
import { leaseReconciler } from './reconcile.ts';
import type { LeaseOptions } from './reconcile.ts';

export function leaseController(factory: InformerFactory, client: KubeClient, recorder: EventRecorder, logger: Logger, options: LeaseOptions = {}): Controller<string> {
  const clusters = factory.informer<ManagedCluster>(managedClusterResource);
  const leases = factory.informer<Lease>(leaseResource, { fieldSelector: `metadata.name=${HUB_LEASE_NAME}` });
  const controller = new Controller<string>({ name: 'lease', workers: 2, logger, reconcile: leaseReconciler(clusters, leases, client, recorder, logger.child({ controller: 'lease' }), options) });
  enqueueFromInformer(clusters, controller.queue);
  enqueueFromInformer(leases, controller.queue, { keys: (l) => (l.metadata?.namespace ? [l.metadata.namespace] : []) });
  return controller;
}
