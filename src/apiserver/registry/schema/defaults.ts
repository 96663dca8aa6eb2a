// Defaulting (C.7): top-down; an absent property (or a null one that may not be null) gets a copy of its default,
// then the walk continues inside, so defaults nested in a freshly defaulted object apply too.
import { compile, type Node } from './compile.ts';
import type { JSONSchemaProps } from './types.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(value: unknown, n: Node): void {
  if (isObj(value)) {
    if (n.properties) {
      for (const [k, c] of n.properties) {
        if (c.hasDefault && (!(k in value) || (value[k] === null && !c.nullable))) value[k] = structuredClone(c.src.default);
        if (c.defaultsBelow && k in value) walk(value[k], c);
      }
    }
    if (n.additional && n.additional.defaultsBelow) {
      const a = n.additional;
      for (const k of Object.keys(value)) {
        if (n.properties?.has(k)) continue;
        if (value[k] === null && a.hasDefault && !a.nullable) value[k] = structuredClone(a.src.default);
        walk(value[k], a);
      }
    }
  } else if (Array.isArray(value) && n.items && n.items.defaultsBelow) {
    const items = n.items;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && items.hasDefault && !items.nullable) value[i] = structuredClone(items.src.default);
      walk(value[i], items);
    }
  }
}

/** Applies the schema's defaults to `obj` in place and returns it. */
export function applyDefaults(obj: unknown, schema: JSONSchemaProps): unknown {
  const root = compile(schema);
  if (root.defaultsBelow) walk(obj, root);
  return obj;
}
