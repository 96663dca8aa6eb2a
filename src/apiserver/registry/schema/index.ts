// The schema engine kube-apiserver applies to custom resources: structural checks for CRD writes, then for each
// request prune -> default -> validate against the schema of the requested version. Pure functions; compiled
// schemas are cached per schema object, so pass the same object (e.g. the stored CRD's) on every request.
import { applyDefaults } from './defaults.ts';
import { prune } from './prune.ts';
import { checkStructural } from './structural.ts';
import type { FieldCause, JSONSchemaProps } from './types.ts';

export type { FieldCause, JSONSchemaProps, ValidationRule } from './types.ts';
export { checkStructural } from './structural.ts';
export { prune, pruneObjectMetaFields } from './prune.ts';
export { applyDefaults } from './defaults.ts';
export { validate } from './validate.ts';
export { validateUpdate } from './ratchet.ts';
export { invalidMessage, renderValue } from './field-errors.ts';

type Obj = Record<string, unknown>;

/**
 * What kube does to a custom resource when it is decoded (request bodies, patch results, reads from storage):
 * prune unknown fields (and disallowed nulls), then apply defaults. Mutates `obj`; returns the pruned paths,
 * which `fieldValidation=Strict|Warn` report as `unknown field "<path>"`.
 */
export function decodeCustomResource(obj: unknown, schema: JSONSchemaProps): { unknownFields: string[] } {
  const { unknownFields } = prune(obj, schema);
  applyDefaults(obj, schema);
  return { unknownFields };
}

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * The openAPIV3Schema of `version` in a CRD object (apiextensions.k8s.io/v1), or undefined when the CRD has no such
 * version or no schema. Returns the object inside the CRD itself (not a copy), so the compiled form stays cached as
 * long as the CRD object lives.
 */
export function schemaForVersion(crd: unknown, version: string): JSONSchemaProps | undefined {
  const versions = asObj(asObj(crd).spec).versions;
  if (!Array.isArray(versions)) return undefined;
  const v = versions.map(asObj).find((x) => x.name === version);
  const schema = v ? asObj(v.schema).openAPIV3Schema : undefined;
  return schema && typeof schema === 'object' ? (schema as JSONSchemaProps) : undefined;
}

/** Every version's structural violations, with kube's field paths (`spec.versions[i].schema.openAPIV3Schema…`). */
export function checkCrdSchemas(crd: unknown): FieldCause[] {
  const versions = asObj(asObj(crd).spec).versions;
  if (!Array.isArray(versions)) return [];
  return versions.flatMap((v, i) => {
    const schema = asObj(asObj(v).schema).openAPIV3Schema;
    return schema === undefined ? [] : checkStructural(schema as JSONSchemaProps, `spec.versions[${i}].schema.openAPIV3Schema`);
  });
}
