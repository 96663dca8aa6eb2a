// Kubernetes strategic merge patch (k8s.io/apimachinery strategicpatch, as the apiserver applies it:
// parallel deletion lists merged, unmatched nulls ignored). Semantics: apply-schema.md Part B.
import { ApiError, badRequest, internalError } from '../../errors.ts';
import { deepEqual, isJsonObject, type JsonObject } from './json-values.ts';
import type { PatchMeta } from './patch-meta.ts';

export { patchMetaFor, type PatchMeta } from './patch-meta.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList';

/** Errors carry the HTTP mapping kube's interpretStrategicMergePatchError gives them. */
class SmpError extends Error {
  readonly code: 400 | 422 | 500;
  constructor(code: 400 | 422 | 500, message: string) { super(message); this.code = code; }
}
const BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
const BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const BAD_SET_ORDER = 'invalid patch format of setElementOrder list';
const LIST_OF_LISTS = 'lists of lists are not supported';

/** Go's %v rendering, used in upstream error texts. */
function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isJsonObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goString(v[k])}`).join(' ')}]`;
  return String(v);
}

const noMergeKey = (m: unknown, key: string): SmpError =>
  new SmpError(500, `map: ${goString(m)} does not contain declared merge key: ${key}`);

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw new SmpError(400, prefix === DELETE_PRIMITIVE ? BAD_PRIMITIVE_LIST : BAD_SET_ORDER);
  }
  return key.slice(slash + 1);
}

const isDirectiveKey = (k: string): boolean =>
  k === RETAIN_KEYS || k.startsWith(`${SET_ORDER}/`) || k.startsWith(`${DELETE_PRIMITIVE}/`);

/** Drops objects carrying `$patch` and strips the other directive keys (upstream removeDirectives). */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) { const r = removeDirectives(item); if (r.keep) out.push(r.value); }
    return { value: out, keep: true };
  }
  if (isJsonObject(v)) {
    if (DIRECTIVE in v) return { value: undefined, keep: false };
    const out: JsonObject = {};
    for (const [k, child] of Object.entries(v)) {
      if (isDirectiveKey(k)) continue;
      const r = removeDirectives(child);
      if (r.keep) out[k] = r.value;
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

function discardNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = discardNulls(child);
    return out;
  }
  return v;
}

/** A value added where the original had nothing: nulls and directives have nothing to act on. */
function fresh(v: unknown): { value: unknown; keep: boolean } {
  return removeDirectives(discardNulls(v));
}

/** A list item appended by a keyed merge: directive keys dropped, nulls discarded. */
function freshItem(v: unknown): unknown {
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, child] of Object.entries(v)) {
    if (k === DIRECTIVE || isDirectiveKey(k) || child === null) continue;
    out[k] = isJsonObject(child) || Array.isArray(child) ? (fresh(child).value ?? child) : child;
  }
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function listStrategy(meta: PatchMeta | undefined): { merge: boolean; mergeKey: string } {
  const parts = (meta?.strategy ?? '').split(',');
  return { merge: parts.includes('merge'), mergeKey: meta?.mergeKey ?? '' };
}

function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): JsonObject {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      const out = { ...patch };
      delete out[DIRECTIVE];
      return out;
    }
    if (directive === 'delete') return {};
    throw new SmpError(500, `unknown patch type: ${goString(directive)} in map: ${goString(patch)}`);
  }
  const out: JsonObject = { ...original };
  const work: JsonObject = { ...patch };
  if (RETAIN_KEYS in work) {
    const keep = work[RETAIN_KEYS];
    delete work[RETAIN_KEYS];
    if (!Array.isArray(keep) || keep.some((k) => typeof k !== 'string')) throw new SmpError(400, BAD_RETAIN_KEYS);
    for (const k of Object.keys(out)) if (!keep.includes(k)) delete out[k];
  }
  applySetElementOrder(out, work, meta);

  for (const [rawKey, patchValue] of Object.entries(work)) {
    if (rawKey.startsWith(`${SET_ORDER}/`) || rawKey === SET_ORDER) continue;
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PRIMITIVE)) {
      key = extractKey(rawKey, DELETE_PRIMITIVE);
      isDeleteList = true;
    }
    if (patchValue === null) { delete out[key]; continue; }
    if (!(key in out) || typeOf(out[key]) !== typeOf(patchValue)) {
      if (!isDeleteList) {
        const r = fresh(patchValue);
        if (r.keep) out[key] = r.value;
      }
      continue;
    }
    const childMeta = meta?.fields?.[key];
    const current = out[key];
    if (isJsonObject(current) && isJsonObject(patchValue)) {
      out[key] = childMeta?.strategy === 'replace' ? patchValue : mergeMap(current, patchValue, childMeta);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      const { merge, mergeKey } = listStrategy(childMeta);
      if (merge || isDeleteList) setMergedList(out, key, current, mergeSlice(current, patchValue, childMeta?.items, mergeKey, isDeleteList));
      else out[key] = patchValue;
    } else {
      out[key] = patchValue;
    }
  }
  return out;
}

/** A merge that empties a list removes the field, as kube's typed re-serialization (omitempty) does. */
function setMergedList(out: JsonObject, key: string, before: unknown[], merged: unknown[]): void {
  if (merged.length === 0 && before.length > 0) delete out[key];
  else out[key] = merged;
}

function elementKind(...lists: unknown[][]): 'map' | 'scalar' | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = typeOf(v);
      if (t === 'array') throw new SmpError(422, LIST_OF_LISTS);
      if (kind === undefined) kind = t;
      else if (kind !== t) throw new SmpError(500, `list element types are not identical: ${goString(lists)}`);
    }
  }
  if (kind === undefined) return undefined;
  return kind === 'object' ? 'map' : 'scalar';
}

function keyOf(item: unknown, mergeKey: string): unknown {
  if (!isJsonObject(item) || !(mergeKey in item)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: 'map' | 'scalar'): number {
  if (kind === 'map') {
    const k = keyOf(item, mergeKey);
    return list.findIndex((x) => isJsonObject(x) && deepEqual(x[mergeKey], k));
  }
  return list.findIndex((x) => deepEqual(x, item));
}

function mergeSlice(original: unknown[], patch: unknown[], itemMeta: PatchMeta | undefined, mergeKey: string,
  isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch) ?? 'scalar';
  let merged: unknown[];
  let patchItems = patch;
  if (kind === 'scalar' || isDeleteList) {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => deepEqual(d, v)));
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => deepEqual(m, v))) merged.push(v);
  } else {
    if (!mergeKey) throw new SmpError(500, 'cannot merge lists without merge key');
    let base = original;
    const plain: unknown[] = [];
    let replace = false;
    for (const item of patch) {
      const m = item as JsonObject;
      if (!(DIRECTIVE in m)) { plain.push(item); continue; }
      const directive = m[DIRECTIVE];
      if (directive === 'delete') {
        if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
        base = base.filter((o) => !(isJsonObject(o) && deepEqual(o[mergeKey], m[mergeKey])));
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        throw new SmpError(500, 'merging lists cannot yet be specified in the patch');
      } else {
        throw new SmpError(500, `unknown patch type: ${goString(directive)} in map: ${goString(m)}`);
      }
    }
    if (replace) { base = plain.map(freshItem); patchItems = []; } else { patchItems = plain; }
    merged = [...base];
    for (const item of patchItems) {
      const k = keyOf(item, mergeKey);
      const at = merged.findIndex((o) => isJsonObject(o) && deepEqual(o[mergeKey], k));
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item as JsonObject, itemMeta);
      else merged.push(freshItem(item));
    }
    original = base;
  }
  const inPatch = (v: unknown): boolean => indexIn(patchItems, v, mergeKey, kind) >= 0;
  return normalizeOrder(merged.filter(inPatch), merged.filter((v) => !inPatch(v)), patchItems, original, mergeKey, kind);
}

function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: 'map' | 'scalar'): unknown[] {
  const pos = (v: unknown): number => { const i = indexIn(order, v, mergeKey, kind); return i < 0 ? Number.MAX_SAFE_INTEGER : i; };
  return items.map((v, i) => ({ v, i, p: pos(v) })).sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.v);
}

/** B.4: patch items in patch order, server-only items in live order, interleaved by live positions. */
function normalizeOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[],
  mergeKey: string, kind: 'map' | 'scalar'): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) { out.push(right[j++]); continue; }
    if (j >= right.length) { out.push(left[i++]); continue; }
    const li = indexIn(serverOrder, left[i], mergeKey, kind);
    const ri = indexIn(serverOrder, right[j], mergeKey, kind);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return out;
}

function checkPatchAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? patchList.filter((p) => !(isJsonObject(p) && p[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isJsonObject(items[p]) && DIRECTIVE in (items[p] as JsonObject)) { p++; continue; }
    const same = mergeKey ? deepEqual(keyOf(items[p], mergeKey), keyOf(order[o], mergeKey)) : deepEqual(items[p], order[o]);
    if (same) p++;
    o++;
  }
  if (p < items.length) {
    throw new SmpError(500, `The order in patch list:\n${goString(patchList)}\n doesn't match ${SET_ORDER} list:\n${goString(order)}\n`);
  }
}

/** `$setElementOrder/<list>` directives: merge that list now and impose the given order. */
function applySetElementOrder(out: JsonObject, work: JsonObject, meta: PatchMeta | undefined): void {
  for (const key of Object.keys(work)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = work[key];
    const field = extractKey(key, SET_ORDER);
    if (!Array.isArray(order)) throw new SmpError(400, BAD_SET_ORDER);
    const hasOriginal = field in out && out[field] !== null;
    const hasPatch = field in work && work[field] !== null;
    const originalList = hasOriginal ? out[field] : [];
    const patchList = hasPatch ? work[field] : [];
    if (!Array.isArray(originalList) || !Array.isArray(patchList)) throw new SmpError(400, BAD_SET_ORDER);
    const childMeta = meta?.fields?.[field];
    const { merge, mergeKey } = listStrategy(childMeta);
    checkPatchAgainstOrder(patchList, order, mergeKey);
    let merged: unknown[];
    if (hasOriginal && !hasPatch) merged = originalList;
    else if (!hasOriginal && hasPatch) merged = fresh(patchList).value as unknown[];
    else if (hasOriginal && hasPatch) merged = merge ? mergeSlice(originalList, patchList, childMeta?.items, mergeKey, false) : patchList;
    else continue;
    const kind = elementKind(originalList, patchList) ?? 'scalar';
    if (kind === 'map' && mergeKey) for (const o of order) keyOf(o, mergeKey);
    const inOrder = (v: unknown): boolean => indexIn(order, v, mergeKey, kind) >= 0;
    setMergedList(out, field, originalList,
      normalizeOrder(merged.filter(inOrder), merged.filter((v) => !inOrder(v)), order, originalList, mergeKey, kind));
    delete work[field];
  }
}

/** Applies a strategic merge patch to a copy of `document`. Errors are ApiErrors with kube's codes. */
export function applyStrategicMergePatch(document: unknown, patch: unknown, meta: PatchMeta): unknown {
  if (!isJsonObject(patch)) {
    throw badRequest(`json: cannot unmarshal ${typeOf(patch) === 'array' ? 'array' : typeOf(patch)} into Go value of type map[string]interface {}`);
  }
  const original = isJsonObject(document) ? (structuredClone(document) as JsonObject) : {};
  try {
    const merged = mergeMap(original, structuredClone(patch) as JsonObject, meta);
    return merged;
  } catch (err) {
    if (!(err instanceof SmpError)) throw err;
    if (err.code === 400) throw badRequest(err.message);
    if (err.code === 422) {
      throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
        causes: [{ reason: 'UnexpectedServerResponse', message: err.message, field: '' }],
      });
    }
    throw internalError(err.message);
  }
}
