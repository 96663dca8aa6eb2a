import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '../../src/policy/engine/bundle.ts';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

function ocm(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, 'policy', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocm-policy-cli-'));
  mkdirSync(join(dir, 'policy', 'k8s'), { recursive: true });
  writeFileSync(
    join(dir, 'policy', 'k8s', 'deny.rego'),
    [
      'package k8s',
      '',
      'deny contains msg if {',
      '  some label in data.k8s.required',
      '  not input.metadata.labels[label]',
      '  msg := sprintf("%s: missing label %s", [input.metadata.name, label])',
      '}',
      '',
      'allow if count(deny) == 0',
      '',
    ].join('\n'),
  );
  // Data files land at their directory's path: policy/k8s/data.json → data.k8s.
  writeFileSync(join(dir, 'policy', 'k8s', 'data.json'), JSON.stringify({ required: ['owner', 'team'] }));
  writeFileSync(join(dir, 'pod.json'), JSON.stringify({ metadata: { name: 'web', labels: { owner: 'ops' } } }));
  return dir;
}

describe('ocm policy eval', () => {
  it('prints the result of a rule, and {} when it is undefined', () => {
    const dir = workspace();
    const deny = ocm('eval', '-d', join(dir, 'policy'), '--input', join(dir, 'pod.json'), 'data.k8s.deny');
    expect(deny.stderr).toBe('');
    expect(JSON.parse(deny.stdout)).toEqual({ result: ['web: missing label team'] });
    const allow = ocm('eval', '-d', join(dir, 'policy'), '--input', join(dir, 'pod.json'), 'data.k8s.allow');
    expect(JSON.parse(allow.stdout)).toEqual({});
  });

  it('reports a compile error with its file and line, and rejects a query that is not a data ref', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'bad.rego'), 'package bad\n\np if {\n  x := \n}\n');
    const bad = ocm('eval', '-d', join(dir, 'bad.rego'), 'data.bad.p');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.rego:\d+/);
    expect(bad.stderr).toMatch(/rego_parse_error/);
    const query = ocm('eval', '-d', join(dir, 'policy'), 'input.x == 1');
    expect(query.code).toBe(1);
    expect(query.stderr).toMatch(/expected a reference under data, such as data.k8s.deny/);
  });
});

describe('ocm policy build', () => {
  it('writes an OPA bundle that eval runs with --bundle', () => {
    const dir = workspace();
    const out = join(dir, 'bundle.tar.gz');
    const build = ocm('build', '-e', 'k8s/deny', '-o', out, join(dir, 'policy'));
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const bundle = readBundle(readFileSync(out));
    expect(bundle.manifest.wasm).toEqual([{ entrypoint: 'k8s/deny', module: '/policy.wasm' }]);
    expect(bundle.data).toEqual({ k8s: { required: ['owner', 'team'] } });
    const evalB = ocm('eval', '--bundle', out, '--input', join(dir, 'pod.json'), 'data.k8s.deny');
    expect(JSON.parse(evalB.stdout)).toEqual({ result: ['web: missing label team'] });
  });

  it('requires an entrypoint', () => {
    const dir = workspace();
    const r = ocm('build', join(dir, 'policy'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/name at least one entrypoint with -e/);
  });
});

describe('ocm policy test', () => {
  it('runs test_ rules and prints N passed, M failed', () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'policy', 'k8s', 'deny_test.rego'),
      [
        'package k8s_test',
        '',
        'import data.k8s',
        '',
        'test_missing_team if {',
        '  k8s.deny == {"api: missing label team"} with input as {"metadata": {"name": "api", "labels": {"owner": "x"}}}',
        '}',
        '',
        'test_all_labels if {',
        '  k8s.allow with input as {"metadata": {"name": "api", "labels": {"owner": "x", "team": "y"}}}',
        '}',
        '',
        'test_wrong if {',
        '  k8s.allow with input as {"metadata": {"name": "api", "labels": {}}}',
        '}',
        '',
      ].join('\n'),
    );
    const r = ocm('test', join(dir, 'policy'));
    expect(r.stdout).toContain('FAIL data.k8s_test.test_wrong (undefined)');
    expect(r.stdout.trim().split('\n').pop()).toBe('2 passed, 1 failed');
    expect(r.code).toBe(1);
  });
});
