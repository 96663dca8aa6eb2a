// RFC 7386 JSON Merge Patch: objects merge recursively, null deletes, everything else (arrays too) replaces.
import { badRequest } from '../../errors.ts';
import { isJsonObject, type JsonObject } from './json-values.ts';

function merge(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** Applies a merge patch to `document` without modifying it. A null patch is rejected as kube does. */
export function applyMergePatch(document: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) throw badRequest('Invalid JSON Patch');
  return merge(document, patch);
}
