// Field-management options of a write (fieldManager, fieldValidation, force) and the managedFields bookkeeping every
// non-apply write does (apply-schema.md A.1, A.2, A.9).
import { invalid } from '../errors.ts';
import type { FieldCause } from '../errors.ts';
import { schemaOf } from '../registry/schema-hooks.ts';
import type { FieldValidation } from '../registry/schema-hooks.ts';
import type { ServedResource } from '../registry/types.ts';
import { decodeManaged, encodeManaged, recordUpdate, updateManagerName } from './managed.ts';
import type { ManagedEntry } from './managed.ts';
import { createdFields } from './created.ts';
import { builtinType, crdType } from './schema-model.ts';
import type { TypeNode } from './schema-model.ts';
import { isObject } from './typed.ts';

type Obj = Record<string, unknown>;

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

export interface FieldOptions {
  fieldValidation: FieldValidation;
  fieldManager: string | null;
  /** undefined when the request did not send `force`. */
  force: boolean | undefined;
}

const VALIDATIONS = new Set(['', 'Ignore', 'Strict', 'Warn']);

function optionsInvalid(kind: OptionsKind, cause: FieldCause): never {
  throw invalid(kind, 'meta.k8s.io', '', [cause]);
}

export function parseFieldOptions(query: URLSearchParams, kind: OptionsKind): FieldOptions {
  const fv = query.get('fieldValidation') ?? '';
  if (!VALIDATIONS.has(fv)) {
    optionsInvalid(kind, { reason: 'FieldValueNotSupported', field: 'fieldValidation',
      message: `Unsupported value: ${JSON.stringify(fv)}: supported values: "", "Ignore", "Strict", "Warn"` });
  }
  const fm = query.get('fieldManager');
  if (fm !== null) {
    if (Buffer.byteLength(fm) > 128) {
      optionsInvalid(kind, { reason: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: may not be more than 128 bytes' });
    }
    const bad = [...fm].findIndex((ch) => !/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch));
    if (bad >= 0) {
      const code = fm.codePointAt([...fm].slice(0, bad).join('').length)!.toString(16).toUpperCase().padStart(4, '0');
      optionsInvalid(kind, { reason: 'FieldValueInvalid', field: 'fieldManager',
        message: `Invalid value: ${JSON.stringify(fm)}: invalid character U+${code} (at position ${bad})` });
    }
  }
  const f = query.get('force');
  return {
    fieldValidation: (fv || 'Warn') as FieldValidation,
    fieldManager: fm === '' ? null : fm,
    force: f === null ? undefined : f === 'true' || f === '1',
  };
}

/** The apply type of a served resource (CRD schema, or the built-in table). */
export function applyTypeOf(r: ServedResource): TypeNode {
  if (r.crd) return crdType(schemaOf(r) ?? EMPTY_SCHEMA);
  return builtinType(r.group, r.kind);
}
const EMPTY_SCHEMA = {};

/** Status is a reset field of the main resource when the kind has a status subresource. */
export const resetsStatus = (r: ServedResource, subresource: string | undefined): boolean => r.hasStatusSubresource && subresource === undefined;

function withoutManaged(obj: Obj): Obj {
  if (!isObject(obj.metadata) || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _m, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** The list to start from: the client's when it sent a usable one, reset when it sent an empty one, else the live one. */
function baselineOf(next: Obj, old: Obj | undefined): ManagedEntry[] | 'reset' {
  const sent = isObject(next.metadata) ? next.metadata.managedFields : undefined;
  const live = (): ManagedEntry[] => {
    try {
      return decodeManaged(old && isObject(old.metadata) ? old.metadata.managedFields : undefined);
    } catch {
      return [];
    }
  };
  if (sent === undefined || sent === null) return live();
  if (Array.isArray(sent) && (sent.length === 0 || sent.every((e) => isObject(e) && Object.keys(e).length === 0))) return 'reset';
  try {
    return decodeManaged(sent);
  } catch {
    return live();
  }
}

export interface TrackRequest {
  resource: ServedResource;
  subresource?: string;
  fieldManager: string | null;
  userAgent: string | undefined;
  now: string;
}

/** Sets `next.metadata.managedFields` for a POST/PUT/non-apply PATCH (`old` undefined = create). */
export function trackUpdate(old: Obj | undefined, next: Obj, req: TrackRequest): void {
  const r = req.resource;
  const meta = isObject(next.metadata) ? next.metadata : (next.metadata = {});
  if (old === undefined && (meta as Obj).managedFields === undefined) {
    // the hot path: a plain create belongs to its creator entirely
    const type = applyTypeOf(r);
    const fieldsV1 = createdFields(next, type.t === 'struct' ? type : builtinType(r.group, r.kind), resetsStatus(r, req.subresource), req.subresource);
    if (fieldsV1) {
      const entry: Obj = { manager: updateManagerName(req.fieldManager, req.userAgent), operation: 'Update', apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
        time: req.now, fieldsType: 'FieldsV1', fieldsV1 };
      if (req.subresource) entry.subresource = req.subresource;
      (meta as Obj).managedFields = [entry];
    }
    return;
  }
  const baseline = baselineOf(next, old);
  const entries = recordUpdate(baseline === 'reset' ? [] : baseline, old && withoutManaged(old), withoutManaged(next), {
    manager: updateManagerName(req.fieldManager, req.userAgent),
    apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
    subresource: req.subresource,
    now: req.now,
    type: applyTypeOf(r),
    resetStatus: resetsStatus(r, req.subresource),
  });
  const encoded = encodeManaged(entries);
  if (encoded) (meta as Obj).managedFields = encoded;
  else delete (meta as Obj).managedFields;
}
