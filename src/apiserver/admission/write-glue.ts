// What the HTTP write paths call: mutating admission right after decoding, validating admission right before the
// write is persisted, both for DELETE. A cluster without webhook configurations costs one map lookup.
import { badRequest } from '../errors.ts';
import type { RequestContext, ResourceTarget } from '../http/context.ts';
import { addWarnings } from '../registry/schema-hooks.ts';
import type { AdmissionAttributes, Operation } from './matching.ts';

type Obj = Record<string, unknown>;

/** The parts of the write options admission needs (structurally a subset of http/write.ts WriteOptions). */
export interface AdmissionWriteOptions {
  dryRun: boolean;
  fields?: { fieldManager: string | null; fieldValidation?: string; force?: boolean };
  verb?: string;
}

function requestOptions(operation: Operation, opts: AdmissionWriteOptions): Obj {
  const patchLike = opts.verb === 'patch' || opts.verb === 'apply';
  const kind = patchLike ? 'PatchOptions' : operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions';
  const out: Obj = { kind, apiVersion: 'meta.k8s.io/v1' };
  if (opts.dryRun) out.dryRun = ['All'];
  if (opts.fields?.force !== undefined && kind === 'PatchOptions') out.force = opts.fields.force;
  if (opts.fields?.fieldManager) out.fieldManager = opts.fields.fieldManager;
  if (opts.fields?.fieldValidation) out.fieldValidation = opts.fields.fieldValidation;
  return out;
}

function metaOf(obj: Obj | null | undefined): Obj {
  const m = obj?.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as Obj) : {};
}

function attributes(ctx: RequestContext, t: ResourceTarget, operation: Operation, object: Obj | null, old: Obj | null, dryRun: boolean, options: Obj): AdmissionAttributes {
  const meta = metaOf(object ?? old);
  return {
    cluster: t.cluster,
    operation,
    resource: t.resource,
    subresource: t.subresource ?? '',
    namespace: t.resource.namespaced ? String(meta.namespace ?? t.namespace ?? '') : '',
    name: String(meta.name ?? t.name ?? ''),
    object,
    oldObject: old,
    dryRun,
    options,
    user: ctx.user,
  };
}

/** Makes `target` hold `source`'s content, keeping the identity of `target` and of its metadata object, so the
 *  caller's references stay valid. */
function replaceContents(target: Obj, source: Obj): void {
  const targetMeta = target.metadata;
  const sourceMeta = source.metadata;
  for (const k of Object.keys(target)) if (!(k in source)) delete target[k];
  for (const [k, v] of Object.entries(source)) {
    if (k === 'metadata' && targetMeta && typeof targetMeta === 'object' && sourceMeta && typeof sourceMeta === 'object') {
      replaceContents(targetMeta as Obj, sourceMeta as Obj);
      target.metadata = targetMeta;
    } else {
      target[k] = v;
    }
  }
}

function hasHooks(ctx: RequestContext, t: ResourceTarget, type: 'mutating' | 'validating'): boolean {
  const admission = ctx.state.admission;
  return admission !== undefined && admission.webhooks(t.cluster, type).length > 0;
}

/** Mutating admission of a create or update: `obj` is patched in place. `redecode` re-defaults a patched object. */
export async function admitMutation(ctx: RequestContext, t: ResourceTarget, operation: Operation, obj: Obj, old: Obj | undefined,
  opts: AdmissionWriteOptions, redecode?: (obj: Obj) => void): Promise<void> {
  if (!hasHooks(ctx, t, 'mutating')) return;
  const attrs = attributes(ctx, t, operation, obj, old ?? null, opts.dryRun, requestOptions(operation, opts));
  const result = await ctx.state.admission!.mutate(attrs, redecode);
  addWarnings(ctx.res, result.warnings);
  if (result.object === obj || !result.object) return;
  // the storage key was decided from the request: a webhook may not move the object elsewhere
  const before = metaOf(obj);
  const after = metaOf(result.object);
  if ((after.namespace ?? '') !== (before.namespace ?? '')) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if ((after.name ?? '') !== (before.name ?? '')) {
    throw badRequest(`the name of the object (${String(after.name ?? '')}) does not match the name on the request (${String(before.name ?? '')})`);
  }
  replaceContents(obj, result.object);
}

/** Validating admission of the object about to be stored. */
export async function admitValidation(ctx: RequestContext, t: ResourceTarget, operation: Operation, obj: Obj, old: Obj | undefined,
  opts: AdmissionWriteOptions): Promise<void> {
  if (!hasHooks(ctx, t, 'validating')) return;
  const attrs = attributes(ctx, t, operation, obj, old ?? null, opts.dryRun, requestOptions(operation, opts));
  addWarnings(ctx.res, await ctx.state.admission!.validate(attrs));
}

export interface AdmissionDeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DELETE goes through both webhook kinds with the stored object as oldObject and no object. */
export async function admitDelete(ctx: RequestContext, t: ResourceTarget, old: Obj, opts: AdmissionDeleteOptions): Promise<void> {
  if (!hasHooks(ctx, t, 'mutating') && !hasHooks(ctx, t, 'validating')) return;
  const options: Obj = { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' };
  if (opts.dryRun) options.dryRun = ['All'];
  if (opts.propagationPolicy) options.propagationPolicy = opts.propagationPolicy;
  if (opts.preconditions) options.preconditions = opts.preconditions;
  const attrs = attributes(ctx, t, 'DELETE', null, old, opts.dryRun === true, options);
  const admission = ctx.state.admission!;
  addWarnings(ctx.res, (await admission.mutate(attrs)).warnings);
  addWarnings(ctx.res, await admission.validate(attrs));
}
