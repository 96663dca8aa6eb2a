// glob.match, net.cidr_* and time.* builtins, native in the wasm runtime.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

describe('glob.match', () => {
  it('matches with delimiters, super-asterisks, classes and alternatives', async () => {
    expect(await value('glob.match("*.github.com", [], "api.github.com")')).toBe(true);
    expect(await value('glob.match("*.github.com", [], "api.cdn.github.com")')).toBe(false);
    expect(await value('glob.match("**.github.com", [], "api.cdn.github.com")')).toBe(true);
    expect(await value('glob.match("*:github:com", [":"], "api:github:com")')).toBe(true);
    expect(await value('glob.match("{cat,bat}[!a-c]", null, "catd")')).toBe(true);
    expect(await value('glob.match("?at", null, "cat")')).toBe(true);
    expect(await error('glob.match("a[", null, "a")')).toContain('glob.match: unexpected end of input in pattern a[');
  });
});

describe('net', () => {
  it('checks CIDR containment and intersection for IPv4 and IPv6', async () => {
    expect(await value('net.cidr_contains("10.0.0.0/8", "10.1.2.3")')).toBe(true);
    expect(await value('net.cidr_contains("10.0.0.0/8", "11.1.2.3")')).toBe(false);
    expect(await value('net.cidr_contains("10.0.0.0/8", "10.1.0.0/16")')).toBe(true);
    expect(await value('net.cidr_contains("10.1.0.0/16", "10.0.0.0/8")')).toBe(false);
    expect(await value('net.cidr_contains("2001:db8::/32", "2001:db8:1::1")')).toBe(true);
    expect(await value('net.cidr_contains("::ffff:0:0/96", "::ffff:1.2.3.4")')).toBe(true);
    expect(await value('net.cidr_intersects("192.168.0.0/16", "192.168.1.0/24")')).toBe(true);
    expect(await value('net.cidr_intersects("192.168.0.0/24", "192.168.1.0/24")')).toBe(false);
    expect(await value('net.cidr_is_valid("10.0.0.0/33")')).toBe(false);
    expect(await value('net.cidr_is_valid("::/0")')).toBe(true);
    expect(await error('net.cidr_contains("10.0.0.0", "10.0.0.1")')).toContain('eval_builtin_error: net.cidr_contains');
  });
});

describe('net merge, matches and expand', () => {
  it('merges CIDRs and addresses into the fewest networks', async () => {
    expect(await value('net.cidr_merge(["192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"])')).toEqual(['192.0.2.112/29']);
    expect(await value('net.cidr_merge(["192.0.128.0", "192.0.129.0"])')).toEqual(['192.0.128.0/23']);
    expect(await value('net.cidr_merge(["fe80::/120", "192.0.2.0/24", "192.0.3.0/24"])')).toEqual(['192.0.2.0/23', 'fe80::/120']);
    expect(await value('net.cidr_merge(["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64"])')).toEqual(['2601:600:8a80:207e::/64']);
    expect(await error('net.cidr_merge(["2001:db8::1"])')).toContain('net.cidr_merge: IPv6 invalid: needs prefix length');
  });

  it('matches CIDRs against addresses by key and expands small networks', async () => {
    expect(await value('net.cidr_contains_matches(["1.1.2.0/24", "1.1.1.0/24"], ["1.1.1.1", "1.1.2.1"])')).toEqual([[0, 1], [1, 0]]);
    expect(await value('net.cidr_contains_matches({"k1": "1.1.1.1/24"}, "1.1.1.128")')).toEqual([['k1', '1.1.1.128']]);
    expect(await error('net.cidr_contains_matches(["1.1.1.0/24"], [[]])')).toContain('operand 2: element must be string or non-empty array');
    expect(await value('net.cidr_expand("192.168.1.1/31")')).toEqual(['192.168.1.0', '192.168.1.1']);
  });
});

describe('regex templates and glob quoting', () => {
  it('matches templates with regex parts and quotes glob metacharacters', async () => {
    expect(await value('regex.template_match("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}")')).toBe(true);
    expect(await value('regex.template_match("urn:foo:<[a-z]+>", "urn:foo:BAR", "<", ">")')).toBe(false);
    expect(await value('glob.quote_meta("*.github.com")')).toBe('\\*.github.com');
  });
});

describe('time', () => {
  it('parses RFC 3339 to nanoseconds within the int64 range', async () => {
    expect(await value('time.parse_rfc3339_ns("2017-06-02T19:00:00-07:00")')).toBe(1496455200000000000);
    expect(await value('format_int(time.parse_rfc3339_ns("2262-04-11T23:47:16.854775807Z"), 10)')).toBe('9223372036854775807');
    expect(await error('time.parse_rfc3339_ns("1677-09-21T00:12:43.145224191-00:00")')).toContain('time outside of valid range');
    expect(await error('time.parse_rfc3339_ns("2020-02-30T00:00:00Z")')).toContain('eval_builtin_error: time.parse_rfc3339_ns: parsing time');
  });

  it('parses Go durations', async () => {
    expect(await value('time.parse_duration_ns("1h30m")')).toBe(5400000000000);
    expect(await value('time.parse_duration_ns("1.5s")')).toBe(1500000000);
    expect(await value('time.parse_duration_ns("-300ms")')).toBe(-300000000);
    expect(await error('time.parse_duration_ns("1x")')).toContain('time: unknown unit "x" in duration "1x"');
  });

  it('splits timestamps into date, clock and weekday and adds dates', async () => {
    expect(await value('time.date(1582977600000000000)')).toEqual([2020, 2, 29]);
    expect(await value('time.clock([1517832000000000000, "UTC"])')).toEqual([12, 0, 0]);
    expect(await value('time.weekday(1518350400000000000)')).toBe('Sunday');
    expect(await value('time.date(-1)')).toEqual([1969, 12, 31]);
    expect(await value('time.add_date(1585852421593912000, 3, 9, 12)')).toBe(1705257221593912000);
    expect(await error('time.add_date(0, 2262, 1, 1)')).toContain('time outside of valid range');
  });
});
