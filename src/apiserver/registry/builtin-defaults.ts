// The defaults kube-apiserver fills into built-in kinds where a client can see them (kubectl columns and describe,
// controllers reading spec): Secret and Service types, workload replicas and update strategies, Job counts, the
// initial status of Pods and PersistentVolumeClaims. Everything else stays as the client sent it.
import type { HookTable } from './hooks.ts';

type Obj = Record<string, unknown>;

function spec(obj: Obj): Obj {
  if (obj.spec === null || typeof obj.spec !== 'object' || Array.isArray(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

/** kube never stores `stringData`: its entries are base64-encoded into `data`, overriding keys there. */
function foldStringData(obj: Obj): void {
  const stringData = obj.stringData;
  if (stringData === undefined || stringData === null) return;
  delete obj.stringData;
  if (typeof stringData !== 'object' || Array.isArray(stringData)) return;
  const data = obj.data !== null && typeof obj.data === 'object' && !Array.isArray(obj.data) ? (obj.data as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(stringData as Record<string, unknown>)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  obj.data = data;
}

function defaultReplicas(obj: Obj): void {
  const s = spec(obj);
  if (s.replicas === undefined || s.replicas === null) s.replicas = 1;
}

function defaultHistory(s: Obj): void {
  if (s.revisionHistoryLimit === undefined) s.revisionHistoryLimit = 10;
}

function resourceMap(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** kube's QoS class: no requests/limits anywhere = BestEffort; every container with cpu and memory limits equal to
 *  its requests = Guaranteed; anything else = Burstable. */
function qosClass(podSpec: Obj): string {
  const containers = [...(Array.isArray(podSpec.containers) ? podSpec.containers : []), ...(Array.isArray(podSpec.initContainers) ? podSpec.initContainers : [])] as Obj[];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = resourceMap(c.resources);
    const requests = resourceMap(res.requests);
    const limits = resourceMap(res.limits);
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = limits[r];
      const request = requests[r] ?? limit; // a limit alone defaults the request to it
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function installBuiltinDefaults(table: HookTable): void {
  const both = (group: string, kind: string, fill: (obj: Obj) => void): void => {
    table.addForKind(group, kind, { prepareCreate: fill, prepareUpdate: fill });
  };
  both('', 'Secret', (obj) => {
    if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
    foldStringData(obj);
  });
  both('', 'Service', (obj) => {
    const s = spec(obj);
    if (s.type === undefined) s.type = 'ClusterIP';
    if (s.sessionAffinity === undefined) s.sessionAffinity = 'None';
  });
  both('apps', 'ReplicaSet', defaultReplicas);
  both('apps', 'Deployment', (obj) => {
    defaultReplicas(obj);
    const s = spec(obj);
    if (s.strategy === undefined) s.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
    defaultHistory(s);
    if (s.progressDeadlineSeconds === undefined) s.progressDeadlineSeconds = 600;
  });
  both('apps', 'StatefulSet', (obj) => {
    defaultReplicas(obj);
    const s = spec(obj);
    if (s.podManagementPolicy === undefined) s.podManagementPolicy = 'OrderedReady';
    if (s.updateStrategy === undefined) s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    defaultHistory(s);
  });
  both('apps', 'DaemonSet', (obj) => {
    const s = spec(obj);
    if (s.updateStrategy === undefined) s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    defaultHistory(s);
  });
  // a new Pod or claim starts Pending (status written by the client on create is ignored, as in kube)
  table.addForKind('', 'Pod', {
    prepareCreate: (obj) => {
      const s = spec(obj);
      if (s.restartPolicy === undefined) s.restartPolicy = 'Always';
      obj.status = { phase: 'Pending', qosClass: qosClass(s) };
    },
  });
  table.addForKind('', 'PersistentVolumeClaim', {
    prepareCreate: (obj) => {
      obj.status = { phase: 'Pending' };
    },
  });
  both('batch', 'Job', (obj) => {
    const s = spec(obj);
    if (s.parallelism === undefined) s.parallelism = 1;
    if (s.completions === undefined) s.completions = 1;
    if (s.backoffLimit === undefined) s.backoffLimit = 6;
  });
}
