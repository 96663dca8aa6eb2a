// Checks kube applies to an x-kubernetes-embedded-resource value: apiVersion and kind present and well formed, and its
// metadata validated as ObjectMeta (names as path segments, as for any embedded object).
import { isDns1035Label, isDns1123Label, isValidPathSegmentName, validateAnnotations, validateLabels } from '../../validation.ts';
import { invalid, required } from './field-errors.ts';
import type { FieldCause } from './types.ts';

type Obj = Record<string, unknown>;

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function checkApiVersion(path: string, v: unknown): FieldCause[] {
  if (typeof v !== 'string') return [invalid(path, v, 'must be a string')];
  if (v.length === 0) return [invalid(path, v, 'must not be empty')];
  if (v.split('/').length > 2) return [invalid(path, v, `unexpected GroupVersion string: ${v}`)];
  return [];
}

function checkKind(path: string, v: unknown): FieldCause[] {
  if (typeof v !== 'string') return [invalid(path, v, 'must be a string')];
  if (v.length === 0) return [invalid(path, v, 'must not be empty')];
  const errs = isDns1035Label(v.toLowerCase());
  return errs.length ? [invalid(path, v, `may have mixed case, but should otherwise match: ${errs.join(',')}`)] : [];
}

function checkMetadata(path: string, v: unknown): FieldCause[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [invalid(path, v, 'must be an object')];
  const m = v as Obj;
  const causes: FieldCause[] = [];
  for (const key of ['name', 'generateName'] as const) {
    const value = m[key];
    if (typeof value === 'string' && value) {
      for (const msg of isValidPathSegmentName(value)) causes.push(invalid(at(path, key), value, msg));
    }
  }
  if (typeof m.namespace === 'string' && m.namespace) {
    for (const msg of isDns1123Label(m.namespace)) causes.push(invalid(at(path, 'namespace'), m.namespace, msg));
  }
  causes.push(...validateLabels(m.labels, at(path, 'labels')));
  causes.push(...validateAnnotations(m.annotations, at(path, 'annotations')));
  return causes;
}

export function validateEmbeddedResource(obj: Obj, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!('apiVersion' in obj)) causes.push(required(at(path, 'apiVersion')));
  else causes.push(...checkApiVersion(at(path, 'apiVersion'), obj.apiVersion));
  if (!('kind' in obj)) causes.push(required(at(path, 'kind')));
  else causes.push(...checkKind(at(path, 'kind'), obj.kind));
  if ('metadata' in obj) causes.push(...checkMetadata(at(path, 'metadata'), obj.metadata));
  return causes;
}
