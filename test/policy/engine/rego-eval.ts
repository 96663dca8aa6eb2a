// Evaluates Rego through the whole engine (compile -> wasm -> host builtins) for the host
// builtin tests: `value('time.weekday(0)')` (shared with the native builtin tests) is the value of
// `r := time.weekday(0)`; `error` gives the message alone.
import { compileModules, loadPolicy } from '../../../src/policy/engine/index.ts';
import { value } from '../wasm/builtins/rego.ts';

export { value };

/** The value of rule `r` of a whole module (package h). */
export async function rule(source: string, input?: unknown): Promise<unknown> {
  const wasm = await compileModules([{ filename: 'h.rego', source: `package h\n${source}\n` }], { entrypoints: ['h/r'], regoVersion: 1 });
  return loadPolicy(wasm, { strictBuiltinErrors: true }).evaluate('h/r', input).result;
}

/** The error message of evaluating `expr` ("code: builtin: text"; "no error: ..." when it evaluates). */
export async function error(expr: string, input?: unknown): Promise<string> {
  try {
    return `no error: ${JSON.stringify(await value(expr, input))}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
