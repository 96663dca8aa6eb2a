// Evaluates Rego expressions through the real pipeline (compileModules -> wasm -> engine) for the
// builtin tests: `value('upper("a")')` is the value of `r := upper("a")`, undefined when it fails.
// The engine's x509 builtins load @peculiar/x509, which needs Reflect metadata installed first.
import 'reflect-metadata';
import { compileModules, loadPolicy } from '../../../../src/policy/index.ts';

/** The value of `expr`, or undefined when the rule is undefined. Builtin errors are strict. */
export async function value(expr: string, input?: unknown, regoVersion: 0 | 1 = 1): Promise<unknown> {
  const wasm = await compileModules([{ filename: 'b.rego', source: `package b\nr := ${expr}\n` }], { entrypoints: ['b/r'], regoVersion });
  const policy = loadPolicy(wasm, { strictBuiltinErrors: true });
  return policy.evaluate('b/r', input).result;
}

/** The error message of evaluating `expr` (fails the test when it evaluates). */
export async function error(expr: string, input?: unknown, regoVersion: 0 | 1 = 1): Promise<string> {
  try {
    const v = await value(expr, input, regoVersion);
    return `no error: ${JSON.stringify(v)}`;
  } catch (e) {
    return e instanceof Error ? `${(e as { code?: string }).code ?? ''} ${e.message}` : String(e);
  }
}
