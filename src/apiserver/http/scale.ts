// The /scale subresource (autoscaling/v1 Scale) for workloads and for CRDs that declare one: a view of the replica
// count; writing it changes only spec.replicas of the parent object.
import { badRequest, notFound } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';
import type { StoredObject } from '../storage/types.ts';
import { mediaType, parseJsonBody, parseYamlBody, readBody } from './body.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { asObj, bodyRevision, qualifiedResource } from './objects.ts';
import type { Obj } from './objects.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { objectKey, servedObject } from './read.ts';
import { sendJson } from './respond.ts';
import { updateObject, writeOptions } from './write.ts';

interface ScalePaths {
  spec: string[];
  status: string[];
  selector?: string[];
}

function path(p: string): string[] {
  return p.replace(/^\./, '').split('.').filter((s) => s !== '');
}

function scalePaths(r: ServedResource): ScalePaths {
  if (r.crd?.scale) {
    const s = r.crd.scale;
    return { spec: path(s.specReplicasPath), status: path(s.statusReplicasPath), selector: s.labelSelectorPath ? path(s.labelSelectorPath) : undefined };
  }
  return { spec: ['spec', 'replicas'], status: ['status', 'replicas'], selector: ['spec', 'selector'] };
}

function at(obj: Obj, p: string[]): unknown {
  let cur: unknown = obj;
  for (const k of p) cur = asObj(cur)[k];
  return cur;
}

function setAt(obj: Obj, p: string[], value: unknown): void {
  let cur = obj;
  for (const k of p.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[p[p.length - 1]] = value;
}

/** A LabelSelector object in its string form ("app=web,tier in (a,b)"); strings pass through (CRD selector paths). */
function selectorString(sel: unknown): string | undefined {
  if (typeof sel === 'string') return sel;
  if (sel === null || typeof sel !== 'object') return undefined;
  const s = sel as Obj;
  const parts = Object.entries(asObj(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of Array.isArray(s.matchExpressions) ? (s.matchExpressions as Obj[]) : []) {
    const values = Array.isArray(e.values) ? (e.values as string[]).join(',') : '';
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(String(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function scaleOf(obj: Obj, r: ServedResource): Obj {
  const p = scalePaths(r);
  const meta = asObj(obj.metadata);
  const status: Obj = { replicas: typeof at(obj, p.status) === 'number' ? at(obj, p.status) : 0 };
  const selector = p.selector ? selectorString(at(obj, p.selector)) : undefined;
  if (selector) status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: { replicas: typeof at(obj, p.spec) === 'number' ? at(obj, p.spec) : 0 },
    status,
  };
}

async function desiredScale(ctx: RequestContext, current: Obj): Promise<Obj> {
  const body = await readBody(ctx.req);
  const type = mediaType(ctx.req.headers['content-type']);
  if (ctx.req.method === 'PUT') return asObj(type.includes('yaml') ? parseYamlBody(body) : parseJsonBody(body));
  if (type === 'application/json-patch+json') return asObj(applyJsonPatch(current, parseJsonBody(body)));
  const patch = type === 'application/apply-patch+yaml' ? parseYamlBody(body) : parseJsonBody(body);
  return asObj(applyMergePatch(current, patch));
}

export async function handleScale(ctx: RequestContext, t: ResourceTarget, name: string): Promise<void> {
  const r = t.resource;
  const stored: StoredObject | undefined = ctx.state.store.get(objectKey(t, name));
  if (!stored) throw notFound(qualifiedResource(r), name);
  const obj = servedObject(stored, r);
  const current = scaleOf(obj, r);
  if (ctx.req.method === 'GET') {
    sendJson(ctx.res, 200, current);
    return;
  }
  const opts = writeOptions(ctx.query);
  const desired = await desiredScale(ctx, current);
  const replicas = asObj(desired.spec).replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`Scale "${name}": spec.replicas must be a non-negative integer`);
  }
  const expected = bodyRevision(desired, r, name);
  const next = structuredClone(obj);
  setAt(next, scalePaths(r).spec, replicas);
  if (expected !== undefined) (next.metadata as Obj).resourceVersion = String(expected);
  const result = await updateObject(ctx, { ...t, subresource: undefined }, name, stored, next, opts);
  sendJson(ctx.res, 200, scaleOf(JSON.parse(result.json) as Obj, r));
}
