// Checks YAML documents against the CRDs of crds/ the way the API server does on create: prune, default, validate.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findCrdVersion, loadCrds } from '../../src/api/crd-files.ts';
import { applyDefaults, prune, validate, type FieldCause, type JSONSchemaProps } from '../../src/apiserver/registry/schema/index.ts';

const crds = loadCrds();

/** Built-in API versions a fixture may also contain (applied next to the OCM objects). */
const BUILTIN_API_VERSIONS = new Set(['v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'networking.k8s.io/v1']);

export interface DocResult {
  where: string;
  kind: string;
  builtin: boolean;
  unknownFields: string[];
  causes: FieldCause[];
  object: Record<string, unknown>;
}

export function checkDocument(doc: Record<string, unknown>, where: string): DocResult {
  const apiVersion = String(doc.apiVersion ?? '');
  const kind = String(doc.kind ?? '');
  const found = findCrdVersion(crds, apiVersion, kind);
  if (!found) {
    if (!BUILTIN_API_VERSIONS.has(apiVersion)) throw new Error(`${where}: no CRD serves ${apiVersion} ${kind}`);
    return { where, kind, builtin: true, unknownFields: [], causes: [], object: doc };
  }
  const schema = found.version.schema.openAPIV3Schema as JSONSchemaProps;
  const object = structuredClone(doc);
  const { unknownFields } = prune(object, schema);
  applyDefaults(object, schema);
  return { where, kind, builtin: false, unknownFields, causes: validate(object, schema), object };
}

/** Every YAML document of every .yaml file in `dir`. */
export function checkDirectory(dir: string): DocResult[] {
  const results: DocResult[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
    docs.forEach((d, i) => {
      if (d.errors.length) throw new Error(`${file}#${i}: ${d.errors[0].message}`);
      const value = d.toJS() as Record<string, unknown> | null;
      if (value) results.push(checkDocument(value, `${file}#${i}`));
    });
  }
  return results;
}
