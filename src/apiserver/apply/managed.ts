// metadata.managedFields: decoding and encoding the entries, their identity and order, the fields never tracked, the
// reset fields of a subresource, and the bookkeeping of non-apply writes (apply-schema.md A.2, A.9).
import { decodeFields, encodeFields, FieldSet } from './fieldset.ts';
import type { TypeNode } from './schema-model.ts';
import { compareObjects, isObject } from './typed.ts';

type Obj = Record<string, unknown>;

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** metadata fields never recorded in any set (apiVersion and kind are not either). */
const STRIPPED_META = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']
  .map((f) => `f:${f}`);

/** What a manager's set may hold: no stripped meta, no reset fields of the endpoint written through. */
export function cleanSet(set: FieldSet, resetStatus: boolean, subresource: string | undefined): FieldSet {
  return stripInPlace(set.clone(), resetStatus, subresource);
}

/** cleanSet for a set nobody else holds (mutates and returns it). */
export function stripInPlace(out: FieldSet, resetStatus: boolean, subresource: string | undefined): FieldSet {
  for (const pe of ['f:apiVersion', 'f:kind', 'f:metadata']) out.members.delete(pe);
  out.children.delete('f:apiVersion');
  out.children.delete('f:kind');
  const meta = out.children.get('f:metadata');
  if (meta) {
    for (const pe of STRIPPED_META) {
      meta.members.delete(pe);
      meta.children.delete(pe);
    }
    if (meta.isEmpty()) out.children.delete('f:metadata');
  }
  const reset = subresource === 'status' ? 'f:spec' : resetStatus ? 'f:status' : undefined;
  if (reset) {
    out.members.delete(reset);
    out.children.delete(reset);
  }
  return out;
}

const sameIdentity = (a: ManagedEntry, b: Omit<ManagedEntry, 'set'>): boolean =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '')
  && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);

/** Entries from an object's metadata; throws when one does not decode (callers then use the live list). */
export function decodeManaged(value: unknown): ManagedEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('managedFields must be a list');
  const out: ManagedEntry[] = [];
  for (const raw of value) {
    if (!isObject(raw)) throw new Error('managedFields entry must be an object');
    if (Object.keys(raw).length === 0) continue;
    const op = raw.operation;
    if (op !== 'Apply' && op !== 'Update') throw new Error('bad operation');
    if (typeof raw.apiVersion !== 'string' || raw.apiVersion === '') throw new Error('empty apiVersion');
    if (raw.fieldsType !== undefined && raw.fieldsType !== 'FieldsV1') throw new Error('fieldsType must be FieldsV1');
    const entry: ManagedEntry = {
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation: op,
      apiVersion: raw.apiVersion,
      set: raw.fieldsV1 === undefined ? new FieldSet() : decodeFields(raw.fieldsV1),
    };
    if (typeof raw.time === 'string' && raw.time) entry.time = raw.time;
    if (typeof raw.subresource === 'string' && raw.subresource) entry.subresource = raw.subresource;
    out.push(entry);
  }
  return out;
}

function compareEntries(a: ManagedEntry, b: ManagedEntry): number {
  if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
  const ta = a.time ?? '';
  const tb = b.time ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  for (const [x, y] of [[a.manager, b.manager], [a.apiVersion, b.apiVersion], [a.subresource ?? '', b.subresource ?? '']]) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const MAX_UPDATE_ENTRIES = 10;

/** Folds the oldest Update entries into one "ancient-changes" bucket per apiVersion when there are too many. */
function capUpdates(entries: ManagedEntry[]): ManagedEntry[] {
  let updates = entries.filter((e) => e.operation === 'Update');
  if (updates.length <= MAX_UPDATE_ENTRIES) return entries;
  const rest = entries.filter((e) => e.operation !== 'Update');
  updates = [...updates].sort(compareEntries);
  const isBucket = (e: ManagedEntry): boolean => e.manager === 'ancient-changes' && !e.subresource;
  while (updates.length > MAX_UPDATE_ENTRIES) {
    const at = updates.findIndex((e) => !isBucket(e));
    if (at < 0) break;
    const [oldest] = updates.splice(at, 1);
    let bucket = updates.find((e) => isBucket(e) && e.apiVersion === oldest.apiVersion);
    if (!bucket) {
      bucket = { manager: 'ancient-changes', operation: 'Update', apiVersion: oldest.apiVersion, set: new FieldSet() };
      updates.push(bucket);
    }
    bucket.set = bucket.set.union(oldest.set);
    if (oldest.time !== undefined) bucket.time = oldest.time;
  }
  return [...rest, ...updates];
}

/** Sorted, capped, empty entries dropped; undefined when nothing is left (the field is then omitted). */
export function encodeManaged(entries: ManagedEntry[]): Obj[] | undefined {
  const kept = capUpdates(entries.filter((e) => !e.set.isEmpty())).sort(compareEntries);
  if (kept.length === 0) return undefined;
  return kept.map((e) => {
    const out: Obj = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time !== undefined) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = encodeFields(e.set);
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

export interface UpdateRequest {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: string;
  type: TypeNode;
  /** The main resource of a kind with a status subresource: status is a reset field. */
  resetStatus: boolean;
}

/** The manager a non-apply write is recorded under: fieldManager, else the User-Agent's product, else "unknown". */
let lastAgent: string | undefined;
let lastAgentName = 'unknown';

export function updateManagerName(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  if (userAgent === lastAgent) return lastAgentName;
  lastAgent = userAgent;
  lastAgentName = agentProduct(userAgent);
  return lastAgentName;
}

function agentProduct(userAgent: string | undefined): string {
  const product = (userAgent ?? '').split('/')[0].replace(/[^\x20-\x7e]/g, '');
  return product ? Buffer.from(product).subarray(0, 128).toString() : 'unknown';
}

/**
 * Entries after a POST/PUT/non-apply PATCH (A.9): the writer takes every changed field, the others lose them.
 * `baseline` is the list to start from (client-supplied or live); `old` undefined means create.
 */
export function recordUpdate(baseline: ManagedEntry[], old: Obj | undefined, next: Obj, req: UpdateRequest): ManagedEntry[] {
  if (old !== undefined && baseline.length === 0) return [];
  const cmp = compareObjects(old, next, req.type);
  if (!cmp.modified.isEmpty()) cmp.added.addAll(cmp.modified);
  const changed = stripInPlace(cmp.added, req.resetStatus, req.subresource);
  const removed = stripInPlace(cmp.removed, req.resetStatus, req.subresource);
  const taken = removed.isEmpty() ? changed : changed.union(removed);
  const identity = { manager: req.manager, operation: 'Update' as const, apiVersion: req.apiVersion, subresource: req.subresource };
  const out: ManagedEntry[] = [];
  let mine: ManagedEntry | undefined;
  for (const e of baseline) {
    if (sameIdentity(e, identity)) {
      mine = { ...e, set: e.set.clone() };
      continue;
    }
    out.push(taken.isEmpty() ? e : { ...e, set: e.set.difference(taken) });
  }
  if (changed.isEmpty() && removed.isEmpty()) {
    if (mine) out.push(mine);
    return out;
  }
  let set = mine ? mine.set.union(changed) : changed;
  if (!removed.isEmpty()) set = set.difference(removed);
  const entry: ManagedEntry = { ...identity, time: req.now, set };
  if (!entry.subresource) delete entry.subresource;
  out.push(entry);
  return out;
}

export { sameIdentity };
