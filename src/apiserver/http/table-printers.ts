// Column sets and cell functions of the built-in kinds, matching kube's printers (pkg/printers/internalversion).
import { AGE_COLUMN, column, CREATION_DESCRIPTION, humanAge, humanDuration, NAME_COLUMN, type TablePrinter } from './table-format.ts';
import { describePodStatus } from './table-pods.ts';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
const orNone = (v: string): string => (v === '' ? '<none>' : v);
const meta = (obj: Obj): Obj => o(obj.metadata);
const nameOf = (obj: Obj): string => s(meta(obj).name);
const ageOf = (obj: Obj, now: Date): string => humanAge(s(meta(obj).creationTimestamp) || undefined, now);
const wide = (name: string): ReturnType<typeof column> => column(name, { priority: 1 });

/** A printer whose middle columns come from `middle`, framed by Name first and Age (where kube shows it). */
function printer(middle: ReturnType<typeof column>[], cells: (obj: Obj, now: Date) => unknown[],
  opts: { age?: 'after'; wide?: ReturnType<typeof column>[]; wideCells?: (obj: Obj, now: Date) => unknown[] } = {}): TablePrinter {
  return {
    columns: [NAME_COLUMN, ...middle, AGE_COLUMN, ...(opts.wide ?? [])],
    cells: (obj, now) => [nameOf(obj), ...cells(obj, now), ageOf(obj, now), ...(opts.wideCells ? opts.wideCells(obj, now) : [])],
  };
}

const createdAt: TablePrinter = {
  columns: [NAME_COLUMN, column('Created At', { type: 'date', description: CREATION_DESCRIPTION })],
  cells: (obj) => [nameOf(obj), s(meta(obj).creationTimestamp) || null],
};

function selectorString(sel: unknown): string {
  const sl = o(sel);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o(sl.matchLabels)).sort(([x], [y]) => (x < y ? -1 : 1))) parts.push(`${k}=${s(v)}`);
  for (const e of a(sl.matchExpressions).map(o)) {
    const values = a(e.values).map(s).sort().join(',');
    if (e.operator === 'In') parts.push(`${s(e.key)} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${s(e.key)} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(s(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${s(e.key)}`);
  }
  return parts.join(',');
}

function mapSelectorString(sel: unknown): string {
  return Object.entries(o(sel)).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `${k}=${s(v)}`).join(',');
}

function podTemplateWide(template: unknown, selector: string): unknown[] {
  const containers = a(o(o(template).spec).containers).map(o);
  return [containers.map((c) => s(c.name)).join(','), containers.map((c) => s(c.image)).join(','), orNone(selector)];
}
const WORKLOAD_WIDE = [wide('Containers'), wide('Images'), wide('Selector')];

function servicePorts(spec: Obj): string {
  const ports = a(spec.ports).map(o).map((p) => {
    const proto = s(p.protocol) || 'TCP';
    return p.nodePort ? `${n(p.port)}:${n(p.nodePort)}/${proto}` : `${n(p.port)}/${proto}`;
  });
  return orNone(ports.join(','));
}

function serviceExternalIp(svc: Obj): string {
  const spec = o(svc.spec);
  const external = a(spec.externalIPs).map(s);
  switch (s(spec.type) || 'ClusterIP') {
    case 'ClusterIP': case 'NodePort': return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = a(o(o(svc.status).loadBalancer).ingress).map(o).map((i) => s(i.ip) || s(i.hostname)).filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName': return s(spec.externalName);
    default: return '<unknown>';
  }
}

function nodeStatus(node: Obj): string {
  const ready = a(o(node.status).conditions).map(o).find((c) => c.type === 'Ready');
  let status = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
  if (o(node.spec).unschedulable === true) status += ',SchedulingDisabled';
  return status;
}

function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o(meta(node).labels))) {
    if (k.startsWith('node-role.kubernetes.io/')) { const r = k.slice('node-role.kubernetes.io/'.length); if (r) roles.add(r); }
    if (k === 'kubernetes.io/role' && s(v)) roles.add(s(v));
  }
  return orNone([...roles].sort().join(','));
}

function nodeAddress(node: Obj, type: string): string {
  return orNone(a(o(node.status).addresses).map(o).filter((x) => x.type === type).map((x) => s(x.address))[0] ?? '');
}

function csrCondition(csr: Obj): string {
  const types = a(o(csr.status).conditions).map((c) => s(o(c).type));
  let status = types.includes('Denied') ? 'Denied' : types.includes('Approved') ? 'Approved' : 'Pending';
  if (types.includes('Failed')) status += ',Failed';
  if (s(o(csr.status).certificate)) status += ',Issued';
  return status;
}

function bindingSubjects(obj: Obj): unknown[] {
  const subjects = a(obj.subjects).map(o);
  const users = subjects.filter((x) => x.kind === 'User').map((x) => s(x.name));
  const groups = subjects.filter((x) => x.kind === 'Group').map((x) => s(x.name));
  const sas = subjects.filter((x) => x.kind === 'ServiceAccount').map((x) => `${s(x.namespace)}:${s(x.name)}`);
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}
const bindingPrinter = printer([column('Role')], (b) => [`${s(o(b.roleRef).kind)}/${s(o(b.roleRef).name)}`],
  { wide: [wide('Users'), wide('Groups'), wide('ServiceAccounts')], wideCells: bindingSubjects });

function jobStatus(job: Obj): string {
  const conds = a(o(job.status).conditions).map(o).filter((c) => c.status === 'True').map((c) => s(c.type));
  for (const t of ['Failed', 'Complete', 'SuccessCriteriaMet', 'FailureTarget', 'Suspended']) if (conds.includes(t)) return t;
  if (meta(job).deletionTimestamp) return 'Terminating';
  return 'Running';
}

function jobCompletions(job: Obj): string {
  const spec = o(job.spec);
  const succeeded = n(o(job.status).succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: Date): string {
  const status = o(job.status);
  const start = Date.parse(s(status.startTime));
  if (Number.isNaN(start)) return '';
  const end = Date.parse(s(status.completionTime));
  return humanDuration((Number.isNaN(end) ? now.getTime() : end) - start);
}

function accessModes(modes: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return a(modes).map((m) => short[s(m)] ?? s(m)).join(',');
}

function quotaUsage(rq: Obj, limits: boolean): string {
  const hard = o(o(rq.status).hard);
  const used = o(o(rq.status).used);
  const keys = Object.keys(hard).filter((k) => k.startsWith('limits.') === limits).sort();
  return keys.map((k) => `${k}: ${s(used[k]) || '0'}/${s(hard[k])}`).join(', ');
}

function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(v) : typeof v === 'string' && v ? v : 'N/A';
}

export const BUILTIN_PRINTERS: Record<string, TablePrinter> = {
  '/namespaces': printer([column('Status')], (ns) => [s(o(ns.status).phase)]),
  '/configmaps': printer([column('Data', { type: 'integer' })],
    (cm) => [Object.keys(o(cm.data)).length + Object.keys(o(cm.binaryData)).length]),
  '/secrets': printer([column('Type'), column('Data', { type: 'integer' })], (sec) => [s(sec.type), Object.keys(o(sec.data)).length]),
  '/serviceaccounts': printer([column('Secrets', { type: 'integer' })], (sa) => [a(sa.secrets).length]),
  '/pods': {
    columns: [NAME_COLUMN, column('Ready'), column('Status'), column('Restarts', { type: 'string' }), AGE_COLUMN,
      wide('IP'), wide('Node'), wide('Nominated Node'), wide('Readiness Gates')],
    cells: (pod, now) => {
      const st = describePodStatus(pod, now);
      const status = o(pod.status);
      const gates = a(o(pod.spec).readinessGates).map((g) => s(o(g).conditionType));
      const trueConds = a(status.conditions).map(o).filter((c) => c.status === 'True').map((c) => s(c.type));
      const gatesCell = gates.length ? `${gates.filter((g) => trueConds.includes(g)).length}/${gates.length}` : '<none>';
      return [nameOf(pod), st.ready, st.reason, st.restarts, ageOf(pod, now), orNone(s(status.podIP)),
        orNone(s(o(pod.spec).nodeName)), orNone(s(status.nominatedNodeName)), gatesCell];
    },
  },
  '/services': {
    columns: [NAME_COLUMN, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), AGE_COLUMN, wide('Selector')],
    cells: (svc, now) => {
      const spec = o(svc.spec);
      return [nameOf(svc), s(spec.type) || 'ClusterIP', orNone(s(spec.clusterIP)), serviceExternalIp(svc), servicePorts(spec),
        ageOf(svc, now), orNone(mapSelectorString(spec.selector))];
    },
  },
  '/nodes': {
    columns: [NAME_COLUMN, column('Status'), column('Roles'), AGE_COLUMN, column('Version'), wide('Internal-IP'), wide('External-IP'),
      wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime')],
    cells: (node, now) => {
      const info = o(o(node.status).nodeInfo);
      const orUnknown = (v: unknown): string => s(v) || '<unknown>';
      return [nameOf(node), nodeStatus(node), nodeRoles(node), ageOf(node, now), s(info.kubeletVersion), nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'), orUnknown(info.osImage), orUnknown(info.kernelVersion), orUnknown(info.containerRuntimeVersion)];
    },
  },
  '/events': {
    columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), wide('Subobject'), wide('Source'),
      column('Message'), wide('First Seen'), wide('Count'), column('Name', { format: 'name', priority: 1 })],
    cells: (ev, now) => {
      const inv = o(ev.involvedObject);
      const last = s(ev.lastTimestamp) || s(ev.eventTime) || s(o(ev.series).lastObservedTime);
      const first = s(ev.firstTimestamp) || s(ev.eventTime);
      const src = o(ev.source);
      const source = [s(src.component) || s(ev.reportingComponent), s(src.host) || s(ev.reportingInstance)].filter(Boolean).join(', ');
      return [humanAge(last || undefined, now), s(ev.type), s(ev.reason), `${s(inv.kind).toLowerCase()}/${s(inv.name)}`,
        s(inv.fieldPath), source, s(ev.message), humanAge(first || undefined, now), n(ev.count) || 1, nameOf(ev)];
    },
  },
  '/persistentvolumeclaims': printer([column('Status'), column('Volume'), column('Capacity'), column('Access Modes'),
    column('StorageClass'), column('VolumeAttributesClass')], (pvc) => {
    const spec = o(pvc.spec);
    const status = o(pvc.status);
    const bound = s(spec.volumeName) !== '';
    return [s(status.phase) || 'Pending', s(spec.volumeName), bound ? s(o(status.capacity).storage) : '',
      bound ? accessModes(status.accessModes) : '', s(spec.storageClassName), s(spec.volumeAttributesClassName) || '<unset>'];
  }, { wide: [wide('VolumeMode')], wideCells: (pvc) => [s(o(pvc.spec).volumeMode) || 'Filesystem'] }),
  '/resourcequotas': {
    columns: [NAME_COLUMN, AGE_COLUMN, column('Request'), column('Limit')],
    cells: (rq, now) => [nameOf(rq), ageOf(rq, now), quotaUsage(rq, false), quotaUsage(rq, true)],
  },
  '/limitranges': createdAt,
  'apps/deployments': printer([column('Ready'), column('Up-to-date', { type: 'integer' }), column('Available', { type: 'integer' })], (d) => {
    const status = o(d.status);
    const replicas = typeof o(d.spec).replicas === 'number' ? n(o(d.spec).replicas) : 1;
    return [`${n(status.readyReplicas)}/${replicas}`, n(status.updatedReplicas), n(status.availableReplicas)];
  }, { wide: WORKLOAD_WIDE, wideCells: (d) => podTemplateWide(o(d.spec).template, selectorString(o(d.spec).selector)) }),
  'apps/replicasets': printer([column('Desired', { type: 'integer' }), column('Current', { type: 'integer' }), column('Ready', { type: 'integer' })],
    (rs) => [typeof o(rs.spec).replicas === 'number' ? n(o(rs.spec).replicas) : 1, n(o(rs.status).replicas), n(o(rs.status).readyReplicas)],
    { wide: WORKLOAD_WIDE, wideCells: (rs) => podTemplateWide(o(rs.spec).template, selectorString(o(rs.spec).selector)) }),
  'apps/statefulsets': printer([column('Ready')], (ss) => {
    const replicas = typeof o(ss.spec).replicas === 'number' ? n(o(ss.spec).replicas) : 1;
    return [`${n(o(ss.status).readyReplicas)}/${replicas}`];
  }, { wide: [wide('Containers'), wide('Images')], wideCells: (ss) => podTemplateWide(o(ss.spec).template, '').slice(0, 2) }),
  'apps/daemonsets': {
    columns: [NAME_COLUMN, column('Desired', { type: 'integer' }), column('Current', { type: 'integer' }), column('Ready', { type: 'integer' }),
      column('Up-to-date', { type: 'integer' }), column('Available', { type: 'integer' }), column('Node Selector'), AGE_COLUMN, ...WORKLOAD_WIDE],
    cells: (ds, now) => {
      const st = o(ds.status);
      const spec = o(ds.spec);
      return [nameOf(ds), n(st.desiredNumberScheduled), n(st.currentNumberScheduled), n(st.numberReady), n(st.updatedNumberScheduled),
        n(st.numberAvailable), orNone(mapSelectorString(o(o(spec.template).spec).nodeSelector)), ageOf(ds, now),
        ...podTemplateWide(spec.template, selectorString(spec.selector))];
    },
  },
  'batch/jobs': printer([column('Status'), column('Completions'), column('Duration')],
    (job, now) => [jobStatus(job), jobCompletions(job), jobDuration(job, now)],
    { wide: WORKLOAD_WIDE, wideCells: (job) => podTemplateWide(o(job.spec).template, selectorString(o(job.spec).selector)) }),
  'batch/cronjobs': {
    columns: [NAME_COLUMN, column('Schedule'), column('Timezone'), column('Suspend', { type: 'boolean' }), column('Active', { type: 'integer' }),
      column('Last Schedule'), AGE_COLUMN, ...WORKLOAD_WIDE],
    cells: (cj, now) => {
      const spec = o(cj.spec);
      const last = s(o(cj.status).lastScheduleTime);
      const jobSpec = o(o(spec.jobTemplate).spec);
      return [nameOf(cj), s(spec.schedule), orNone(s(spec.timeZone)), spec.suspend === true ? 'True' : 'False', a(o(cj.status).active).length,
        last ? humanAge(last, now) : '<none>', ageOf(cj, now), ...podTemplateWide(jobSpec.template, selectorString(jobSpec.selector))];
    },
  },
  'networking.k8s.io/ingresses': printer([column('Class'), column('Hosts'), column('Address'), column('Ports')], (ing) => {
    const spec = o(ing.spec);
    const hosts = a(spec.rules).map((r) => s(o(r).host)).filter(Boolean);
    const address = a(o(o(ing.status).loadBalancer).ingress).map(o).map((i) => s(i.ip) || s(i.hostname)).filter(Boolean);
    return [orNone(s(spec.ingressClassName)), hosts.length ? hosts.join(',') : '*', address.join(','),
      a(spec.tls).length ? '80, 443' : '80'];
  }),
  'networking.k8s.io/networkpolicies': printer([column('Pod-Selector')], (np) => [orNone(selectorString(o(np.spec).podSelector))]),
  'policy/poddisruptionbudgets': printer([column('Min Available'), column('Max Unavailable'), column('Allowed Disruptions', { type: 'integer' })],
    (pdb) => [intOrString(o(pdb.spec).minAvailable), intOrString(o(pdb.spec).maxUnavailable), n(o(pdb.status).disruptionsAllowed)]),
  'rbac.authorization.k8s.io/roles': createdAt,
  'rbac.authorization.k8s.io/clusterroles': createdAt,
  'rbac.authorization.k8s.io/rolebindings': bindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': bindingPrinter,
  'coordination.k8s.io/leases': printer([column('Holder')], (l) => [s(o(l.spec).holderIdentity)]),
  'certificates.k8s.io/certificatesigningrequests': {
    columns: [NAME_COLUMN, AGE_COLUMN, column('SignerName'), column('Requestor'), column('RequestedDuration'), column('Condition')],
    cells: (csr, now) => {
      const spec = o(csr.spec);
      const requested = typeof spec.expirationSeconds === 'number' ? humanDuration(spec.expirationSeconds * 1000) : '<none>';
      return [nameOf(csr), ageOf(csr, now), s(spec.signerName), s(spec.username), requested, csrCondition(csr)];
    },
  },
  'admissionregistration.k8s.io/validatingwebhookconfigurations': printer([column('Webhooks', { type: 'integer' })], (w) => [a(w.webhooks).length]),
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': printer([column('Webhooks', { type: 'integer' })], (w) => [a(w.webhooks).length]),
  'storage.k8s.io/storageclasses': {
    columns: [NAME_COLUMN, column('Provisioner'), column('ReclaimPolicy'), column('VolumeBindingMode'),
      column('AllowVolumeExpansion', { type: 'string' }), AGE_COLUMN],
    cells: (sc, now) => {
      const isDefault = ['true'].includes(s(o(meta(sc).annotations)['storageclass.kubernetes.io/is-default-class']));
      return [isDefault ? `${nameOf(sc)} (default)` : nameOf(sc), s(sc.provisioner), s(sc.reclaimPolicy) || 'Delete',
        s(sc.volumeBindingMode) || 'Immediate', String(sc.allowVolumeExpansion === true), ageOf(sc, now)];
    },
  },
  'apiextensions.k8s.io/customresourcedefinitions': createdAt,
};
