// The ManagedClusterSetBinding validating webhook (security.md §5.5): a binding is named after its set, and
// creating one needs `create managedclustersets/bind` on that set.
import type { ManagedClusterSetBinding } from '../../api/index.ts';
import type { AccessCheck } from './access.ts';
import { badRequest, forbidden } from './review.ts';
import type { AdmissionRequest } from './review.ts';

export function clusterSetBindingValidator(canAccess: AccessCheck) {
  return async (request: AdmissionRequest): Promise<void> => {
    const binding = request.object as unknown as ManagedClusterSetBinding;
    const set = binding.spec?.clusterSet ?? '';
    if (binding.metadata?.name !== set) throw badRequest('The ManagedClusterSetBinding must have the same name as the target ManagedClusterSet');
    if (request.operation !== 'CREATE') return;
    const allowed = await canAccess(request.userInfo, { group: 'cluster.open-cluster-management.io', resource: 'managedclustersets', subresource: 'bind', verb: 'create', name: set });
    // `.apps`: upstream builds this GroupResource with the apps/v1beta1 helper, and clients see exactly that
    if (!allowed) throw forbidden('managedclustersets/bind.apps', set, `user "${request.userInfo.username}" is not allowed to bind cluster set "${set}"`);
  };
}
