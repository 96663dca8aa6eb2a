// PATCH: JSON patch, merge patch, strategic merge patch (built-ins only, as kube) and apply patches. Server-side
// apply is approximated by a merge patch that creates the object when it is absent (real SSA is a later issue).
import { badRequest, notFound, unsupportedMediaType } from '../errors.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { applyStrategicMergePatch, patchMetaFor } from './patch/strategic.ts';
import { mediaType, parseJsonBody, parseYamlBody, readBody } from './body.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { metaOf, qualifiedResource } from './objects.ts';
import type { Obj } from './objects.ts';
import { objectKey, servedObject } from './read.ts';
import { sendText } from './respond.ts';
import { createObject, updateObject, writeOptions } from './write.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

function acceptedPatchTypes(t: ResourceTarget): string[] {
  return t.resource.crd ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
}

function asPatchObject(patch: unknown, type: string): Obj {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw badRequest(`the ${type} body must be a JSON object`);
  }
  return patch as Obj;
}

function patched(type: string, current: Obj, patch: unknown, t: ResourceTarget): unknown {
  switch (type) {
    case JSON_PATCH:
      if (!Array.isArray(patch)) throw badRequest('the json patch body must be a JSON array of operations ([{"op":"replace","path":"/a","value":1}])');
      return applyJsonPatch(current, patch);
    case MERGE_PATCH:
      return applyMergePatch(current, asPatchObject(patch, 'merge patch'));
    case STRATEGIC_PATCH:
      return applyStrategicMergePatch(current, asPatchObject(patch, 'strategic merge patch'), patchMetaFor(t.resource.group, t.resource.kind));
    default:
      return applyMergePatch(current, asPatchObject(patch, 'apply patch'));
  }
}

export async function handlePatch(ctx: RequestContext, t: ResourceTarget, name: string): Promise<void> {
  const opts = writeOptions(ctx.query);
  const type = mediaType(ctx.req.headers['content-type']);
  const accepted = acceptedPatchTypes(t);
  if (!accepted.includes(type)) {
    ctx.req.resume();
    throw unsupportedMediaType(accepted);
  }
  const body = await readBody(ctx.req);
  if (body.length === 0) throw badRequest('the patch body is empty');
  const patch = type === APPLY_PATCH ? parseYamlBody(body) : parseJsonBody(body);
  const old = ctx.state.store.get(objectKey(t, name));
  if (!old) {
    if (type !== APPLY_PATCH || t.subresource !== undefined) throw notFound(qualifiedResource(t.resource), name);
    const obj = structuredClone(asPatchObject(patch, 'apply patch'));
    const meta = metaOf(obj);
    if (meta.name === undefined) meta.name = name;
    if (meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    const result = createObject(ctx, t, obj, opts);
    sendText(ctx.res, result.code, result.json);
    return;
  }
  const current = servedObject(old, t.resource);
  const next = patched(type, current, patch, t);
  if (next === null || typeof next !== 'object' || Array.isArray(next)) {
    throw badRequest('the patch would turn the object into something that is not a JSON object');
  }
  const result = updateObject(ctx, t, name, old, next as Obj, opts);
  sendText(ctx.res, result.code, result.json);
}
