import { describe, expect, it } from 'vitest';
import { customBuiltins, hostBuiltins } from '../../../src/policy/engine/host-builtins.ts';

const call = (name: string, ...args: unknown[]) => hostBuiltins[name](...args);

describe('host builtins', () => {
  it('regex with RE2 syntax', () => {
    expect(call('regex.match', '(?i)^NGINX', 'nginx:1.25')).toBe(true);
    expect(call('regex.match', '^[a-z]+\\z', 'abc\n')).toBe(false);
    expect(call('regex.find_n', '[0-9]+', 'a1b22c333', 2)).toEqual(['1', '22']);
    expect(call('regex.replace', 'image:v1', 'v(\\d)', 'version-$1')).toBe('image:version-1');
    expect(call('regex.is_valid', '(')).toBe(false);
  });

  it('glob.match with default, custom and no delimiters', () => {
    expect(call('glob.match', '*.github.com', [], 'api.github.com')).toBe(true);
    expect(call('glob.match', '*.github.com', [], 'api.cdn.github.com')).toBe(false);
    expect(call('glob.match', '**.github.com', [], 'api.cdn.github.com')).toBe(true);
    expect(call('glob.match', '*:github:com', [':'], 'api:github:com')).toBe(true);
    expect(call('glob.match', '{docker,quay}.io/*', null, 'quay.io/a/b')).toBe(true);
    expect(call('glob.match', 'v[0-9].?', [], 'v1.x')).toBe(true);
  });

  it('units and net.cidr_contains', () => {
    expect(call('units.parse_bytes', '10Ki')).toBe(10240);
    expect(call('units.parse_bytes', '1.5G')).toBe(1_500_000_000);
    expect(JSON.stringify(call('units.parse_bytes', '10eib'))).toBe('11529215046068469760');
    expect(call('units.parse', '1.1Ki')).toBe(1126.4);
    expect(call('units.parse', '-3.5E2m')).toBe(-0.35);
    expect(() => call('units.parse', '100 k')).toThrow(/spaces not allowed/);
    expect(call('units.parse', '250m')).toBe(0.25);
    expect(call('units.parse', '2M')).toBe(2_000_000);
    expect(call('net.cidr_contains', '10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(call('net.cidr_contains', '10.0.0.0/8', '11.0.0.0/16')).toBe(false);
    expect(call('net.cidr_contains', '2001:db8::/32', '2001:db8:1::/48')).toBe(true);
    expect(call('net.cidr_contains', '::ffff:0:0/96', '::ffff:1.2.3.4')).toBe(true);
  });

  it('strings.any_prefix_match over strings and arrays', () => {
    expect(call('strings.any_prefix_match', 'quay.io/x', ['docker.io/', 'quay.io/'])).toBe(true);
    expect(call('strings.any_suffix_match', ['a.yaml', 'b.json'], '.txt')).toBe(false);
  });

  it('turns errors into undefined, or into eval_builtin_error when strict', () => {
    expect(customBuiltins(false)['units.parse_bytes']('lots')).toBeUndefined();
    expect(() => customBuiltins(true)['units.parse_bytes']('lots')).toThrow(/^eval_builtin_error: units.parse_bytes: no byte amount provided/);
    expect(() => customBuiltins(true)['units.parse_bytes'](7)).toThrow(/^eval_type_error: units.parse_bytes: operand 1 must be string/);
  });

  it('graph reachability, uuids and semver', () => {
    const g = { a: ['b'], b: ['c', 'zz'], c: ['a'], d: [] };
    expect(call('graph.reachable', g, ['a'])).toEqual(['a', 'b', 'c']);
    expect(call('graph.reachable_paths', { a: ['b', 'c'], b: ['c'], c: [] }, ['a'])).toEqual([['a', 'b', 'c'], ['a', 'c']]);
    expect(() => call('graph.reachable', [], ['a'])).toThrow(/operand 1 must be object/);
    expect(call('uuid.parse', '{00000000-0000-4000-8000-000000000000}')).toEqual({ variant: 'RFC4122', version: 4 });
    expect(call('uuid.parse', 'not-a-uuid')).toBeUndefined();
    expect(call('uuid.rfc4122', 'k')).toBe(call('uuid.rfc4122', 'k'));
    expect(call('semver.compare', '1.0.0-alpha', '1.0.0')).toBe(-1);
    expect(call('semver.compare', '1.10.0', '1.9.0')).toBe(1);
    expect(call('semver.is_valid', 'v1.0.0')).toBe(false);
    expect(() => call('semver.compare', '1', '1.0.0')).toThrow(/operand 1: string "1" is not a valid SemVer/);
  });
});
