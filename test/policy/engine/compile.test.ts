import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompileError,
  EvalBuiltinError,
  EvalConflictError,
  EvalLimitError,
  clearCompileCache,
  compileModules,
  loadPolicy,
} from '../../../src/policy/engine/index.ts';
import { abiFixture } from './abi-fixture.ts';

const mod = (source: string, filename = 'policy.rego') => [{ filename, source }];

async function policyOf(source: string, entrypoints: string[], regoVersion: 0 | 1 = 1) {
  return loadPolicy(await compileModules(mod(source), { entrypoints, regoVersion }));
}

describe('compileModules', () => {
  it('compiles Rego v1 and v0 to modules that evaluate input and data', async () => {
    const v1 = await policyOf('package k8s\n\ndeny contains msg if {\n  input.kind == "Pod"\n  msg := "no pods"\n}\n', ['data.k8s.deny']);
    expect(v1.entrypoints).toEqual(['k8s/deny']);
    expect(v1.evaluateJson('k8s/deny', '{"kind":"Pod"}')).toEqual({ result: ['no pods'] });
    expect(v1.evaluate('data.k8s.deny', { kind: 'Service' })).toEqual({ result: [] });

    const v0 = await policyOf('package lib\n\nallowed[x] { x := data.names[_] }\n', ['lib/allowed'], 0);
    v0.setData({ names: ['b', 'a'] });
    expect(v0.evaluate('lib/allowed')).toEqual({ result: ['a', 'b'] });
  });

  it('keeps memory flat across many evaluations', async () => {
    const p = await policyOf('package m\n\nnames := [n | n := input.items[_].name]\n', ['m/names']);
    const text = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ name: `item-${i}`, pad: 'x'.repeat(40) })) });
    p.evaluateJson('m/names', text);
    const pages = p.memoryPages();
    for (let i = 0; i < 5000; i++) p.evaluateJson('m/names', text);
    expect(p.memoryPages()).toBe(pages);
  });

  it('caches by content: the same sources give the same module without recompiling', async () => {
    const src = mod('package c\n\np := 42\n');
    const a = await compileModules(src, { entrypoints: ['c/p'] });
    const b = await compileModules([{ ...src[0] }], { entrypoints: ['data.c.p'] });
    expect(b).toBe(a);
    const other = await compileModules(mod('package c\n\np := 43\n'), { entrypoints: ['c/p'] });
    expect(other).not.toBe(a);
  });

  it('reads and writes the on-disk cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-cache-'));
    const src = mod('package disk\n\np := "from rego"\n');
    await compileModules(src, { entrypoints: ['disk/p'], cacheDir: dir });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.wasm$/);
    // A later process finds the module on disk: plant a different module there to prove it is read.
    writeFileSync(join(dir, files[0]), abiFixture());
    clearCompileCache();
    const fromDisk = await compileModules(src, { entrypoints: ['disk/p'], cacheDir: dir });
    expect(loadPolicy(fromDisk).entrypoints).toContain('echo');
  });

  it('reports parse and compile errors with OPA codes and locations', async () => {
    const parse = await compileModules(mod('package bad\n\np if {\n  x := \n}\n', 'bad.rego'), { entrypoints: ['bad/p'] }).catch((e: unknown) => e);
    expect(parse).toBeInstanceOf(CompileError);
    expect((parse as CompileError).code).toBe('rego_parse_error');
    expect((parse as CompileError).location?.file).toBe('bad.rego');
    expect((parse as CompileError).message).toMatch(/^bad\.rego:\d+:\d+: rego_parse_error: /);
    const recursion = await compileModules(mod('package r\n\nf(x) := y if { y := f(x) }\np := f(1)\n'), { entrypoints: ['r/p'] }).catch((e: unknown) => e);
    expect((recursion as CompileError).code).toBe('rego_recursion_error');
  });
});

describe('evaluation errors and limits on compiled policies', () => {
  it('raises eval_conflict_error and eval_builtin_error', async () => {
    const src = 'package e\n\nconflict := 1 if true\nconflict := 2 if true\n\nratio := 1 / input.x\n';
    const p = await policyOf(src, ['e/conflict', 'e/ratio']);
    expect(() => p.evaluate('e/conflict')).toThrow(EvalConflictError);
    // By default a builtin error makes the expression undefined, as in OPA; strict mode raises it.
    expect(p.evaluate('e/ratio', { x: 0 })).toEqual({});
    expect(p.evaluate('e/ratio', { x: 4 })).toEqual({ result: 0.25 });
    const strict = loadPolicy(await compileModules(mod(src), { entrypoints: ['e/ratio'] }), { strictBuiltinErrors: true });
    expect(() => strict.evaluate('e/ratio', { x: 0 })).toThrow(EvalBuiltinError);
    expect(() => strict.evaluate('e/ratio', { x: 0 })).toThrow(/divide by zero/);
  });

  it('stops runaway evaluations at the time and memory limits', async () => {
    const a = Array.from({ length: 1000 }, (_, i) => i);
    const wasm = await compileModules(
      mod('package run\n\nspin := count({1 | input.a[_]; input.a[_]; input.a[_]; input.a[_]})\nhog := count([x | x := input.a[_]; input.a[_]; input.a[_]])\nok := count(input.a)\n'),
      { entrypoints: ['run/spin', 'run/hog', 'run/ok'] },
    );
    const timed = loadPolicy(wasm, { timeoutMs: 500 });
    try {
      const err = (() => {
        try {
          timed.evaluate('run/spin', { a });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(EvalLimitError);
      expect((err as EvalLimitError).limit).toBe('time');
      expect(timed.evaluate('run/ok', { a })).toEqual({ result: 1000 });
    } finally {
      timed.close();
    }
    // A step budget stops the same policy in-thread, and resets for the next evaluation.
    const budget = loadPolicy(wasm, { maxSteps: 100_000 });
    const stepErr = (() => {
      try {
        budget.evaluate('run/spin', { a });
      } catch (e) {
        return e;
      }
    })();
    expect(stepErr).toBeInstanceOf(EvalLimitError);
    expect((stepErr as EvalLimitError).limit).toBe('steps');
    expect(budget.evaluate('run/ok', { a })).toEqual({ result: 1000 });
    expect(() => loadPolicy(abiFixture(), { maxSteps: 10 })).toThrow(/maxSteps needs a module compiled by ocm/);

    const small = loadPolicy(wasm, { maxMemoryPages: 64 });
    expect(() => small.evaluate('run/hog', { a })).toThrow(EvalLimitError);
    expect(small.evaluate('run/ok', { a })).toEqual({ result: 1000 });
  });
});
