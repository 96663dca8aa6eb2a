// GET of one object and of collections. Plain JSON lists are assembled from the stored JSON text without parsing it,
// which is what makes a 10,000-item list cheap; selectors and Tables parse.
import { badRequest, notFound } from '../errors.ts';
import { checkFieldSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, supportedFieldLabels } from '../selectors.ts';
import type { FieldSelector, LabelSelector } from '../selectors.ts';
import type { ServedResource } from '../registry/types.ts';
import type { ObjectKey, StoredObject } from '../storage/types.ts';
import type { RequestContext, ResourceTarget } from './context.ts';
import { apiVersionOf, qualifiedResource } from './objects.ts';
import type { Obj } from './objects.ts';
import { sendJson, sendText } from './respond.ts';
import { renderTable, tableRequest } from './table-view.ts';
import { storageError } from './store-errors.ts';

export function objectKey(t: ResourceTarget, name: string): ObjectKey {
  return { cluster: t.cluster, group: t.resource.group, resource: t.resource.plural, namespace: t.resource.namespaced ? t.namespace : '', name };
}

/** The stored JSON, served through the requested version (same group, no conversion: only apiVersion differs). */
export function servedJson(stored: StoredObject, r: ServedResource): string {
  const head = `{"apiVersion":"${apiVersionOf(r)}"`;
  if (stored.json.startsWith(head)) return stored.json;
  const obj = JSON.parse(stored.json) as Obj;
  if (obj.apiVersion === apiVersionOf(r)) return stored.json;
  return JSON.stringify({ ...obj, apiVersion: apiVersionOf(r) });
}

export function servedObject(stored: StoredObject, r: ServedResource): Obj {
  const obj = JSON.parse(stored.json) as Obj;
  obj.apiVersion = apiVersionOf(r);
  return obj;
}

export function getStored(ctx: RequestContext, t: ResourceTarget, name: string): StoredObject {
  const found = ctx.state.store.get(objectKey(t, name));
  if (!found) throw notFound(qualifiedResource(t.resource), name);
  return found;
}

export function handleGet(ctx: RequestContext, t: ResourceTarget, name: string): void {
  const stored = getStored(ctx, t, name);
  const table = tableRequest(ctx.req.headers.accept, ctx.query);
  if (table) {
    const obj = servedObject(stored, t.resource);
    sendJson(ctx.res, 200, renderTable(t.resource, [obj], table, { resourceVersion: String(stored.revision) }));
    return;
  }
  sendText(ctx.res, 200, servedJson(stored, t.resource));
}

export interface Selectors {
  labels?: LabelSelector;
  fields?: FieldSelector;
}

export function parseSelectors(query: URLSearchParams, r: ServedResource): Selectors {
  const out: Selectors = {};
  const l = query.get('labelSelector');
  const f = query.get('fieldSelector');
  if (l) out.labels = parseLabelSelector(l);
  if (f) {
    out.fields = parseFieldSelector(f);
    checkFieldSelector(out.fields, supportedFieldLabels(r.group, r.kind, r.crd?.selectableFields ?? []));
  }
  return out;
}

export function matchesSelectors(sel: Selectors, obj: Obj): boolean {
  if (sel.labels && sel.labels.length > 0) {
    const labels = (obj.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
    if (!matchesLabels(sel.labels, labels)) return false;
  }
  if (sel.fields && sel.fields.length > 0 && !matchesFields(sel.fields, obj)) return false;
  return true;
}

function parseLimit(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`limit: Invalid value: "${raw}": must be a non-negative integer`);
  return n === 0 ? undefined : n;
}

/** An exact `metadata.name=X` field selector lets a list read one row instead of scanning. */
function singleName(sel: Selectors): string | undefined {
  if (!sel.fields || sel.fields.length !== 1 || (sel.labels && sel.labels.length > 0)) return undefined;
  const f = sel.fields[0];
  return f.field === 'metadata.name' && f.op !== '!=' ? f.value : undefined;
}

export interface MatchingObjects {
  objects: Obj[];
  revision: number;
}

/** Every object under the target that passes the selectors, parsed. */
export function listMatching(ctx: RequestContext, t: ResourceTarget, sel: Selectors): MatchingObjects {
  const store = ctx.state.store;
  const name = singleName(sel);
  if (name !== undefined && (t.namespace !== '' || !t.resource.namespaced)) {
    const found = store.get(objectKey(t, name));
    return { objects: found ? [servedObject(found, t.resource)] : [], revision: store.currentRevision() };
  }
  const result = store.list({ cluster: t.cluster, group: t.resource.group, resource: t.resource.plural, namespace: t.namespace || undefined });
  const objects: Obj[] = [];
  for (const item of result.items) {
    const obj = servedObject(item, t.resource);
    if (matchesSelectors(sel, obj)) objects.push(obj);
  }
  return { objects, revision: result.revision };
}

export function handleList(ctx: RequestContext, t: ResourceTarget): void {
  const r = t.resource;
  const sel = parseSelectors(ctx.query, r);
  const table = tableRequest(ctx.req.headers.accept, ctx.query);
  const limit = parseLimit(ctx.query);
  const hasSelectors = (sel.labels?.length ?? 0) > 0 || (sel.fields?.length ?? 0) > 0;
  if (!hasSelectors) {
    let result;
    try {
      result = ctx.state.store.list(
        { cluster: t.cluster, group: r.group, resource: r.plural, namespace: t.namespace || undefined },
        { limit, continue: ctx.query.get('continue') || undefined },
      );
    } catch (err) {
      throw storageError(err, r, '');
    }
    const listMeta: Obj = { resourceVersion: String(result.revision) };
    if (result.continue) listMeta.continue = result.continue;
    if (result.remainingItemCount !== undefined && result.continue) listMeta.remainingItemCount = result.remainingItemCount;
    if (table) {
      const objects = result.items.map((i) => servedObject(i, r));
      sendJson(ctx.res, 200, renderTable(r, objects, table, listMeta));
      return;
    }
    const head = `{"kind":"${r.listKind}","apiVersion":"${apiVersionOf(r)}","metadata":${JSON.stringify(listMeta)},"items":[`;
    const parts = new Array<string>(result.items.length);
    for (let i = 0; i < result.items.length; i++) parts[i] = servedJson(result.items[i], r);
    sendText(ctx.res, 200, `${head}${parts.join(',')}]}`);
    return;
  }
  const { objects, revision } = listMatching(ctx, t, sel);
  const listMeta: Obj = { resourceVersion: String(revision) };
  if (table) {
    sendJson(ctx.res, 200, renderTable(r, objects, table, listMeta));
    return;
  }
  sendJson(ctx.res, 200, { kind: r.listKind, apiVersion: apiVersionOf(r), metadata: listMeta, items: objects });
}
