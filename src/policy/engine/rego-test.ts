// Runs Rego unit tests as `opa test` does: every rule named `test_*` (without arguments) is a
// test; it passes when it is defined and not false. Rules named `todo_test_*` are skipped.
import { parseModule } from '../rego/parser.ts';
import { compileModules, toCompileError, type RegoModule } from './compile.ts';
import { loadPolicy } from './policy.ts';
import { messageOf } from './errors.ts';

export interface TestOutcome {
  /** `data.<package>.<rule>` */
  name: string;
  pass: boolean;
  /** Why it failed: undefined result, false, or the evaluation error. */
  reason?: string;
}

export interface TestOptions {
  regoVersion?: 0 | 1;
  data?: Record<string, unknown>;
  timeoutMs?: number;
  cacheDir?: string;
}

/** The `test_*` rules of the modules, as entrypoints `pkg/test_x` in source order. */
export function findTests(modules: RegoModule[], regoVersion: 0 | 1 = 1): string[] {
  const seen = new Set<string>();
  for (const m of modules) {
    let parsed;
    try {
      parsed = parseModule(m.source, { filename: m.filename, regoVersion });
    } catch (e) {
      throw toCompileError(e);
    }
    const pkg = parsed.package.path.slice(1).map((t) => (t.value.type === 'string' ? t.value.value : '')).join('/');
    for (const r of parsed.rules) {
      const name = r.head.name;
      if (name.startsWith('test_') && !r.head.args && r.head.reference.length <= 1) seen.add(`${pkg}/${name}`);
    }
  }
  return [...seen];
}

export async function runTests(modules: RegoModule[], opts: TestOptions = {}): Promise<TestOutcome[]> {
  const tests = findTests(modules, opts.regoVersion ?? 1);
  if (tests.length === 0) return [];
  const wasm = await compileModules(modules, { entrypoints: tests, regoVersion: opts.regoVersion, cacheDir: opts.cacheDir });
  const policy = loadPolicy(wasm, { data: opts.data ?? {}, timeoutMs: opts.timeoutMs, strictBuiltinErrors: true });
  try {
    return tests.map((t) => {
      const name = `data.${t.split('/').join('.')}`;
      try {
        const r = policy.evaluate(t);
        if (!('result' in r)) return { name, pass: false, reason: 'undefined' };
        if (r.result === false) return { name, pass: false, reason: 'false' };
        return { name, pass: true };
      } catch (e) {
        return { name, pass: false, reason: `error: ${messageOf(e)}` };
      }
    });
  } finally {
    policy.close();
  }
}
