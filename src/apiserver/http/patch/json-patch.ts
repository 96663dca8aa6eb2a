// RFC 6902 JSON Patch with the error wording kube-apiserver gives (evanphx/json-patch v4 under the handler).
import { ApiError, badRequest } from '../../errors.ts';
import { deepEqual } from './json-values.ts';

/** kube refuses JSON patches with more operations than this. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

type Json = unknown;
type Container = Record<string, Json> | Json[];

class PatchFailure extends Error {}

/** A failing operation answers 422 with kube's fixed message; the cause says what failed. */
function rejected(detail: string): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: detail, field: '' }],
  });
}

function decodePointer(path: string): string[] | undefined {
  if (!path.startsWith('/')) return undefined;
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Walks to the parent of the last token; undefined when any step is missing. */
function findParent(doc: Json, tokens: string[]): Container | undefined {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  return Array.isArray(cur) || isObject(cur) ? cur : undefined;
}

function arrayIndex(token: string, length: number, forInsert: boolean): number | undefined {
  if (!/^-?\d+$/.test(token)) return undefined;
  let i = Number(token);
  if (i < 0) { if (i < -length) return undefined; i += length; }
  if (forInsert ? i > length : i >= length) return undefined;
  return i;
}

function invalidIndex(token: string): PatchFailure {
  return new PatchFailure(`Unable to access invalid index: ${token}: invalid index referenced`);
}

function getAt(con: Container, key: string): { found: boolean; value?: Json } {
  if (Array.isArray(con)) {
    const i = arrayIndex(key, con.length, false);
    if (i === undefined) throw invalidIndex(key);
    return { found: true, value: con[i] };
  }
  return Object.prototype.hasOwnProperty.call(con, key) ? { found: true, value: con[key] } : { found: false };
}

function addAt(con: Container, key: string, value: Json): void {
  if (Array.isArray(con)) {
    if (key === '-') { con.push(value); return; }
    const i = arrayIndex(key, con.length, true);
    if (i === undefined) throw invalidIndex(key);
    con.splice(i, 0, value);
  } else {
    con[key] = value;
  }
}

function removeAt(con: Container, key: string): Json {
  if (Array.isArray(con)) {
    const i = arrayIndex(key, con.length, false);
    if (i === undefined) throw invalidIndex(key);
    return con.splice(i, 1)[0];
  }
  if (!Object.prototype.hasOwnProperty.call(con, key)) throw new PatchFailure(`Unable to remove nonexistent key: ${key}: missing value`);
  const v = con[key];
  delete con[key];
  return v;
}

interface Operation { op?: unknown; path?: unknown; from?: unknown; value?: unknown }

function stringField(op: Operation, name: 'path' | 'from', kind: string): string {
  const v = op[name];
  if (typeof v !== 'string') throw new PatchFailure(`${kind} operation failed to decode ${name}: missing value`);
  return v;
}

function locate(doc: Json, path: string): { con: Container; key: string } | undefined {
  const tokens = decodePointer(path);
  if (!tokens) return undefined;
  const con = findParent(doc, tokens);
  return con ? { con, key: tokens[tokens.length - 1] } : undefined;
}

function applyOne(doc: Json, op: Operation): Json {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = stringField(op, 'path', 'add');
      if (!('value' in op)) throw new PatchFailure(`add operation does not apply: missing value for path: "${path}"`);
      if (path === '') return structuredClone(op.value);
      const at = locate(doc, path);
      if (!at) throw new PatchFailure(`add operation does not apply: doc is missing path: "${path}": missing value`);
      try { addAt(at.con, at.key, structuredClone(op.value)); } catch (err) {
        throw new PatchFailure(`error in add for path: '${path}': ${(err as Error).message}`);
      }
      return doc;
    }
    case 'remove': {
      const path = stringField(op, 'path', 'remove');
      const at = locate(doc, path);
      if (!at) throw new PatchFailure(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      try { removeAt(at.con, at.key); } catch (err) {
        throw new PatchFailure(`error in remove for path: '${path}': ${(err as Error).message}`);
      }
      return doc;
    }
    case 'replace': {
      const path = stringField(op, 'path', 'replace');
      if (path === '') return structuredClone(op.value);
      const at = locate(doc, path);
      if (!at) throw new PatchFailure(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      let found: boolean;
      try { found = getAt(at.con, at.key).found; } catch { found = false; }
      if (!found) throw new PatchFailure(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      if (Array.isArray(at.con)) at.con[arrayIndex(at.key, at.con.length, false) as number] = structuredClone(op.value);
      else at.con[at.key] = structuredClone(op.value);
      return doc;
    }
    case 'move': case 'copy': {
      const from = stringField(op, 'from', kind);
      const path = stringField(op, 'path', kind);
      const src = locate(doc, from);
      if (!src) throw new PatchFailure(`${kind} operation does not apply: doc is missing from path: ${from}: missing value`);
      let value: Json;
      try {
        if (kind === 'move') {
          if (path.startsWith(`${from}/`)) throw new PatchFailure('move operation does not apply: cannot move a value into its own child');
          value = removeAt(src.con, src.key);
        } else {
          const got = getAt(src.con, src.key);
          if (!got.found) throw new PatchFailure(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
          value = structuredClone(got.value);
        }
      } catch (err) {
        if (err instanceof PatchFailure && err.message.startsWith(`${kind} operation`)) throw err;
        throw new PatchFailure(`error in ${kind} for path: '${from}': ${(err as Error).message}`);
      }
      if (path === '') return value;
      const dst = locate(doc, path);
      if (!dst) throw new PatchFailure(`${kind} operation does not apply: doc is missing destination path: ${path}: missing value`);
      try { addAt(dst.con, dst.key, value); } catch (err) {
        throw new PatchFailure(`error in ${kind} for path: '${path}': ${(err as Error).message}`);
      }
      return doc;
    }
    case 'test': {
      const path = stringField(op, 'path', 'test');
      let actual: Json;
      let found: boolean;
      if (path === '') { actual = doc; found = true; } else {
        const at = locate(doc, path);
        if (!at) throw new PatchFailure(`test operation does not apply: is missing path: ${path}: missing value`);
        try { ({ found, value: actual } = getAt(at.con, at.key)); } catch { found = false; }
      }
      const expected = 'value' in op ? op.value : null;
      const ok = found && actual !== null ? deepEqual(actual, expected) : expected === null;
      if (!ok) throw new PatchFailure(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw new PatchFailure(`Unexpected kind: ${kind}: unknown object type`);
  }
}

/** Applies RFC 6902 operations to a copy of `document`. Malformed patch → 400; failing operation → 422. */
export function applyJsonPatch(document: unknown, operations: unknown): unknown {
  if (operations === null) return structuredClone(document);
  if (!Array.isArray(operations)) {
    const got = typeof operations === 'object' ? 'object' : typeof operations === 'boolean' ? 'bool' : typeof operations;
    throw badRequest(`json: cannot unmarshal ${got} into Go value of type jsonpatch.Patch`);
  }
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(413, 'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`);
  }
  let doc: Json = structuredClone(document);
  for (const raw of operations) {
    if (!isObject(raw)) throw badRequest('json: cannot unmarshal non-object into Go struct field of type jsonpatch.Operation');
    try {
      doc = applyOne(doc, raw as Operation);
    } catch (err) {
      if (err instanceof PatchFailure) throw rejected(err.message);
      throw err;
    }
  }
  return doc;
}
