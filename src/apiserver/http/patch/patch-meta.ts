// Strategic-merge-patch metadata of the built-in kinds: the Go struct tags `patchStrategy` / `patchMergeKey`
// of k8s.io/api v0.35 (apply-schema.md B.5). Fields not listed merge as objects or replace as lists.

export interface PatchMeta {
  strategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  mergeKey?: string;
  /** per-field metadata of an object node */
  fields?: Record<string, PatchMeta>;
  /** metadata of each element of a list node */
  items?: PatchMeta;
}

const obj = (fields: Record<string, PatchMeta>): PatchMeta => ({ fields });
const keyed = (mergeKey: string, items?: PatchMeta): PatchMeta => ({ strategy: 'merge', mergeKey, ...(items ? { items } : {}) });
const keyedRetain = (mergeKey: string): PatchMeta => ({ strategy: 'merge,retainKeys', mergeKey });
const mergedScalars: PatchMeta = { strategy: 'merge' };
const replaced: PatchMeta = { strategy: 'replace' };
const conditions = keyed('type');

export const OBJECT_META: PatchMeta = obj({ finalizers: mergedScalars, ownerReferences: keyed('uid') });

const container = obj({
  ports: keyed('containerPort'),
  env: keyed('name'),
  volumeMounts: keyed('mountPath'),
  volumeDevices: keyed('devicePath'),
});

export const POD_SPEC: PatchMeta = obj({
  containers: keyed('name', container),
  initContainers: keyed('name', container),
  ephemeralContainers: keyed('name', container),
  volumes: keyedRetain('name'),
  imagePullSecrets: keyed('name'),
  hostAliases: keyed('ip'),
  topologySpreadConstraints: keyed('topologyKey'),
  schedulingGates: keyed('name'),
  resourceClaims: keyedRetain('name'),
});

const POD_STATUS = obj({
  conditions,
  podIPs: keyed('ip'),
  hostIPs: keyed('ip'),
  resourceClaimStatuses: keyedRetain('name'),
});

const POD_TEMPLATE = obj({ metadata: OBJECT_META, spec: POD_SPEC });
const JOB_SPEC = obj({ template: POD_TEMPLATE });
const workloadStatus = obj({ conditions });

function kindMeta(fields: Record<string, PatchMeta>): PatchMeta {
  return obj({ metadata: OBJECT_META, ...fields });
}

const TABLE: Record<string, PatchMeta> = {
  '/Pod': kindMeta({ spec: POD_SPEC, status: POD_STATUS }),
  '/PodTemplate': kindMeta({ template: POD_TEMPLATE }),
  '/ReplicationController': kindMeta({ spec: obj({ template: POD_TEMPLATE }), status: workloadStatus }),
  '/Service': kindMeta({ spec: obj({ ports: keyed('port') }), status: obj({ conditions }) }),
  '/Namespace': kindMeta({ status: obj({ conditions }) }),
  '/ServiceAccount': kindMeta({ secrets: keyed('name') }),
  '/Node': kindMeta({ spec: obj({ podCIDRs: mergedScalars }), status: obj({ conditions, addresses: keyed('type') }) }),
  '/PersistentVolumeClaim': kindMeta({ status: obj({ conditions }) }),
  'apps/Deployment': kindMeta({ spec: obj({ template: POD_TEMPLATE, strategy: { strategy: 'retainKeys' } }), status: workloadStatus }),
  'apps/ReplicaSet': kindMeta({ spec: obj({ template: POD_TEMPLATE }), status: workloadStatus }),
  'apps/StatefulSet': kindMeta({ spec: obj({ template: POD_TEMPLATE }), status: workloadStatus }),
  'apps/DaemonSet': kindMeta({ spec: obj({ template: POD_TEMPLATE }), status: workloadStatus }),
  'batch/Job': kindMeta({ spec: JOB_SPEC, status: obj({ conditions }) }),
  'batch/CronJob': kindMeta({ spec: obj({ jobTemplate: obj({ metadata: OBJECT_META, spec: JOB_SPEC }) }) }),
  'policy/PodDisruptionBudget': kindMeta({ spec: obj({ selector: replaced }), status: obj({ conditions }) }),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': kindMeta({
    webhooks: keyed('name', obj({ matchConditions: keyed('name') })) }),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': kindMeta({
    webhooks: keyed('name', obj({ matchConditions: keyed('name') })) }),
};

/** Patch metadata for a built-in kind; any other kind gets ObjectMeta's rules and defaults elsewhere. */
export function patchMetaFor(group: string, kind: string): PatchMeta {
  return TABLE[`${group}/${kind}`] ?? kindMeta({});
}
