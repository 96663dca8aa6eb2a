// PATCH with application/apply-patch+yaml: request checks (A.1), the apply itself, then the normal create (201) or
// update (200) path with the managedFields the apply computed.
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { RequestContext, ResourceTarget } from '../http/context.ts';
import { apiVersionOf, metaOf, nowRfc3339, qualifiedResource } from '../http/objects.ts';
import type { Obj } from '../http/objects.ts';
import { objectKey, servedObject } from '../http/read.ts';
import { createObject, updateObject } from '../http/write.ts';
import type { WriteOptions, WriteResult } from '../http/write.ts';
import { serverSideApply } from './apply.ts';
import { applyTypeOf, resetsStatus } from './request.ts';
import type { FieldOptions } from './request.ts';
import { isObject } from './typed.ts';
import type { StoredObject } from '../storage/types.ts';

function checkAppliedObject(applied: Obj, t: ResourceTarget, name: string): void {
  const r = t.resource;
  const gv = apiVersionOf(r);
  const group = typeof applied.apiVersion === 'string' && applied.apiVersion.includes('/') ? applied.apiVersion.split('/')[0] : '';
  if (applied.kind !== r.kind || typeof applied.apiVersion !== 'string' || group !== r.group) {
    throw badRequest(`invalid object type: ${r.group}/${r.version}, Kind=${r.kind}`);
  }
  applied.apiVersion = gv; // another served version of the group: conversion None only rewrites apiVersion
  const meta = applied.metadata;
  if (meta !== undefined && !isObject(meta)) throw badRequest(`${r.kind}: metadata must be an object`);
  if (isObject(meta) && Array.isArray(meta.managedFields)) throw badRequest('metadata.managedFields must be nil');
  const m = metaOf(applied);
  if (m.name === undefined || m.name === '') m.name = name;
  if (m.name !== name) throw badRequest(`the name of the object (${String(m.name)}) does not match the name on the URL (${name})`);
  if (r.namespaced && typeof m.namespace === 'string' && m.namespace !== '' && t.namespace && m.namespace !== t.namespace) {
    throw badRequest(`the namespace of the object (${m.namespace}) does not match the namespace on the request (${t.namespace})`);
  }
}

export async function applyPatch(ctx: RequestContext, t: ResourceTarget, name: string, patch: unknown, opts: WriteOptions, fields: FieldOptions): Promise<WriteResult> {
  const r = t.resource;
  const manager = fields.fieldManager;
  if (!manager) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      group: 'meta.k8s.io', kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  if (!isObject(patch)) throw badRequest('error decoding patch: the apply configuration must be a YAML or JSON object');
  const config = structuredClone(patch);
  checkAppliedObject(config, t, name);
  const pinned = isObject(config.metadata) && config.metadata.resourceVersion !== undefined;
  // admission is awaited, so the object may change meanwhile: like kube, re-apply to the new state a few times
  for (let attempt = 1; ; attempt++) {
    const old = ctx.state.store.get(objectKey(t, name));
    try {
      return await applyTo(ctx, t, name, old, structuredClone(config), manager, opts, fields);
    } catch (err) {
      const storageRace = err instanceof ApiError && err.code === 409 && !err.message.startsWith('Apply failed');
      if (pinned || attempt >= 5 || !storageRace || ctx.state.store.get(objectKey(t, name))?.revision === old?.revision) throw err;
    }
  }
}

async function applyTo(ctx: RequestContext, t: ResourceTarget, name: string, old: StoredObject | undefined, applied: Obj, manager: string,
  opts: WriteOptions, fields: FieldOptions): Promise<WriteResult> {
  const r = t.resource;
  if (!old && t.subresource !== undefined) throw notFound(qualifiedResource(r), name);
  const live = old ? servedObject(old, r) : undefined;
  const ns = t.namespace ? `${t.namespace}/` : '';
  const merged = serverSideApply({
    live, applied, manager, force: fields.force === true, apiVersion: apiVersionOf(r), kind: r.kind,
    subresource: t.subresource, type: applyTypeOf(r), resetStatus: resetsStatus(r, t.subresource),
    now: nowRfc3339(),
    describe: `${ns}${name}; ${r.group}/${r.version}, Kind=${r.kind}`,
  });
  const writeOpts: WriteOptions = { ...opts, verb: 'apply', managedFieldsSet: true };
  if (!old) return createObject(ctx, t, merged, writeOpts);
  const meta = metaOf(merged);
  if (!isObject(applied.metadata) || applied.metadata.resourceVersion === undefined) meta.resourceVersion = String(old.revision);
  return updateObject(ctx, t, name, old, merged, writeOpts);
}
