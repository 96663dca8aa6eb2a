// The hub CSR approver (security.md §5.4). Renewals (the requester is the certificate holder the CSR names and
// may `renew` managedclusters/clientcertificates) are approved at once; a first CSR waits for the hub admin unless
// its requester is one of the configured auto-approve users.
import type { Logger } from 'pino';
import type { EventRecorder, Informer, KubeClient } from '../../../kube/index.ts';
import { isNotFound, resourcePath } from '../../../kube/index.ts';
import { csrResource } from '../../../kube/index.ts';
import { BOOTSTRAP_GROUP } from '../names.ts';
import { subjectAccessReviewResource } from '../resources.ts';
import type { CertificateSigningRequest, SubjectAccessReview } from '../resources.ts';
import { isTerminal, recognizeCsr } from './recognize.ts';

export interface CsrApproverOptions {
  /** Requesters (CSR spec.username) whose first CSR is approved without the admin; "*" means any member of system:bootstrappers:managedcluster. */
  autoApproveUsers?: string[];
}

export function csrReconciler(csrs: Informer<CertificateSigningRequest>, client: KubeClient, recorder: EventRecorder, logger: Logger, options: CsrApproverOptions = {}) {
  const reviews = client.resource<SubjectAccessReview>(subjectAccessReviewResource);
  const autoApprove = new Set(options.autoApproveUsers ?? []);

  // "*" stands for every bootstrap identity, never for a registered agent asking for someone else's name
  const autoApproved = (csr: CertificateSigningRequest): boolean =>
    (csr.spec.username !== undefined && autoApprove.has(csr.spec.username)) || (autoApprove.has('*') && (csr.spec.groups ?? []).includes(BOOTSTRAP_GROUP));

  async function mayRenew(csr: CertificateSigningRequest): Promise<boolean> {
    const review = await reviews.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: csr.spec.username, uid: csr.spec.uid, groups: csr.spec.groups, extra: csr.spec.extra,
        resourceAttributes: { group: 'register.open-cluster-management.io', resource: 'managedclusters', subresource: 'clientcertificates', verb: 'renew' },
      },
    });
    return review.status?.allowed === true;
  }

  async function approve(csr: CertificateSigningRequest, reason: string, message: string): Promise<void> {
    const name = csr.metadata.name!;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body: CertificateSigningRequest = {
      ...csr,
      status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason, message, lastUpdateTime: now }] },
    };
    await client.transport.json({ method: 'PUT', path: resourcePath(csrResource, undefined, name, 'approval'), body, what: `certificatesigningrequests "${name}"` });
  }

  return async (name: string): Promise<void> => {
    const csr = csrs.get(name);
    if (!csr || isTerminal(csr)) return;
    const recognized = recognizeCsr(csr);
    if (!recognized) return;
    const log = { cluster: recognized.cluster, name };
    try {
      if (csr.spec.username === recognized.commonName) {
        if (!(await mayRenew(csr))) return;
        await approve(csr, 'AutoApprovedByHubCSRApprovingController', 'Auto approving Managed cluster agent certificate after SubjectAccessReview.');
        recorder.event(csr, 'Normal', 'ManagedClusterCSRAutoApproved', `managed cluster csr "${name}" is auto approved by hub csr controller`);
        logger.info(log, 'renewal CSR approved');
        return;
      }
      if (autoApproved(csr)) {
        await approve(csr, 'AutoApprovedByHubCSRApprovingController', 'Auto approving Managed cluster agent certificate.');
        recorder.event(csr, 'Normal', 'ManagedClusterAutoApproved', `managed cluster csr "${name}" is auto approved by hub csr controller`);
        logger.info({ ...log, user: csr.spec.username }, 'first CSR auto-approved');
      }
    } catch (err) {
      if (isNotFound(err)) return; // deleted meanwhile
      throw err;
    }
  };
}
