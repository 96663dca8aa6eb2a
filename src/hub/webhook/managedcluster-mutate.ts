// The ManagedCluster mutating webhook (security.md §5.5): taints get timeAdded stamped by the hub, never by the
// writer, and a cluster without a cluster-set label joins `default`.
import { DEFAULT_CLUSTER_SET, LABEL_CLUSTER_SET } from '../../api/index.ts';
import type { ManagedCluster } from '../../api/index.ts';
import { nowTimestamp } from '../../kube/index.ts';
import { badRequest, pointer } from './review.ts';
import type { AdmissionRequest, JsonPatchOp } from './review.ts';

type Taint = NonNullable<NonNullable<ManagedCluster['spec']>['taints']>[number];

const stamped = (t: Taint): boolean => t.timeAdded !== undefined && t.timeAdded !== null && t.timeAdded !== '';
const sameTime = (a: Taint, b: Taint): boolean =>
  stamped(a) === stamped(b) && (!stamped(a) || Date.parse(a.timeAdded!) === Date.parse(b.timeAdded!));

/** The taints with timeAdded as the hub decides it; throws 400 naming the taints whose timeAdded the writer set. */
export function stampTaints(taints: Taint[], old: ManagedCluster | undefined, now = nowTimestamp()): Taint[] {
  const invalid: string[] = [];
  const out = taints.map((taint) => {
    if (!old) return { ...taint, timeAdded: now }; // on create a given timeAdded is ignored
    const original = old.spec?.taints?.find((t) => t.key === taint.key);
    if (original && (original.value ?? '') === (taint.value ?? '') && original.effect === taint.effect) {
      if (!sameTime(original, taint)) invalid.push(taint.key);
      return taint;
    }
    if (stamped(taint)) invalid.push(taint.key);
    return { ...taint, timeAdded: now };
  });
  if (invalid.length > 0) throw badRequest(`It is not allowed to set TimeAdded of Taint ${JSON.stringify(invalid.join(','))}.`);
  return out;
}

export function mutateManagedCluster(request: AdmissionRequest): JsonPatchOp[] {
  const mc = request.object as unknown as ManagedCluster;
  const old = request.operation === 'UPDATE' ? (request.oldObject as unknown as ManagedCluster) : undefined;
  const patch: JsonPatchOp[] = [];
  const taints = mc.spec?.taints ?? [];
  if (taints.length > 0) {
    const next = stampTaints(taints, old);
    if (JSON.stringify(next) !== JSON.stringify(taints)) patch.push({ op: 'replace', path: '/spec/taints', value: next });
  }
  const labels = mc.metadata?.labels;
  if (!labels?.[LABEL_CLUSTER_SET]) {
    if (!labels) patch.push({ op: 'add', path: '/metadata/labels', value: { [LABEL_CLUSTER_SET]: DEFAULT_CLUSTER_SET } });
    else patch.push({ op: 'add', path: `/metadata/labels/${pointer(LABEL_CLUSTER_SET)}`, value: DEFAULT_CLUSTER_SET });
  }
  return patch;
}
