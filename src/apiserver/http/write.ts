// Create and update (PUT), including the /status, /approval and /finalize subresources. Patch and apply reuse
// createObject/updateObject after computing the new object.
import { alreadyExists, ApiError, badRequest, conflict, forbidden, invalid, methodNotAllowed, notFound } from '../errors.ts';
import { validateObjectMeta } from '../validation.ts';
import { terminatingNamespaceMessage } from '../lifecycle/namespace.ts';
import type { StoredObject } from '../storage/types.ts';
import type { WriteContext } from '../registry/types.ts';
import { ClusterCatalog } from '../registry/catalog.ts';
import { decodeObjectBody, readBody } from './body.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { persistUpdate } from './lifecycle-glue.ts';
import {
  asObj, bodyRevision, checkNamespace, checkTypeMeta, generateName, metaOf, nowRfc3339, qualifiedResource, sameContent,
  stampCreate, stampUpdate, statusOnly,
} from './objects.ts';
import type { Obj } from './objects.ts';
import { objectKey, servedJson, servedObject } from './read.ts';
import { sendText } from './respond.ts';
import { answerReview } from './reviews.ts';
import { storageError } from './store-errors.ts';
import { parseFieldOptions, trackUpdate } from '../apply/request.ts';
import type { FieldOptions, OptionsKind } from '../apply/request.ts';
import { checkCrdOpen, decodeForWrite } from '../registry/schema-hooks.ts';
import { admitMutation, admitValidation } from '../admission/write-glue.ts';
import type { WriteVerb } from '../registry/schema-hooks.ts';

export interface WriteOptions {
  dryRun: boolean;
  /** fieldManager / fieldValidation / force of the request (server-side apply and schema enforcement). */
  fields?: FieldOptions;
  /** Which verb produced the object (decides how unknown fields are reported); 'create'/'update' when absent. */
  verb?: WriteVerb;
  /** Server-side apply already computed metadata.managedFields. */
  managedFieldsSet?: boolean;
}

export function writeOptions(query: URLSearchParams, kind: OptionsKind = 'CreateOptions'): WriteOptions {
  const dry = query.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  return { dryRun: dry.length > 0, fields: parseFieldOptions(query, kind) };
}

/** Prune + default of custom resources (C.5), unless the server runs without schema enforcement. */
function decodeSchema(ctx: RequestContext, t: ResourceTarget, obj: Obj, opts: WriteOptions, verb: WriteVerb): void {
  if (!ctx.state.hooks.schemaEnforcement || !t.resource.crd) return;
  decodeForWrite(ctx.res, t.resource, obj, opts.fields?.fieldValidation ?? 'Warn', opts.verb ?? verb);
}

/** metadata.managedFields of a non-apply write (A.9). */
function trackFields(ctx: RequestContext, t: ResourceTarget, old: Obj | undefined, next: Obj, opts: WriteOptions, now: string): void {
  if (opts.managedFieldsSet) return;
  trackUpdate(old, next, {
    resource: t.resource, subresource: t.subresource, fieldManager: opts.fields?.fieldManager ?? null,
    userAgent: ctx.req.headers['user-agent'], now,
  });
}

/** apiVersion, kind and metadata first, so list assembly can recognise the apiVersion by prefix. */
function ordered(obj: Obj): Obj {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return { apiVersion, kind, metadata, ...rest };
}

function writeContext(ctx: RequestContext, t: ResourceTarget): WriteContext {
  return { cluster: t.cluster, resource: t.resource, now: nowRfc3339(), user: ctx.user, subresource: t.subresource };
}

/** Namespaced writes need a live namespace: 404 when missing, 403 while it terminates. */
function checkNamespaceOpen(ctx: RequestContext, t: ResourceTarget, namespace: string, name: string): void {
  if (!t.resource.namespaced) return;
  const state = ctx.state.namespaces.state(t.cluster, namespace);
  if (state === 'missing') throw notFound('namespaces', namespace);
  if (state === 'terminating') throw forbidden(qualifiedResource(t.resource), name, terminatingNamespaceMessage(namespace));
}

export interface WriteResult {
  code: number;
  json: string;
}

export async function createObject(ctx: RequestContext, t: ResourceTarget, obj: Obj, opts: WriteOptions): Promise<WriteResult> {
  const r = t.resource;
  checkTypeMeta(obj, r);
  if (ClusterCatalog.isReview(r)) {
    const security = ctx.state.security;
    const answer = security && ctx.user
      ? security.answerReview(obj, { cluster: t.cluster, namespace: t.namespace, user: ctx.user })
      : answerReview(obj, ctx.user);
    return { code: 201, json: JSON.stringify(answer) };
  }
  decodeSchema(ctx, t, obj, opts, 'create');
  checkNamespace(obj, r, t.namespace);
  const meta = metaOf(obj);
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = generateName(meta.generateName);
  const name = typeof meta.name === 'string' ? meta.name : '';
  // kube's namespace lifecycle admission runs before validation: a missing namespace is a 404 whatever the body
  checkNamespaceOpen(ctx, t, String(meta.namespace ?? ''), name);
  checkCrdOpen(ctx.state.store, t.cluster, r, name);
  // mutating admission webhooks (src/apiserver/admission): patch `obj` in place, re-decoded like the request body
  await admitMutation(ctx, t, 'CREATE', obj, undefined, opts, (o) => decodeSchema(ctx, t, o, opts, 'create'));
  const wctx = writeContext(ctx, t);
  const causes = validateObjectMeta(meta, { namespaced: r.namespaced, kind: r.kind, group: r.group, isCreate: true });
  if (causes.length === 0) {
    stampCreate(obj, r, wctx.now);
    ctx.state.hooks.prepareCreate(obj, wctx);
    trackFields(ctx, t, undefined, obj, opts, wctx.now);
    causes.push(...ctx.state.hooks.validate(obj, undefined, wctx));
  }
  if (causes.length > 0) throw invalid(r.kind, r.group, name, causes);
  await admitValidation(ctx, t, 'CREATE', obj, undefined, opts);
  const stored = ordered(obj);
  const key = objectKey({ ...t, namespace: String(meta.namespace ?? '') }, name);
  if (opts.dryRun) {
    if (ctx.state.store.get(key)) throw alreadyExists(qualifiedResource(r), name);
    return { code: 201, json: JSON.stringify(stored) };
  }
  try {
    return { code: 201, json: ctx.state.store.create(key, stored).json };
  } catch (err) {
    throw storageError(err, r, name);
  }
}

export async function handleCreate(ctx: RequestContext, t: ResourceTarget): Promise<void> {
  if (t.name !== undefined) throw methodNotAllowed();
  const opts = writeOptions(ctx.query);
  const obj = await decodeObjectBody(ctx.req.headers['content-type'], await readBody(ctx.req));
  const result = await createObject(ctx, t, obj, opts);
  sendText(ctx.res, result.code, result.json);
}

/** The object a subresource write produces from the stored object and the request body. */
function applySubresource(sub: string | undefined, incoming: Obj, old: Obj, t: ResourceTarget): Obj {
  if (sub === undefined) {
    stampUpdate(incoming, old, t.resource);
    return incoming;
  }
  if (sub === 'status') return statusOnly(incoming, old);
  if (sub === 'approval' && t.resource.kind === 'CertificateSigningRequest') {
    // approval changes only the Approved/Denied/Failed conditions
    const next = structuredClone(old);
    const conditions = Array.isArray(asObj(incoming.status).conditions) ? (asObj(incoming.status).conditions as unknown[]) : [];
    next.status = { ...asObj(old.status), conditions };
    return next;
  }
  if (sub === 'finalize' && t.resource.kind === 'Namespace' && t.resource.group === '') {
    const next = structuredClone(old);
    next.spec = { ...asObj(old.spec), finalizers: asObj(incoming.spec).finalizers ?? [] };
    return next;
  }
  throw notFound(qualifiedResource(t.resource), `${t.name}/${sub}`);
}

/** Writes `incoming` over the stored object `old` (through the target's subresource, if any). */
export async function updateObject(ctx: RequestContext, t: ResourceTarget, name: string, old: StoredObject, incoming: Obj, opts: WriteOptions): Promise<WriteResult> {
  const r = t.resource;
  checkTypeMeta(incoming, r);
  decodeSchema(ctx, t, incoming, opts, 'update');
  checkNamespace(incoming, r, t.namespace);
  const meta = metaOf(incoming);
  if (meta.name === undefined || meta.name === '') meta.name = name;
  if (meta.name !== name) {
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  }
  const expected = bodyRevision(incoming, r, name);
  if (expected === undefined && r.crd) {
    // custom resources do not allow unconditional updates (kube's AllowUnconditionalUpdate is false for them)
    throw invalid(r.kind, r.group, name, [
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' },
    ]);
  }
  if (expected !== undefined && expected !== old.revision) throw conflict(qualifiedResource(r), name);
  const oldObj = servedObject(old, r);
  await admitMutation(ctx, t, 'UPDATE', incoming, oldObj, opts, (o) => decodeSchema(ctx, t, o, opts, 'update'));
  const wctx = writeContext(ctx, t);
  const next = applySubresource(t.subresource, incoming, oldObj, t);
  // a subresource write keeps the stored metadata, except the ownership an apply through it computed
  if (opts.managedFieldsSet && next !== incoming) metaOf(next).managedFields = metaOf(incoming).managedFields;
  const causes = validateObjectMeta(metaOf(next), { namespaced: r.namespaced, kind: r.kind, group: r.group, isCreate: false });
  if (t.subresource === undefined) ctx.state.hooks.prepareUpdate(next, oldObj, wctx);
  trackFields(ctx, t, oldObj, next, opts, wctx.now);
  causes.push(...ctx.state.hooks.validate(next, oldObj, wctx));
  if (causes.length > 0) throw invalid(r.kind, r.group, name, causes);
  metaOf(next).resourceVersion = String(old.revision);
  await admitValidation(ctx, t, 'UPDATE', next, oldObj, opts);
  const sameFields = JSON.stringify(metaOf(next).managedFields) === JSON.stringify(asObj(oldObj.metadata).managedFields);
  if (sameFields && sameContent(next, oldObj)) return { code: 200, json: servedJson(old, r) };
  const stored = ordered(next);
  if (opts.dryRun) return { code: 200, json: JSON.stringify(stored) };
  try {
    return { code: 200, json: persistUpdate(ctx.state.store, objectKey(t, name), stored, old.revision).json };
  } catch (err) {
    throw storageError(err, r, name);
  }
}

/** Kinds whose kube strategy allows create-on-update: a PUT of a missing object creates it (201). */
const CREATE_ON_UPDATE = new Set(['/Event', '/Service', '/LimitRange', 'coordination.k8s.io/Lease', 'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding']);

export async function handleUpdate(ctx: RequestContext, t: ResourceTarget, name: string): Promise<void> {
  const opts = writeOptions(ctx.query, 'UpdateOptions');
  const incoming = await decodeObjectBody(ctx.req.headers['content-type'], await readBody(ctx.req));
  const old = ctx.state.store.get(objectKey(t, name));
  if (!old && t.subresource === undefined && CREATE_ON_UPDATE.has(`${t.resource.group}/${t.resource.kind}`)) {
    const meta = metaOf(incoming);
    if (meta.name === undefined) meta.name = name;
    if (meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    const created = await createObject(ctx, t, incoming, opts);
    sendText(ctx.res, created.code, created.json);
    return;
  }
  if (!old) throw notFound(qualifiedResource(t.resource), name);
  // admission webhooks are awaited, so the object may change meanwhile: an update that does not pin a
  // resourceVersion is retried on the new state (as kube's GuaranteedUpdate does) instead of failing with a conflict
  const rv = metaOf(incoming).resourceVersion;
  const pinned = rv !== undefined && rv !== null && rv !== '';
  for (let attempt = 1, current = old; ; attempt++) {
    try {
      const result = await updateObject(ctx, t, name, current, pinned ? incoming : structuredClone(incoming), opts);
      sendText(ctx.res, result.code, result.json);
      return;
    } catch (err) {
      const now = ctx.state.store.get(objectKey(t, name));
      if (pinned || attempt >= 5 || !(err instanceof ApiError) || err.code !== 409 || !now || now.revision === current.revision) throw err;
      current = now;
    }
  }
}
