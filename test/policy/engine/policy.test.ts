import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { writeTar } from '../../../src/policy/engine/tar.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BundleError,
  EvalConflictError,
  EvalLimitError,
  EvalTypeError,
  PolicyError,
  loadPolicy,
  readBundle,
  writeBundle,
} from '../../../src/policy/engine/index.ts';
import { abiFixture } from './abi-fixture.ts';

const wasm = abiFixture();

describe('loading and evaluating an OPA-ABI wasm module', () => {
  it('lists the entrypoints and evaluates with JS values and JSON text', () => {
    const p = loadPolicy(wasm);
    expect(p.entrypoints).toEqual(['echo', 'loop', 'conflict', 'grow', 'data', 'builtin']);
    expect(p.evaluate('echo', { user: 'alice', n: [1, 2] })).toEqual({ result: { user: 'alice', n: [1, 2] } });
    expect(p.evaluateJson('echo', '{"kind":"Pod"}')).toEqual({ result: { kind: 'Pod' } });
    expect(p.evaluateJson('echo', Buffer.from('xx[1,2]').subarray(2))).toEqual({ result: [1, 2] });
  });

  it('reports an undefined result as {} and keeps falsy inputs defined', () => {
    const p = loadPolicy(wasm);
    expect(p.evaluate('echo')).toEqual({});
    expect(p.evaluate('echo', false)).toEqual({ result: false });
    expect(p.evaluate('echo', 0)).toEqual({ result: 0 });
    expect(p.evaluate('echo', null)).toEqual({ result: null });
  });

  it('replaces data with setData and setDataJson', () => {
    const p = loadPolicy(wasm, { data: { a: 1 } });
    expect(p.evaluate('data')).toEqual({ result: { a: 1 } });
    p.setData({ b: [true] });
    expect(p.evaluate('data')).toEqual({ result: { b: [true] } });
    p.setDataJson('{"c":"x"}');
    expect(p.evaluate('data')).toEqual({ result: { c: 'x' } });
  });

  it('names the available entrypoints when asked for an unknown one', () => {
    const p = loadPolicy(wasm);
    expect(() => p.evaluate('k8s/deny')).toThrow(/entrypoint k8s\/deny is not defined; the policy exports: echo, loop/);
  });

  it('passes host builtins and maps runtime aborts to typed errors', () => {
    const p = loadPolicy(wasm);
    expect(p.evaluate('builtin', 'abc')).toEqual({ result: true });
    expect(p.evaluate('builtin', 'xyz')).toEqual({ result: false });
    // A builtin error makes the call undefined unless builtin errors are strict, as in OPA;
    // a wrong operand type is OPA's eval_type_error.
    expect(p.evaluate('builtin', 42)).toEqual({});
    const strict = loadPolicy(wasm, { strictBuiltinErrors: true });
    expect(() => strict.evaluate('builtin', 42)).toThrow(EvalTypeError);
    expect(() => strict.evaluate('builtin', 42)).toThrow(/regex.match: operand 2 must be string but got number/);
    const err = catchError(() => p.evaluate('conflict'));
    expect(err).toBeInstanceOf(EvalConflictError);
    expect((err as PolicyError).code).toBe('eval_conflict_error');
  });

  it('stops a policy that exhausts its memory limit and stays usable afterwards', () => {
    const p = loadPolicy(wasm, { maxMemoryPages: 64, data: { kept: true } });
    const err = catchError(() => p.evaluate('grow'));
    expect(err).toBeInstanceOf(EvalLimitError);
    expect((err as EvalLimitError).limit).toBe('memory');
    expect(p.evaluate('data')).toEqual({ result: { kept: true } });
    // An input larger than the limit is refused the same way.
    expect(() => p.evaluateJson('echo', JSON.stringify('x'.repeat(5_000_000)))).toThrow(EvalLimitError);
    expect(p.evaluate('echo', 1)).toEqual({ result: 1 });
    // text that fits is taken whole, however close to the limit (not sized at the UTF-8 worst case)
    expect(p.evaluateJson('data', JSON.stringify({ big: 'x'.repeat(1_500_000) }))).toEqual({ result: { kept: true } });
    expect(p.evaluateJson('echo', JSON.stringify({ 'ünï': 'cödé ✓' }))).toEqual({ result: { 'ünï': 'cödé ✓' } });
  });

  it('rejects bytes that are neither wasm nor a bundle, and modules without the ABI memory import', () => {
    expect(() => loadPolicy(new TextEncoder().encode('package x'))).toThrow(BundleError);
    const noMemory = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(() => loadPolicy(noMemory)).toThrow(/does not import env.memory/);
    expect(() => loadPolicy(join(tmpdir(), 'no-such-policy.wasm'))).toThrow(/no such file/);
  });
});

describe('time limit', () => {
  it('returns an error for a policy that never finishes, then evaluates normally', () => {
    const p = loadPolicy(wasm, { timeoutMs: 300, data: { z: 2 } });
    try {
      expect(p.evaluate('echo', { a: 1 })).toEqual({ result: { a: 1 } });
      const err = catchError(() => p.evaluate('loop'));
      expect(err).toBeInstanceOf(EvalLimitError);
      expect((err as EvalLimitError).code).toBe('eval_cancel_error');
      // A fresh worker picks up the data set before the timeout.
      expect(p.evaluate('data')).toEqual({ result: { z: 2 } });
      p.setData({ z: 3 });
      expect(p.evaluate('data')).toEqual({ result: { z: 3 } });
      expect(() => p.evaluate('conflict')).toThrow(EvalConflictError);
    } finally {
      p.close();
    }
  });
});

describe('bundles', () => {
  it('round-trips a bundle written by writeBundle, from bytes, a file and a directory', () => {
    const bytes = writeBundle({
      wasm,
      entrypoints: ['echo', 'data'],
      data: { team: { owner: 'ops' } },
      modules: [{ filename: 'k8s/policy.rego', source: 'package k8s\n' }],
    });
    const b = readBundle(bytes);
    expect(b.manifest.wasm).toEqual([
      { entrypoint: 'echo', module: '/policy.wasm' },
      { entrypoint: 'data', module: '/policy.wasm' },
    ]);
    expect(b.modules).toEqual([{ filename: 'k8s/policy.rego', source: 'package k8s\n' }]);
    expect(loadPolicy(bytes).evaluate('data')).toEqual({ result: { team: { owner: 'ops' } } });

    const dir = mkdtempSync(join(tmpdir(), 'engine-bundle-'));
    writeFileSync(join(dir, 'bundle.tar.gz'), bytes);
    expect(loadPolicy(join(dir, 'bundle.tar.gz')).evaluate('echo', 'hi')).toEqual({ result: 'hi' });
    // Explicit data replaces the bundle's data.
    expect(loadPolicy(bytes, { data: { other: 1 } }).evaluate('data')).toEqual({ result: { other: 1 } });
  });

  it('loads an unpacked bundle directory with nested data files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-bundle-dir-'));
    writeFileSync(join(dir, 'policy.wasm'), wasm);
    writeFileSync(join(dir, 'data.json'), '{"top": 1}');
    const sub = join(dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'data.yaml'), 'x: [1, 2]\n');
    expect(loadPolicy(dir).evaluate('data')).toEqual({ result: { top: 1, a: { b: { x: [1, 2] } } } });
  });

  it('explains a bundle without policy.wasm, a manifest naming a missing module, and a corrupt archive', () => {
    const enc = new TextEncoder();
    const regoOnly = gzipSync(writeTar([{ name: '/x.rego', data: enc.encode('package x\n') }]));
    expect(() => loadPolicy(regoOnly)).toThrow(/holds no policy.wasm/);
    const missing = gzipSync(
      writeTar([{ name: '/.manifest', data: enc.encode('{"wasm":[{"entrypoint":"x/p","module":"/other.wasm"}]}') }]),
    );
    expect(() => loadPolicy(missing)).toThrow(/names wasm module other.wasm, which the bundle does not contain/);
    const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    expect(() => loadPolicy(gz)).toThrow(/bundle: cannot read archive/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
