import { compilePolicy } from '../../../../src/policy/rego/compiler/index.ts';
import { interpret } from '../../../../src/policy/ir/interpret.ts';

/** Compiles modules and evaluates one entrypoint through the IR interpreter; undefined -> undefined. */
export function evalRego(sources: string | string[], entrypoint: string, input?: unknown, data?: unknown, regoVersion: 0 | 1 = 1): unknown {
  const list = Array.isArray(sources) ? sources : [sources];
  const policy = compilePolicy(list.map((source, i) => ({ filename: `m${i}.rego`, source })), { entrypoints: [entrypoint], regoVersion });
  const rs = interpret(policy, entrypoint, input, data ?? {}) as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

/** The RegoError (or other error) compiling the modules throws. */
export function compileErrorOf(sources: string | string[], entrypoint: string, regoVersion: 0 | 1 = 1): { code?: string; message: string; location?: { row: number } } {
  const list = Array.isArray(sources) ? sources : [sources];
  try {
    compilePolicy(list.map((source, i) => ({ filename: `m${i}.rego`, source })), { entrypoints: [entrypoint], regoVersion });
  } catch (e) {
    return e as { code?: string; message: string; location?: { row: number } };
  }
  throw new Error('expected a compile error');
}
