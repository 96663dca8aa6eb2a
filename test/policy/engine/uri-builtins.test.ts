import { describe, expect, it } from 'vitest';
import { error, value } from './rego-eval.ts';

describe('uri.parse', () => {
  it('splits a URL into the parts Go net/url gives', async () => {
    expect(await value('uri.parse("HTTPS://example.com:8080/api?q=1&r=2#top")')).toEqual({
      scheme: 'https', hostname: 'example.com', port: '8080', path: '/api', raw_path: '/api', raw_query: 'q=1&r=2', fragment: 'top',
    });
    expect(await value('uri.parse("http://user:pw@[::1]:9090")')).toEqual({ scheme: 'http', hostname: '::1', port: '9090' });
    expect(await value('uri.parse("mailto:user@example.com")')).toEqual({ scheme: 'mailto' });
    expect(await value('uri.parse("/relative/path?x")')).toEqual({ path: '/relative/path', raw_path: '/relative/path', raw_query: 'x' });
    expect(await value('uri.parse("")')).toEqual({});
  });

  it('keeps raw_path only when the path does not re-escape to it', async () => {
    expect(await value('uri.parse("https://example.com/a%2Fb%20c")')).toMatchObject({ path: '/a/b c', raw_path: '/a%2Fb%20c' });
    expect(await value('uri.parse("https://example.com/a%20b")')).toMatchObject({ path: '/a b', raw_path: '/a b' });
    expect(await value('uri.parse("https://example.com/a%28b%29")')).toMatchObject({ path: '/a(b)', raw_path: '/a(b)' });
  });

  it("fails with Go's messages", async () => {
    expect(await error('uri.parse("http://exa%6dple.com/")')).toBe('eval_builtin_error: uri.parse: parse "http://exa%6dple.com/": invalid URL escape "%6d"');
    expect(await error('uri.parse("http://a<b@example.com/")')).toBe('eval_builtin_error: uri.parse: parse "http://a<b@example.com/": net/url: invalid userinfo');
    expect(await error('uri.parse("http://example.com:80a/")')).toBe('eval_builtin_error: uri.parse: parse "http://example.com:80a/": invalid port ":80a" after host');
    expect(await error('uri.parse("http://[::1/")')).toContain("missing ']' in host");
    expect(await error('uri.parse("1a:b")')).toContain('first path segment in URL cannot contain colon');
    expect(await error('uri.parse("http://x/#%zz")')).toBe('eval_builtin_error: uri.parse: parse "http://x/#%zz": invalid URL escape "%zz"');
  });
});

describe('uri.is_valid', () => {
  it('is true exactly where uri.parse succeeds on a non-empty string', async () => {
    expect(await value('uri.is_valid("https://example.com/path?q=1")')).toBe(true);
    expect(await value('uri.is_valid("http://foo]bar/")')).toBe(true);
    expect(await value('uri.is_valid("")')).toBe(false);
    expect(await value('uri.is_valid("http://[invalid")')).toBe(false);
    expect(await value('uri.is_valid("http://user name@example.com/")')).toBe(false);
    expect(await value('uri.is_valid(42)')).toBe(false);
  });
});
