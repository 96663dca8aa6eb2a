// Decoding an apply body (A.1, A.11): YAML or JSON. Repeated keys in a YAML mapping fail with fieldValidation=Strict
// (400, kube's yaml wording), become Warning headers with Warn (the default), and are ignored with Ignore; the last
// occurrence wins, as in kube's non-strict decoding.
import type { ServerResponse } from 'node:http';
import { parseDocument } from 'yaml';
import { badRequest } from '../errors.ts';
import { addWarnings } from '../registry/schema-hooks.ts';
import type { FieldValidation } from '../registry/schema-hooks.ts';

function parseYaml(text: string, uniqueKeys: boolean): { value: unknown; duplicates: string[] } {
  const doc = parseDocument(text, { uniqueKeys });
  const duplicates: string[] = [];
  for (const e of doc.errors) {
    if (e.code !== 'DUPLICATE_KEY') throw badRequest(`error decoding patch: ${e.message.split('\n')[0]}`);
    const line = e.linePos?.[0].line ?? 0;
    const name = (text.split('\n')[line - 1] ?? '').split(':')[0].trim().replace(/^- /, '').replace(/^["']|["']$/g, '');
    duplicates.push(`line ${line}: key ${JSON.stringify(name)} already set in map`);
  }
  const parsed = duplicates.length > 0 ? parseDocument(text, { uniqueKeys: false }) : doc;
  return { value: parsed.toJS({ maxAliasCount: 100 }), duplicates };
}

export function decodeApplyBody(body: Buffer, directive: FieldValidation, res: ServerResponse): unknown {
  const text = body.toString('utf8');
  if (body[0] === 0x7b) {
    try {
      return JSON.parse(text); // kubectl and client-node send JSON, which JSON.parse reads much faster
    } catch {
      // a YAML flow mapping such as {a: 1}
    }
  }
  const { value, duplicates } = parseYaml(text, true);
  if (duplicates.length > 0 && directive === 'Strict') {
    throw badRequest(`error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`);
  }
  if (duplicates.length > 0 && directive === 'Warn') addWarnings(res, duplicates);
  return value;
}
