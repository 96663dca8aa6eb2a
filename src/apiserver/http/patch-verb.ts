// PATCH: JSON patch, merge patch, strategic merge patch (built-ins only, as kube) and apply patches (server-side
// apply with field ownership, src/apiserver/apply/).
import { decodeApplyBody } from '../apply/apply-body.ts';
import { applyPatch } from '../apply/apply-verb.ts';
import { ApiError, badRequest, notFound, unsupportedMediaType } from '../errors.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { applyStrategicMergePatch, patchMetaFor } from './patch/strategic.ts';
import { mediaType, parseJsonBody, readBody } from './body.ts';
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
  const opts = writeOptions(ctx.query, 'PatchOptions');
  const type = mediaType(ctx.req.headers['content-type']);
  const accepted = acceptedPatchTypes(t);
  if (!accepted.includes(type)) {
    ctx.req.resume();
    throw unsupportedMediaType(accepted);
  }
  const body = await readBody(ctx.req);
  if (body.length === 0) throw badRequest('the patch body is empty');
  const patch = type === APPLY_PATCH ? decodeApplyBody(body, opts.fields?.fieldValidation ?? 'Warn', ctx.res) : parseJsonBody(body);
  if (type === APPLY_PATCH) {
    const applied = await applyPatch(ctx, t, name, patch, opts, opts.fields!);
    sendText(ctx.res, applied.code, applied.json);
    return;
  }
  if (opts.fields?.force !== undefined) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch', {
      group: 'meta.k8s.io', kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }],
    });
  }
  // admission webhooks are awaited, so the object may change meanwhile: like kube, a patch that does not pin a
  // resourceVersion is re-applied to the new state (a few times) instead of failing with a conflict
  const pinned = body.includes('resourceVersion');
  for (let attempt = 1; ; attempt++) {
    const old = ctx.state.store.get(objectKey(t, name));
    if (!old) throw notFound(qualifiedResource(t.resource), name);
    const current = servedObject(old, t.resource);
    const next = patched(type, current, patch, t);
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw badRequest('the patch would turn the object into something that is not a JSON object');
    }
    try {
      const result = await updateObject(ctx, t, name, old, next as Obj, { ...opts, verb: 'patch' });
      sendText(ctx.res, result.code, result.json);
      return;
    } catch (err) {
      if (pinned || attempt >= 5 || !(err instanceof ApiError) || err.code !== 409 || ctx.state.store.get(objectKey(t, name))?.revision === old.revision) throw err;
    }
  }
}
