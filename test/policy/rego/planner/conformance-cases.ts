// Runs OPA's YAML conformance cases through parse -> compile -> plan -> IR interpreter: the
// front half of the engine, measured without wasm. `data.a.b = x` maps to entrypoint `a/b`.
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { folderOf, listCaseFiles, readCaseFile, regoVersionOf, type RegoCase } from '../../../../src/policy/engine/conformance/rego-cases.ts';
import { compilePolicy } from '../../../../src/policy/rego/compiler/index.ts';
import { interpret } from '../../../../src/policy/ir/interpret.ts';
import { ObjectValue, SetValue, type Value } from '../../../../src/policy/ir/value.ts';
import { parseTermText } from '../../../../src/policy/rego/parser.ts';
import type { Term } from '../../../../src/policy/rego/ast.ts';

/** A ground Rego term (an `input_term`) as a value. */
function groundValue(t: Term): Value {
  const v = t.value;
  switch (v.type) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return v.value;
    case 'number':
      return v.value;
    case 'array':
      return v.items.map(groundValue);
    case 'set': {
      const s = new SetValue();
      v.items.forEach((i) => s.add(groundValue(i)));
      return s;
    }
    case 'object': {
      const o = new ObjectValue();
      v.items.forEach(([k, x]) => o.set(groundValue(k), groundValue(x)));
      return o;
    }
    default:
      throw new Error(`input_term is not ground: ${v.type}`);
  }
}

export const casesRoot = resolve(import.meta.dirname, '../../../../../shared/conformance/rego');

type Case = RegoCase;

export interface Outcome {
  id: string;
  folder: string;
  pass: boolean;
  reason?: string;
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return v;
}

export function runCase(c: Case, regoVersion: 0 | 1): { pass: boolean; reason?: string } {
  const m = /^data((?:\.[A-Za-z_][A-Za-z0-9_]*)*) = x$/.exec(c.query.trim());
  if (!m) return runQueryCase(c, regoVersion);
  const entry = m[1]!.split('.').filter(Boolean).join('/');
  let result: unknown[];
  try {
    const policy = compilePolicy(
      (c.modules ?? []).map((source, i) => ({ filename: `mod${i}.rego`, source })),
      { entrypoints: [entry], regoVersion, experimentalKeywords: c.experimental_keywords === true },
    );
    const input = c.input_term !== undefined ? groundValue(parseTermText(c.input_term)) : c.input;
    result = interpret(policy, entry, input, c.data ?? {}, { strictBuiltinErrors: c.strict_error === true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (c.want_error_code || c.want_error !== undefined) {
      if (c.want_error_code && code !== c.want_error_code) return { pass: false, reason: `error code ${code}, want ${c.want_error_code}` };
      return { pass: true };
    }
    return { pass: false, reason: `error: ${(e as Error).message}`.slice(0, 300) };
  }
  if (c.want_error_code || c.want_error !== undefined) return { pass: false, reason: 'expected an error' };
  const want = c.want_result ?? [];
  if (want.length === 0) return result.length === 0 ? { pass: true } : { pass: false, reason: `got ${JSON.stringify(result)}, want undefined` };
  if (want.length !== 1 || result.length !== 1) return { pass: false, reason: `got ${JSON.stringify(result).slice(0, 200)}, want ${JSON.stringify(want).slice(0, 200)}` };
  const got = (result[0] as { result: unknown }).result;
  const exp = want[0]!.x;
  const ok = c.sort_bindings ? isDeepStrictEqual(sortDeep(got), sortDeep(exp)) : isDeepStrictEqual(got, exp);
  return ok ? { pass: true } : { pass: false, reason: `got ${JSON.stringify(got).slice(0, 200)}, want ${JSON.stringify(exp).slice(0, 200)}` };
}

/**
 * Other queries run as a rule of a module of their own: the set of binding objects of the
 * vars the expected results name, compared (sorted) with want_result.
 */
function runQueryCase(c: Case, regoVersion: 0 | 1): { pass: boolean; reason?: string } {
  const names = [...new Set((c.want_result ?? []).flatMap((r) => Object.keys(r)))].sort();
  const elem = names.length ? `{${names.map((n) => `${JSON.stringify(n)}: ${n}`).join(', ')}}` : '1';
  const head = regoVersion === 0 ? `results[${elem}]` : `results contains ${elem} if`;
  const mod = `package __query__\n\n${head} {\n${c.query}\n}\n`;
  let got: unknown[];
  try {
    const policy = compilePolicy(
      [...(c.modules ?? []), mod].map((source, i) => ({ filename: `mod${i}.rego`, source })),
      { entrypoints: ['__query__/results'], regoVersion, experimentalKeywords: c.experimental_keywords === true },
    );
    const input = c.input_term !== undefined ? groundValue(parseTermText(c.input_term)) : c.input;
    const rs = interpret(policy, '__query__/results', input, c.data ?? {}, { strictBuiltinErrors: c.strict_error === true }) as { result: unknown[] }[];
    got = rs.length ? rs[0]!.result : [];
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (c.want_error_code || c.want_error !== undefined) {
      if (c.want_error_code && code !== c.want_error_code) return { pass: false, reason: `error code ${code}, want ${c.want_error_code}` };
      return { pass: true };
    }
    return { pass: false, reason: `error: ${(e as Error).message}`.slice(0, 300) };
  }
  if (c.want_error_code || c.want_error !== undefined) return { pass: false, reason: 'expected an error' };
  const want = names.length ? (c.want_result ?? []) : (c.want_result ?? []).map(() => 1);
  const ok = isDeepStrictEqual(sortDeep(got), sortDeep(c.sort_bindings ? want.map(sortDeep) : want)) || isDeepStrictEqual(sortDeep(got), sortDeep(want));
  return ok ? { pass: true } : { pass: false, reason: `query: got ${JSON.stringify(got).slice(0, 200)}, want ${JSON.stringify(want).slice(0, 200)}` };
}

/** Every case under the corpus, identified as `<folder path>/<file>#<index>`. */
export function runAll(): Outcome[] {
  const out: Outcome[] = [];
  for (const rel of listCaseFiles(casesRoot)) {
    const regoVersion = regoVersionOf(rel);
    readCaseFile(casesRoot, rel).forEach((c, i) => {
      if (c.skip) return;
      const r = runCase(c, regoVersion);
      out.push({ id: `${rel}#${i}`, folder: folderOf(rel), ...r });
    });
  }
  return out;
}
