// uri.parse and uri.is_valid with the rules of Go's net/url Parse: the scheme is lowercased,
// rootless paths are opaque, the host may hold %-escapes only for non-ASCII bytes, userinfo
// and port are checked, and raw_path is kept only when the path does not re-escape to it.
import { HostBuiltinError, str, type HostBuiltin } from './builtin-args.ts';

type Mode = 'path' | 'host' | 'zone' | 'user' | 'fragment';

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'user') return c === '@' || c === '/' || c === '?' || c === ':';
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

/** Go's unescape over UTF-8 bytes; the errors are Go's EscapeError and InvalidHostError. */
function unescape(s: string, mode: Mode): string {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b === 0x25) {
      const h1 = String.fromCharCode(bytes[i + 1] ?? 0);
      const h2 = String.fromCharCode(bytes[i + 2] ?? 0);
      if (i + 2 >= bytes.length || !isHex(h1) || !isHex(h2)) {
        throw new HostBuiltinError(`invalid URL escape ${JSON.stringify(bytes.subarray(i, i + 3).toString('utf8'))}`);
      }
      const v = parseInt(h1 + h2, 16);
      const esc = `%${h1}${h2}`;
      // in the host, escapes are for non-ASCII bytes only (RFC 3986 3.2.2), %25 aside
      if (mode === 'host' && v < 0x80 && esc !== '%25') throw new HostBuiltinError(`invalid URL escape ${JSON.stringify(esc)}`);
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && b < 0x80 && shouldEscape(String.fromCharCode(b), mode)) {
      throw new HostBuiltinError(`invalid character ${JSON.stringify(String.fromCharCode(b))} in host name`);
    }
    out.push(b);
    i++;
  }
  return Buffer.from(out).toString('utf8');
}

function escapePath(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && !shouldEscape(c, 'path') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const validPort = (p: string) => p === '' || /^:[0-9]*$/.test(p);
const validUserinfo = (u: string) => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(u);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new HostBuiltinError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validPort(colonPort)) throw new HostBuiltinError(`invalid port ${JSON.stringify(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validPort(host.slice(i))) throw new HostBuiltinError(`invalid port ${JSON.stringify(host.slice(i))} after host`);
  }
  return unescape(host, 'host');
}

interface Url {
  scheme: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  fragment: string;
}

function parseUrl(raw: string): Url {
  const u: Url = { scheme: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  const hash = raw.indexOf('#');
  let rest = hash < 0 ? raw : raw.slice(0, hash);
  if (/[\x00-\x1f\x7f]/.test(rest)) throw new HostBuiltinError('net/url: invalid control character in URL');
  const m = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(rest);
  if (rest.startsWith(':')) throw new HostBuiltinError('missing protocol scheme');
  if (m) {
    u.scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const qi = rest.indexOf('?');
    if (qi >= 0) [rest, u.rawQuery] = [rest.slice(0, qi), rest.slice(qi + 1)];
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') return withFragment(u, raw, hash); // rootless: opaque
    if (rest.split('/')[0].includes(':')) throw new HostBuiltinError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const at = authority.lastIndexOf('@');
    u.host = parseHost(authority.slice(at + 1));
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) throw new HostBuiltinError('net/url: invalid userinfo');
      for (const part of userinfo.split(':', 2)) unescape(part, 'user');
    }
  }
  u.path = unescape(rest, 'path');
  u.rawPath = escapePath(u.path) === rest ? '' : rest;
  return withFragment(u, raw, hash);
}

/** A parse error and the URL text Go names in it (the whole URL only when the fragment was bad). */
class UrlError extends Error {
  readonly url: string;
  constructor(message: string, url: string) {
    super(message);
    this.url = url;
  }
}

function withFragment(u: Url, raw: string, hash: number): Url {
  if (hash < 0) return u;
  try {
    u.fragment = unescape(raw.slice(hash + 1), 'fragment');
  } catch (e) {
    throw new UrlError((e as Error).message, raw);
  }
  return u;
}

function parseOrThrow(raw: string): Url {
  try {
    return parseUrl(raw);
  } catch (e) {
    if (e instanceof UrlError) throw e;
    const hash = raw.indexOf('#');
    throw new UrlError((e as Error).message, hash < 0 ? raw : raw.slice(0, hash));
  }
}

/** What an HTTP signer needs of a URL, as Go's url.Parse gives it (host with port). */
export function urlParts(raw: string): { host: string; escapedPath: string; rawQuery: string } {
  const u = parseOrThrow(raw);
  return { host: u.host, escapedPath: u.rawPath || escapePath(u.path), rawQuery: u.rawQuery };
}

function uriParse(v: unknown): unknown {
  const raw = str(v, 'uri.parse', 1);
  let u: Url;
  try {
    u = parseOrThrow(raw);
  } catch (e) {
    throw new HostBuiltinError(`uri.parse: parse ${JSON.stringify((e as UrlError).url)}: ${(e as Error).message}`);
  }
  const out: Record<string, string> = {};
  if (u.scheme) out.scheme = u.scheme;
  const host = u.host.startsWith('[') ? u.host.slice(1, u.host.lastIndexOf(']')) : u.host.replace(/:[0-9]*$/, '');
  const port = u.host.startsWith('[') ? u.host.slice(u.host.lastIndexOf(']') + 2) : (/:([0-9]*)$/.exec(u.host)?.[1] ?? '');
  if (host) out.hostname = host;
  if (port) out.port = port;
  if (u.path) out.path = u.path;
  if (u.rawPath || u.path) out.raw_path = u.rawPath || u.path;
  if (u.rawQuery) out.raw_query = u.rawQuery;
  if (u.fragment) out.fragment = u.fragment;
  return out;
}

export const uriBuiltins: Record<string, HostBuiltin> = {
  'uri.parse': uriParse,
  'uri.is_valid': (v) => {
    if (typeof v !== 'string' || v === '') return false;
    try {
      parseOrThrow(v);
      return true;
    } catch {
      return false;
    }
  },
};
