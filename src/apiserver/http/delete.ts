// DELETE of one object and of a collection. Finalizers, deletionTimestamp and owner-reference propagation are the
// lifecycle module's business; this file parses DeleteOptions and shapes the answers as kube does.
import { badRequest, methodNotAllowed } from '../errors.ts';
import { parseJsonBody, readBody } from './body.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { persistDelete } from './lifecycle-glue.ts';
import type { DeleteRequest } from './lifecycle-glue.ts';
import { apiVersionOf, asObj } from './objects.ts';
import type { Obj } from './objects.ts';
import { getStored, listMatching, objectKey, parseSelectors } from './read.ts';
import { sendJson, successStatus } from './respond.ts';
import { storageError } from './store-errors.ts';
import { admitDelete } from '../admission/write-glue.ts';

const POLICIES = ['Background', 'Foreground', 'Orphan'];

async function deleteOptions(ctx: RequestContext): Promise<DeleteRequest> {
  const body = await readBody(ctx.req);
  const opts = body.length > 0 ? asObj(parseJsonBody(body)) : {};
  const policy = (opts.propagationPolicy as string | undefined) ?? ctx.query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && policy !== null && !POLICIES.includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
  }
  const dry = [...(Array.isArray(opts.dryRun) ? (opts.dryRun as string[]) : []), ...ctx.query.getAll('dryRun')];
  for (const d of dry) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  let legacyOrphan: boolean | undefined;
  if (typeof opts.orphanDependents === 'boolean') legacyOrphan = opts.orphanDependents;
  const pre = asObj(opts.preconditions);
  const preconditions: DeleteRequest['preconditions'] = {};
  if (typeof pre.uid === 'string') preconditions.uid = pre.uid;
  if (typeof pre.resourceVersion === 'string') preconditions.resourceVersion = pre.resourceVersion;
  return {
    propagationPolicy: (policy ?? (legacyOrphan === true ? 'Orphan' : undefined)) as DeleteRequest['propagationPolicy'],
    preconditions: Object.keys(preconditions).length ? preconditions : undefined,
    dryRun: dry.length > 0,
  };
}

export async function handleDelete(ctx: RequestContext, t: ResourceTarget, name: string): Promise<void> {
  if (t.subresource !== undefined) throw methodNotAllowed();
  const opts = await deleteOptions(ctx);
  const current = getStored(ctx, t, name); // 404 with kube's message before anything else
  await admitDelete(ctx, t, JSON.parse(current.json) as Obj, opts);
  let outcome;
  try {
    outcome = persistDelete(ctx.state.store, objectKey(t, name), opts);
  } catch (err) {
    throw storageError(err, t.resource, name);
  }
  const obj = outcome.object;
  if (outcome.deleted) {
    const meta = asObj(obj.metadata);
    const details: Obj = { name, kind: t.resource.plural, uid: meta.uid };
    if (t.resource.group) details.group = t.resource.group;
    // an immediate delete is answered with a success Status; a pending one (finalizers) with the object
    sendJson(ctx.res, 200, successStatus(details));
    return;
  }
  sendJson(ctx.res, 200, obj);
}

export async function handleDeleteCollection(ctx: RequestContext, t: ResourceTarget): Promise<void> {
  if (!t.resource.verbs.includes('deletecollection')) throw methodNotAllowed();
  const opts = await deleteOptions(ctx);
  const sel = parseSelectors(ctx.query, t.resource);
  const { objects } = listMatching(ctx, t, sel);
  const items: Obj[] = [];
  for (const obj of objects) {
    const meta = asObj(obj.metadata);
    const key = objectKey({ ...t, namespace: String(meta.namespace ?? '') }, String(meta.name));
    await admitDelete(ctx, { ...t, namespace: String(meta.namespace ?? ''), name: String(meta.name) }, obj, opts);
    try {
      items.push(persistDelete(ctx.state.store, key, opts).object);
    } catch (err) {
      const e = storageError(err, t.resource, String(meta.name));
      if ((e as { code?: number }).code !== 404) throw e; // deleted meanwhile (e.g. by garbage collection): fine
    }
  }
  sendJson(ctx.res, 200, {
    kind: t.resource.listKind,
    apiVersion: apiVersionOf(t.resource),
    metadata: { resourceVersion: String(ctx.state.store.currentRevision()) },
    items,
  });
}
