// Server-owned object fields: type meta checks, names from generateName, uid, timestamps, generation, and which parts of
// an object a write may change (the main resource vs /status).
import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';

export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function metaOf(obj: Obj): Obj {
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

/** RFC3339 at second precision, as kube prints creationTimestamp. */
let stampSecond = 0;
let stampText = '';
export function nowRfc3339(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== stampSecond) {
    stampSecond = second;
    stampText = new Date(second * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  }
  return stampText;
}

export function apiVersionOf(r: ServedResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** "configmaps" or "deployments.apps": how kube names a resource in error messages. */
export function qualifiedResource(r: ServedResource): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Defaults apiVersion/kind and rejects a body whose type does not match the path. */
export function checkTypeMeta(obj: Obj, r: ServedResource): void {
  const expectedVersion = apiVersionOf(r);
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expectedVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = r.kind;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw badRequest('apiVersion and kind must be strings');
  }
  if (obj.kind !== r.kind) {
    throw badRequest(`the kind in the request body (${obj.kind}) does not match the kind of the resource at this path (${r.kind}, ${qualifiedResource(r)})`);
  }
  if (obj.apiVersion !== expectedVersion) {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
    if (group !== r.group) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedVersion})`);
    }
    obj.apiVersion = expectedVersion; // another served version of the same group: no conversion needed (kube's "None")
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))) {
    throw badRequest(`${r.kind}: metadata must be an object`);
  }
}

/** Reconciles metadata.namespace with the namespace in the path. */
export function checkNamespace(obj: Obj, r: ServedResource, pathNamespace: string | undefined): void {
  const meta = metaOf(obj);
  if (!r.namespaced) {
    delete meta.namespace;
    return;
  }
  const inBody = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (inBody && pathNamespace && inBody !== pathNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta.namespace = pathNamespace || inBody;
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** kube appends 5 random characters to generateName (trimmed so the name stays within 63 characters). */
export function generateName(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += GENERATE_ALPHABET[b % GENERATE_ALPHABET.length];
  return (prefix.length > 58 ? prefix.slice(0, 58) : prefix) + suffix;
}

/** Kinds where kube tracks metadata.generation. */
export function tracksGeneration(r: ServedResource): boolean {
  return r.crd !== undefined || r.hasStatusSubresource;
}

const SERVER_SET_META = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'];

/** Fills what the server owns on create; the name must already be settled. */
export function stampCreate(obj: Obj, r: ServedResource, now: string): void {
  const meta = metaOf(obj);
  for (const k of SERVER_SET_META) delete meta[k];
  meta.uid = randomUUID();
  meta.creationTimestamp = now;
  if (tracksGeneration(r)) meta.generation = 1;
  // kube keeps the status given on create only for Nodes (kubelets register with it); Namespace status is set by hooks
  if (r.hasStatusSubresource && !(r.group === '' && (r.kind === 'Namespace' || r.kind === 'Node'))) delete obj.status;
}

/** Everything but metadata and status, as a comparable string. */
function specPart(obj: Obj): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

/** Carries server-owned fields from the stored object into an update of the main resource. */
export function stampUpdate(obj: Obj, old: Obj, r: ServedResource): void {
  const meta = metaOf(obj);
  const oldMeta = asObj(old.metadata);
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  delete meta.selfLink;
  if (r.hasStatusSubresource) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  if (tracksGeneration(r)) {
    const gen = typeof oldMeta.generation === 'number' ? oldMeta.generation : 1;
    meta.generation = specPart(obj) !== specPart(old) ? gen + 1 : gen;
  } else {
    delete meta.generation;
  }
}

/** An update through /status: the stored object with only its status replaced. */
export function statusOnly(incoming: Obj, old: Obj): Obj {
  const next = structuredClone(old);
  if (incoming.status === undefined) delete next.status;
  else next.status = incoming.status;
  const inMeta = asObj(incoming.metadata);
  if (inMeta.resourceVersion !== undefined) metaOf(next).resourceVersion = inMeta.resourceVersion;
  return next;
}

/** Equal apart from resourceVersion: such an update is answered with the stored object and writes nothing. */
export function sameContent(a: Obj, b: Obj): boolean {
  const strip = (o: Obj): string => {
    const meta = { ...asObj(o.metadata) };
    delete meta.resourceVersion;
    delete meta.managedFields;
    return JSON.stringify({ ...o, metadata: meta });
  };
  return strip(a) === strip(b);
}

/** Parses metadata.resourceVersion from a body: undefined when absent, else a revision number. */
export function bodyRevision(obj: Obj, r: ServedResource, name: string): number | undefined {
  const rv = asObj(obj.metadata).resourceVersion;
  if (rv === undefined || rv === null || rv === '') return undefined;
  const n = typeof rv === 'string' ? Number(rv) : NaN;
  if (!Number.isInteger(n) || n <= 0) {
    throw badRequest(`${qualifiedResource(r)} "${name}": metadata.resourceVersion: Invalid value: ${JSON.stringify(rv)}: must be the string form of a positive integer`);
  }
  return n;
}
