// Wiring of the CSR approver: every CSR event enqueues the CSR's name.
import type { Logger } from 'pino';
import { Controller, csrResource, enqueueFromInformer } from '../../../kube/index.ts';
import type { EventRecorder, InformerFactory, KubeClient } from '../../../kube/index.ts';
import type { CertificateSigningRequest } from '../resources.ts';
import { csrReconciler } from './reconcile.ts';
import type { CsrApproverOptions } from './reconcile.ts';

export function csrApproverController(factory: InformerFactory, client: KubeClient, recorder: EventRecorder, logger: Logger, options: CsrApproverOptions = {}): Controller<string> {
  const csrs = factory.informer<CertificateSigningRequest>(csrResource);
  const controller = new Controller<string>({ name: 'csr-approver', workers: 8, logger, reconcile: csrReconciler(csrs, client, recorder, logger.child({ controller: 'csr-approver' }), options) });
  enqueueFromInformer(csrs, controller.queue);
  return controller;
}
