// One server-side apply request (apply-schema.md A.7): merge the applied configuration into the live object, remove
// what the manager stopped applying, detect conflicts with other managers (409 unless forced), record ownership.
// Also kubectl's client-side-apply upgrade helpers (A.10).
import { ApiError } from '../errors.ts';
import { FieldSet, renderPath } from './fieldset.ts';
import type { ManagedEntry } from './managed.ts';
import { cleanSet, decodeManaged, encodeManaged, recordUpdate } from './managed.ts';
import { mergeApplied, removeFields } from './merge.ts';
import type { TypeNode } from './schema-model.ts';
import { appliedFieldSet, compareObjects, deepEqual, isObject, TypedError } from './typed.ts';

type Obj = Record<string, unknown>;

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyRequest {
  /** The stored object in the request's version; undefined when the apply creates it. */
  live: Obj | undefined;
  applied: Obj;
  manager: string;
  force: boolean;
  apiVersion: string;
  kind: string;
  subresource?: string;
  type: TypeNode;
  resetStatus: boolean;
  now: string;
  /** For error messages: "<ns>/<name>; <group>/<version>, Kind=<Kind>". */
  describe: string;
}

function typedFailure(describe: string, err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `failed to create typed patch object (${describe}): ${msg}`);
}

function managerLabel(e: ManagedEntry): string {
  const sub = e.subresource ? ` with subresource "${e.subresource}"` : '';
  return e.operation === 'Apply' ? `"${e.manager}"${sub}` : `"${e.manager}"${sub} using ${e.apiVersion}`;
}

/** The 409 of A.8: one cause per (manager, path), managers sorted by label. */
export function conflictError(conflicts: Map<ManagedEntry, FieldSet>): ApiError {
  const groups = [...conflicts].map(([e, set]) => ({ label: managerLabel(e), paths: set.paths().map(renderPath) }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const causes = groups.flatMap((g) => g.paths.map((p) => ({ reason: 'FieldManagerConflict', message: `conflict with ${g.label}`, field: p })));
  const message = causes.length === 1
    ? `Apply failed with 1 conflict: conflict with ${groups[0].label}: ${causes[0].field}`
    : `Apply failed with ${causes.length} conflicts: ${groups.map((g) => `conflicts with ${g.label}:\n${g.paths.map((p) => `- ${p}`).join('\n')}`).join('\n')}`;
  return new ApiError(409, 'Conflict', message, { causes });
}

function withoutBookkeeping(obj: Obj): Obj {
  const meta = isObject(obj.metadata) ? { ...obj.metadata } : {};
  delete meta.managedFields;
  delete meta.resourceVersion;
  return { ...obj, metadata: meta };
}

function liveEntries(req: ApplyRequest, live: Obj): ManagedEntry[] {
  let entries: ManagedEntry[] = [];
  try {
    entries = decodeManaged(isObject(live.metadata) ? live.metadata.managedFields : undefined);
  } catch {
    entries = [];
  }
  if (entries.length > 0 || req.live === undefined) return entries;
  // before-first-apply: everything already there belongs to a synthetic Update manager
  return recordUpdate([], undefined, live, {
    manager: 'before-first-apply', apiVersion: req.apiVersion, subresource: req.subresource, now: req.now, type: req.type,
    resetStatus: req.resetStatus,
  });
}

/** Which conflicts kubectl's last-applied annotation forgives (A.10): fields it set that nobody changed since. */
function forgiven(req: ApplyRequest, live: Obj): FieldSet | undefined {
  if (req.manager !== 'kubectl') return undefined;
  const annotations = isObject(live.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  const text = annotations[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const last = JSON.parse(text) as unknown;
    if (!isObject(last) || last.apiVersion !== req.apiVersion) return undefined;
    const cmp = compareObjects(last, live, req.type);
    return appliedFieldSet(last, req.type).difference(cmp.modified.union(cmp.added).union(cmp.removed));
  } catch {
    return undefined;
  }
}

/** Compact JSON with object keys sorted, as kubectl writes last-applied-configuration. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function syncLastApplied(req: ApplyRequest, merged: Obj): void {
  if (req.manager !== 'kubectl' || !isObject(merged.metadata) || !isObject(merged.metadata.annotations)) return;
  const annotations = merged.metadata.annotations;
  if (typeof annotations[LAST_APPLIED] !== 'string' || annotations[LAST_APPLIED] === '') return;
  const config = structuredClone(req.applied);
  if (isObject(config.metadata) && isObject(config.metadata.annotations)) delete config.metadata.annotations[LAST_APPLIED];
  merged.metadata = { ...merged.metadata, annotations: { ...annotations, [LAST_APPLIED]: sortedJson(config) } };
}

/** Runs the apply; returns the object to store (managedFields set). Throws 409 on conflicts, 500 on typing errors. */
export function serverSideApply(req: ApplyRequest): Obj {
  const live: Obj = req.live ?? { apiVersion: req.apiVersion, kind: req.kind };
  const entries = liveEntries(req, live);
  let appliedSet: FieldSet;
  let merged: Obj;
  try {
    appliedSet = cleanSet(appliedFieldSet(req.applied, req.type), req.resetStatus, req.subresource);
    merged = mergeApplied(live, req.applied, req.type);
  } catch (err) {
    if (err instanceof TypedError) throw typedFailure(req.describe, err);
    throw err;
  }
  const isMine = (e: ManagedEntry): boolean => e.operation === 'Apply' && e.manager === req.manager && (e.subresource ?? '') === (req.subresource ?? '');
  const previous = entries.find(isMine);
  const others = entries.filter((e) => !isMine(e));

  // fields this manager stopped applying go, unless someone (it included) still owns them
  const owned = appliedSet.clone();
  for (const e of others) owned.addAll(e.set);
  if (previous) removeFields(merged, previous.set.difference(appliedSet).difference(owned), owned, req.type);

  const cmp = compareObjects(live, merged, req.type);
  const changed = cleanSet(cmp.modified.union(cmp.added), req.resetStatus, req.subresource);
  const conflicts = new Map<ManagedEntry, FieldSet>();
  for (const e of others) {
    const c = e.set.intersection(changed);
    if (!c.isEmpty()) conflicts.set(e, c);
  }
  if (conflicts.size > 0 && !req.force) {
    const allowed = forgiven(req, live);
    const remaining = new Map<ManagedEntry, FieldSet>();
    for (const [e, c] of conflicts) {
      const left = allowed ? c.difference(allowed) : c;
      if (!left.isEmpty()) remaining.set(e, left);
    }
    if (remaining.size > 0) throw conflictError(remaining);
  }
  const removed = cmp.removed;
  const next: ManagedEntry[] = others.map((e) => {
    const c = conflicts.get(e);
    let set = c ? e.set.difference(c) : e.set;
    if (!removed.isEmpty()) set = set.difference(removed);
    return set === e.set ? e : { ...e, set };
  });
  const unchanged = deepEqual(withoutBookkeeping(live), withoutBookkeeping(merged));
  const mine: ManagedEntry = { manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion, set: appliedSet };
  if (req.subresource) mine.subresource = req.subresource;
  const time = unchanged ? previous?.time : req.now;
  if (time !== undefined) mine.time = time;
  next.push(mine);
  syncLastApplied(req, merged);
  const meta: Obj = isObject(merged.metadata) ? { ...merged.metadata } : {};
  const encoded = encodeManaged(next);
  if (encoded) meta.managedFields = encoded;
  else delete meta.managedFields;
  merged.metadata = meta;
  return merged;
}

export { FieldSet };
