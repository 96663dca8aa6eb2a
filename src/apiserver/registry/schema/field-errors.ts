// Field errors worded as k8s.io/apimachinery field.Error prints them: `<type label>[: <value>][: <detail>]`.
import type { FieldCause } from './types.ts';

/** Go-style rendering of a bad value: strings quoted, numbers and booleans bare, everything else as JSON. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stableJson(value);
}

/** JSON with object keys sorted, as Go's encoding/json writes maps. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const withDetail = (body: string, detail: string): string => (detail ? `${body}: ${detail}` : body);

export function required(field: string, detail = ''): FieldCause {
  return { reason: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}
export function invalid(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', message: withDetail(`Invalid value: ${renderValue(value)}`, detail), field };
}
export function typeInvalid(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueTypeInvalid', message: withDetail(`Invalid value: ${renderValue(value)}`, detail), field };
}
export function notSupported(field: string, value: unknown, supported: string[]): FieldCause {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return { reason: 'FieldValueNotSupported', message: withDetail(`Unsupported value: ${renderValue(value)}`, detail), field };
}
export function duplicate(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueDuplicate', message: `Duplicate value: ${renderValue(value)}`, field };
}
export function forbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}
export function tooLong(field: string, max: number): FieldCause {
  return { reason: 'FieldValueTooLong', message: `Too long: may not be more than ${max} bytes`, field };
}
export function tooMany(field: string, actual: number, max: number): FieldCause {
  return { reason: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} items`, field };
}

/**
 * The message of kube's 422 Invalid Status: `Kind.group "name" is invalid: <errors>`; the core group drops `.group`;
 * one error is printed bare, several (deduplicated by text) in brackets, none leaves just `is invalid`.
 */
export function invalidMessage(kind: string, group: string, name: string, causes: FieldCause[]): string {
  const head = `${group ? `${kind}.${group}` : kind} "${name}" is invalid`;
  const texts = [...new Set(causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)))];
  if (texts.length === 0) return head;
  return texts.length === 1 ? `${head}: ${texts[0]}` : `${head}: [${texts.join(', ')}]`;
}
