// Kubernetes protobuf request bodies: the `k8s\0` magic, a runtime.Unknown envelope
// {1: typeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}, and the kind's message in raw.
// Decoded to the JSON shape the server stores (zero values of non-pointer fields dropped, bytes as base64,
// empty Time = absent). Only the kinds kubectl's typed commands send are known.
import { ApiError, badRequest } from './errors.ts';
import { KIND_SCHEMAS, type FieldSpec, type MessageSpec } from './protobuf/schemas.ts';
import { readFields, WireError, WireWriter, WIRE_BYTES, WIRE_VARINT, type WireField } from './protobuf/wire.ts';

export const PROTOBUF_MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);
export const PROTOBUF_KINDS: string[] = Object.keys(KIND_SCHEMAS).map((k) => k.slice(k.lastIndexOf('/') + 1));

type Json = Record<string, unknown>;
const utf8 = new TextDecoder('utf-8', { fatal: false });

function rfc3339(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeScalar(spec: FieldSpec, f: WireField, path: string): unknown {
  const type = spec.type;
  if (typeof type !== 'string') return decodeMessage(type, expectBytes(f, spec), path);
  switch (type) {
    case 'string': return utf8.decode(expectBytes(f, spec));
    case 'bytes': return Buffer.from(expectBytes(f, spec)).toString('base64');
    case 'rawjson': {
      const text = utf8.decode(expectBytes(f, spec));
      try { return JSON.parse(text); } catch { throw new WireError(`${spec.name} is not valid JSON`); }
    }
    case 'bool': return expectVarint(f, spec) !== 0n;
    case 'int32': return Number(BigInt.asIntN(32, expectVarint(f, spec)));
    case 'int64': return Number(BigInt.asIntN(64, expectVarint(f, spec)));
    case 'time': {
      const parts = readFields(expectBytes(f, spec));
      const seconds = parts.find((p) => p.number === 1 && p.wireType === WIRE_VARINT)?.varint;
      return seconds === undefined || seconds === 0n ? null : rfc3339(BigInt.asIntN(64, seconds));
    }
    case 'quantity': {
      const parts = readFields(expectBytes(f, spec));
      const text = parts.find((p) => p.number === 1 && p.bytes);
      return text?.bytes ? utf8.decode(text.bytes) : '';
    }
    case 'intorstring': {
      let kind = 0n;
      let intVal = 0n;
      let strVal = '';
      for (const p of readFields(expectBytes(f, spec))) {
        if (p.number === 1 && p.varint !== undefined) kind = p.varint;
        if (p.number === 2 && p.varint !== undefined) intVal = p.varint;
        if (p.number === 3 && p.bytes) strVal = utf8.decode(p.bytes);
      }
      return kind === 1n ? strVal : Number(BigInt.asIntN(32, intVal));
    }
  }
}

/** True when a field carries only zero values (Go writes every non-pointer field, set or not). */
function isZeroPayload(f: WireField, depth = 0): boolean {
  if (f.varint !== undefined) return f.varint === 0n;
  const bytes = f.bytes ?? new Uint8Array();
  if (f.wireType !== WIRE_BYTES) return bytes.every((b) => b === 0);
  if (bytes.length === 0) return true;
  if (depth > 32) return false;
  try {
    return readFields(bytes).every((inner) => isZeroPayload(inner, depth + 1));
  } catch {
    return false;
  }
}

function expectBytes(f: WireField, spec: FieldSpec): Uint8Array {
  if (f.wireType !== WIRE_BYTES || !f.bytes) throw new WireError(`field ${spec.name} has wire type ${f.wireType}, expected length-delimited`);
  return f.bytes;
}

function expectVarint(f: WireField, spec: FieldSpec): bigint {
  if (f.wireType !== WIRE_VARINT || f.varint === undefined) throw new WireError(`field ${spec.name} has wire type ${f.wireType}, expected varint`);
  return f.varint;
}

function isZero(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function decodeMapEntry(spec: FieldSpec, f: WireField, path: string): [string, unknown] {
  let key = '';
  let value: unknown = typeof spec.type === 'string' ? (spec.type === 'string' || spec.type === 'bytes' ? '' : null) : {};
  for (const part of readFields(expectBytes(f, spec))) {
    if (part.number === 1) key = utf8.decode(expectBytes(part, spec));
    else if (part.number === 2) value = decodeScalar({ ...spec, map: false }, part, path);
  }
  // map<string, ExtraValue>: the wrapper message renders as its list
  if (typeof spec.type !== 'string' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    value = (value as Json).items ?? [];
  }
  return [key, value];
}

/** A field this decoder has no layout for carries a value: refusing beats silently dropping it. */
export class UnsupportedFieldError extends Error {}

function decodeMessage(spec: MessageSpec, buf: Uint8Array, path: string): Json {
  const out: Json = {};
  const inlined: Json[] = [];
  for (const f of readFields(buf)) {
    const field = spec[f.number];
    if (!field) {
      if (!isZeroPayload(f)) throw new UnsupportedFieldError(`protobuf field ${f.number} of ${path || 'the object'} is not supported`);
      continue;
    }
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    if (field.map) {
      const [k, v] = decodeMapEntry(field, f, fieldPath);
      const m = (out[field.name] as Json | undefined) ?? {};
      m[k] = v;
      out[field.name] = m;
    } else if (field.repeated) {
      const list = (out[field.name] as unknown[] | undefined) ?? [];
      list.push(decodeScalar(field, f, `${fieldPath}[${list.length}]`));
      out[field.name] = list;
    } else if (field.inline) {
      inlined.push(decodeScalar(field, f, path) as Json);
    } else {
      out[field.name] = decodeScalar(field, f, fieldPath);
    }
  }
  for (const extra of inlined) Object.assign(out, extra);
  for (const number of Object.keys(spec)) {
    const field = spec[Number(number)];
    if (field.name in out && isZero(out[field.name]) && !(field.keep && out[field.name] !== null) && !field.map) delete out[field.name];
  }
  return out;
}

function hasMagic(body: Uint8Array): boolean {
  return body.length >= 4 && PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

/** Decodes a protobuf request body into a JSON object with apiVersion and kind set. */
export function decodeKubeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (!hasMagic(body)) {
    throw badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  try {
    for (const f of readFields(body.subarray(4))) {
      if (f.number === 1 && f.bytes) {
        for (const t of readFields(f.bytes)) {
          if (t.number === 1 && t.bytes) apiVersion = utf8.decode(t.bytes);
          if (t.number === 2 && t.bytes) kind = utf8.decode(t.bytes);
        }
      } else if (f.number === 2 && f.bytes) {
        raw = f.bytes;
      } else if (f.number === 3 && f.bytes && f.bytes.length > 0) {
        throw new WireError(`unsupported content encoding ${utf8.decode(f.bytes)}`);
      }
    }
  } catch (err) {
    if (err instanceof WireError) throw badRequest(`unable to decode protobuf body: ${err.message}`);
    throw err;
  }
  const schema = KIND_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType',
      `the body of the request was in an unknown format - protobuf is accepted only for ${PROTOBUF_KINDS.join(', ')}; send ${kind || 'this object'} (${apiVersion || 'unknown apiVersion'}) as application/json`);
  }
  try {
    return { apiVersion, kind, ...decodeMessage(schema, raw, '') };
  } catch (err) {
    if (err instanceof WireError) throw badRequest(`unable to decode protobuf ${kind}: ${err.message}`);
    if (err instanceof UnsupportedFieldError) {
      throw new ApiError(415, 'UnsupportedMediaType', `${err.message} for ${kind} (${apiVersion}); send it as application/json`);
    }
    throw err;
  }
}

// ---- encoding (tests, and answering protobuf clients if ever needed) ----

function encodeValue(w: WireWriter, number: number, spec: FieldSpec, value: unknown): void {
  const type = spec.type;
  if (typeof type !== 'string') {
    const inner = Array.isArray(value) && spec.map ? { items: value } : value;
    w.message(number, encodeMessage(type, (inner ?? {}) as Json));
    return;
  }
  switch (type) {
    case 'string': w.string(number, String(value)); break;
    case 'bytes': w.bytes(number, Buffer.from(String(value), 'base64')); break;
    case 'rawjson': w.bytes(number, Buffer.from(JSON.stringify(value))); break;
    case 'bool': w.bool(number, Boolean(value)); break;
    case 'int32': case 'int64': w.uint(number, BigInt(Math.trunc(Number(value)))); break;
    case 'time': {
      const t = new WireWriter();
      if (typeof value === 'string') t.uint(1, BigInt(Math.floor(Date.parse(value) / 1000)));
      w.message(number, t);
      break;
    }
    case 'quantity': w.message(number, new WireWriter().string(1, String(value))); break;
    case 'intorstring':
      w.message(number, typeof value === 'string' ? new WireWriter().uint(1, 1).string(3, value) : new WireWriter().uint(1, 0).uint(2, Number(value)));
      break;
  }
}

function encodeMessage(spec: MessageSpec, obj: Json): WireWriter {
  const w = new WireWriter();
  for (const [num, field] of Object.entries(spec).sort(([a], [b]) => Number(a) - Number(b))) {
    const number = Number(num);
    const value = field.inline ? obj : obj[field.name];
    if (value === undefined || value === null) continue;
    if (field.map) {
      for (const [k, v] of Object.entries(value as Json)) {
        const entry = new WireWriter().string(1, k);
        encodeValue(entry, 2, field, v);
        w.message(number, entry);
      }
    } else if (field.repeated) {
      for (const item of value as unknown[]) encodeValue(w, number, field, item);
    } else {
      encodeValue(w, number, field, value);
    }
  }
  return w;
}

/** Encodes a JSON object of a known kind as a kube protobuf body (magic + runtime.Unknown). */
export function encodeKubeProtobuf(obj: Record<string, unknown>): Uint8Array {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const schema = KIND_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) throw new Error(`no protobuf layout for ${apiVersion}/${kind}`);
  const envelope = new WireWriter()
    .message(1, new WireWriter().string(1, apiVersion).string(2, kind))
    .bytes(2, encodeMessage(schema, obj).finish())
    .string(3, '')
    .string(4, '');
  const body = envelope.finish();
  const out = new Uint8Array(PROTOBUF_MAGIC.length + body.length);
  out.set(PROTOBUF_MAGIC);
  out.set(body, PROTOBUF_MAGIC.length);
  return out;
}
