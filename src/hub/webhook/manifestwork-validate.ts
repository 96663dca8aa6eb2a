// The ManifestWork validating webhook (security.md §5.5): a work carries at least one manifest, each a named object
// within the size limit, and only a user who may `execute-as` a service account names it as the work's executor.
import { isDeepStrictEqual } from 'node:util';
import type { ManifestWork } from '../../api/index.ts';
import type { AccessCheck } from './access.ts';
import { badRequest } from './review.ts';
import type { AdmissionRequest } from './review.ts';

/** Upstream's limit on the summed size of a work's manifests. */
export const MANIFEST_LIMIT_BYTES = 500 * 1024;

function checkManifests(work: ManifestWork): void {
  const manifests = work.spec?.workload?.manifests ?? [];
  if (manifests.length === 0) throw badRequest('Workload manifests should not be empty');
  const size = manifests.reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0);
  if (size > MANIFEST_LIMIT_BYTES) throw badRequest(`the size of manifests is ${size} bytes which exceeds the ${MANIFEST_LIMIT_BYTES} limit`);
  manifests.forEach((m, i) => {
    const manifest = m as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
    if (typeof manifest.kind !== 'string' || manifest.kind === '' || typeof manifest.apiVersion !== 'string') {
      throw badRequest(`spec.workload.manifests[${i}]: Object 'Kind' is missing or 'apiVersion' is not set`);
    }
    if (typeof manifest.metadata?.name !== 'string' || manifest.metadata.name === '') throw badRequest(`spec.workload.manifests[${i}]: name must be set in manifest`);
    if (manifest.metadata.generateName) throw badRequest(`spec.workload.manifests[${i}]: generateName must not be set in manifest`);
  });
}

export function manifestWorkValidator(canAccess: AccessCheck) {
  return async (request: AdmissionRequest): Promise<void> => {
    const work = request.object as unknown as ManifestWork;
    checkManifests(work);
    const executor = work.spec?.executor;
    const old = request.operation === 'UPDATE' ? (request.oldObject as unknown as ManifestWork) : undefined;
    if (!executor || (old && isDeepStrictEqual(old.spec?.executor, executor))) return;
    const sa = executor.subject?.serviceAccount;
    if (executor.subject?.type !== 'ServiceAccount' || !sa) return;
    const namespace = work.metadata?.namespace ?? request.namespace ?? '';
    const allowed = await canAccess(request.userInfo, {
      group: 'work.open-cluster-management.io', resource: 'manifestworks', verb: 'execute-as', namespace, name: `system:serviceaccount:${sa.namespace}:${sa.name}`,
    });
    if (!allowed) throw badRequest(`user ${request.userInfo.username} cannot manipulate the Manifestwork with executor ${sa.namespace}/${sa.name} in namespace ${namespace}`);
  };
}
