// Wiring of the default cluster sets controller: events on `default` or `global` enqueue them; start() seeds both.
import type { Logger } from 'pino';
import { managedClusterSetResource } from '../../api/index.ts';
import type { ManagedClusterSet } from '../../api/index.ts';
import { Controller, enqueueFromInformer } from '../../kube/index.ts';
import type { InformerFactory, KubeClient } from '../../kube/index.ts';
import { DEFAULT_SET_SPECS, defaultClusterSetReconciler } from './reconcile.ts';

export function defaultClusterSetController(factory: InformerFactory, client: KubeClient, logger: Logger): Controller<string> {
  const sets = factory.informer<ManagedClusterSet>(managedClusterSetResource);
  const controller = new Controller<string>({ name: 'default-clustersets', workers: 1, logger, reconcile: defaultClusterSetReconciler(sets, client) });
  enqueueFromInformer(sets, controller.queue, { keys: (s) => (s.metadata?.name && DEFAULT_SET_SPECS[s.metadata.name] ? [s.metadata.name] : []) });
  for (const name of Object.keys(DEFAULT_SET_SPECS)) controller.enqueue(name);
  return controller;
}
