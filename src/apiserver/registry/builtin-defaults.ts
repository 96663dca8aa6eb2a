// The defaults kube-apiserver fills into built-in kinds where a client can see them (kubectl columns, controllers
// reading spec): Secret type, Service type, workload replicas, Job counts. Everything else stays as the client sent it.
import type { HookTable } from './hooks.ts';

type Obj = Record<string, unknown>;

function spec(obj: Obj): Obj {
  if (obj.spec === null || typeof obj.spec !== 'object' || Array.isArray(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

function defaultReplicas(obj: Obj): void {
  const s = spec(obj);
  if (s.replicas === undefined || s.replicas === null) s.replicas = 1;
}

export function installBuiltinDefaults(table: HookTable): void {
  const both = (group: string, kind: string, fill: (obj: Obj) => void): void => {
    table.addForKind(group, kind, { prepareCreate: fill, prepareUpdate: fill });
  };
  both('', 'Secret', (obj) => {
    if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
  });
  both('', 'Service', (obj) => {
    const s = spec(obj);
    if (s.type === undefined) s.type = 'ClusterIP';
    if (s.sessionAffinity === undefined) s.sessionAffinity = 'None';
  });
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet']) both('apps', kind, defaultReplicas);
  both('batch', 'Job', (obj) => {
    const s = spec(obj);
    if (s.parallelism === undefined) s.parallelism = 1;
    if (s.completions === undefined) s.completions = 1;
    if (s.backoffLimit === undefined) s.backoffLimit = 6;
  });
}
