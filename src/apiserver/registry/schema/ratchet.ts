// Validation ratcheting on update (kube's CRDValidationRatcheting, on by default since 1.30): an error about a value
// the update did not change is dropped, so objects stored before a schema got stricter can still be updated.
import { stableJson } from './field-errors.ts';
import { validate } from './validate.ts';
import type { FieldCause, JSONSchemaProps } from './types.ts';

const MISSING = Symbol('missing');

/** `spec.list[2].x` -> ['spec', 'list', 2, 'x']; undefined when the path cannot be read back unambiguously. */
function parsePath(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(path)) !== null) {
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    consumed += m[0].length;
  }
  const dots = (path.match(/\./g) ?? []).length;
  return consumed + dots === path.length ? out : undefined;
}

function at(obj: unknown, path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return MISSING;
    const next = (cur as Record<string | number, unknown>)[seg];
    if (next === undefined) return MISSING;
    cur = next;
  }
  return cur;
}

/** The value an error is about: its field, the parent object for a missing field, the quoted path for composites. */
function subject(c: FieldCause): (string | number)[] | undefined {
  if (c.field === '<nil>') {
    const quoted = /^Invalid value: "": "([^"]*)"/.exec(c.message);
    return quoted ? parsePath(quoted[1]) : undefined;
  }
  const path = parsePath(c.field);
  if (!path) return undefined;
  return c.reason === 'FieldValueRequired' ? path.slice(0, -1) : path;
}

/**
 * Errors of `newObj` against `schema`, minus those about values equal in `oldObj` (the stored object). Errors
 * whose value cannot be located are kept.
 */
export function validateUpdate(newObj: unknown, oldObj: unknown, schema: JSONSchemaProps): FieldCause[] {
  const causes = validate(newObj, schema);
  if (causes.length === 0) return causes;
  return causes.filter((c) => {
    const path = subject(c);
    if (!path) return true;
    const before = at(oldObj, path);
    const after = at(newObj, path);
    if (before === MISSING || after === MISSING) return true;
    return stableJson(before) !== stableJson(after);
  });
}
