// Wiring of the taint controller: any ManagedCluster change enqueues it (the Available condition lives in status).
import type { Logger } from 'pino';
import { managedClusterResource } from '../../../api/index.ts';
import type { ManagedCluster } from '../../../api/index.ts';
import { Controller, enqueueFromInformer } from '../../../kube/index.ts';
import type { InformerFactory, KubeClient } from '../../../kube/index.ts';
import { taintReconciler } from './reconcile.ts';
import type { TaintOptions } from './reconcile.ts';

export function taintController(factory: InformerFactory, client: KubeClient, logger: Logger, options: TaintOptions = {}): Controller<string> {
  const clusters = factory.informer<ManagedCluster>(managedClusterResource);
  const controller = new Controller<string>({ name: 'taint', workers: 4, logger, reconcile: taintReconciler(clusters, client, logger.child({ controller: 'taint' }), options) });
  enqueueFromInformer(clusters, controller.queue);
  return controller;
}
