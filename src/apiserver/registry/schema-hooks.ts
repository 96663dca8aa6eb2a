// The schema engine on the write path of custom resources (apply-schema.md C.5, C.8): prune and default every decoded
// body or patch result, report the pruned fields as fieldValidation asks (Strict error, Warn header, Ignore), validate
// creates and (ratcheted) updates, and reject CRDs whose schemas are not structural.
import type { ServerResponse } from 'node:http';
import { ApiError, badRequest, forbidden } from '../errors.ts';
import type { Store } from '../storage/types.ts';
import type { FieldCause } from '../errors.ts';
import type { HookTable } from './hooks.ts';
import { CRD_GROUP, CRD_RESOURCE } from './crd.ts';
import { checkCrdSchemas, decodeCustomResource, pruneObjectMetaFields, validate, validateUpdate } from './schema/index.ts';
import type { JSONSchemaProps } from './schema/index.ts';
import type { ServedResource } from './types.ts';

type Obj = Record<string, unknown>;

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export type WriteVerb = 'create' | 'update' | 'patch' | 'apply';

/** The schema a custom resource version is checked against; undefined for built-ins and schemaless versions. */
export function schemaOf(r: ServedResource): JSONSchemaProps | undefined {
  const s = r.crd?.schema;
  return s && Object.keys(s).length > 0 ? (s as JSONSchemaProps) : undefined;
}

/** `Warning: 299 - "<text>"` headers, one per distinct text, sent with whatever answer follows. */
export function addWarnings(res: ServerResponse, texts: string[]): void {
  if (texts.length === 0 || res.headersSent) return;
  const existing = res.getHeader('Warning');
  const list = Array.isArray(existing) ? existing.map(String) : existing === undefined ? [] : [String(existing)];
  for (const t of texts) {
    const header = `299 - ${JSON.stringify(t)}`;
    if (!list.includes(header)) list.push(header);
  }
  res.setHeader('Warning', list);
}

function strictError(r: ServedResource, verb: WriteVerb, problems: string[], obj: Obj): ApiError {
  const detail = `strict decoding error: ${problems.join(', ')}`;
  if (verb === 'patch') {
    const message = `Invalid value: ${JSON.stringify(JSON.stringify(obj))}: ${detail}`;
    return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
      name: '', kind: '', causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
    });
  }
  return badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${detail}`);
}

/**
 * Prunes and defaults a custom resource about to be written (mutates `obj`), then handles the unknown fields:
 * Strict fails (400, or 422 for patches), Warn adds Warning headers, Ignore drops them silently.
 */
export function decodeForWrite(res: ServerResponse, r: ServedResource, obj: Obj, directive: FieldValidation, verb: WriteVerb): void {
  const schema = schemaOf(r);
  if (!schema) return;
  const meta = obj.metadata;
  const metaUnknown = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? pruneObjectMetaFields(meta as Obj) : [];
  const original = directive === 'Strict' && verb === 'patch' && metaUnknown.length === 0 ? structuredClone(obj) : obj;
  const { unknownFields } = decodeCustomResource(obj, schema);
  const problems = [...metaUnknown, ...unknownFields].map((p) => `unknown field "${p}"`);
  if (problems.length === 0 || directive === 'Ignore' || verb === 'apply') return;
  if (directive === 'Strict') throw strictError(r, verb, problems, original);
  addWarnings(res, problems);
}

/** C.13: while its CRD is being deleted, a kind accepts no new objects (403); the rest keeps working. */
export function checkCrdOpen(store: Store, cluster: string, r: ServedResource, name: string): void {
  if (!r.crd) return;
  const crd = store.get({ cluster, group: CRD_GROUP, resource: CRD_RESOURCE, namespace: '', name: r.crd.name });
  if (!crd || !crd.json.includes('"deletionTimestamp"')) return;
  if (asObj(asObj(JSON.parse(crd.json)).metadata).deletionTimestamp === undefined) return;
  throw forbidden(`${r.plural}.${r.group}`, name, 'create not allowed while custom resource definition is terminating');
}

/** Schema validation of custom resources and structural checks of CRDs, as hooks. */
export function installSchemaHooks(table: HookTable, enabled: () => boolean): void {
  table.add((r) => schemaOf(r) !== undefined, {
    validate: (obj, old, ctx) => {
      if (!enabled()) return [];
      const schema = schemaOf(ctx.resource)!;
      return old === undefined ? validate(obj, schema) : validateUpdate(obj, old, schema);
    },
  });
  table.addForKind(CRD_GROUP, 'CustomResourceDefinition', { validate: (obj) => [...checkCrdSchemas(obj), ...checkStoredVersions(obj)] });
}

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** A version objects may still be stored in cannot leave spec.versions (C.11). */
function checkStoredVersions(crd: Obj): FieldCause[] {
  const versions = Array.isArray(asObj(crd.spec).versions) ? (asObj(crd.spec).versions as unknown[]).map((v) => asObj(v).name) : [];
  const stored = asObj(crd.status).storedVersions;
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((v, i) => (versions.includes(v) ? [] : [{
    reason: 'FieldValueInvalid', field: `status.storedVersions[${i}]`, message: `Invalid value: ${JSON.stringify(v)}: must appear in spec.versions`,
  }]));
}
