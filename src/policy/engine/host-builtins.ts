// Builtins the host supplies to a wasm policy (passed to the SDK as customBuiltins). Our runtime
// implements most builtins natively; these cover what a module may still ask the host for, such
// as modules built by the real `opa build -t wasm`, where regex and strings helpers are host calls.
// The SDK's own JS builtins (sprintf, regex.split, yaml.*, json.is_valid) take precedence over these.
import { globMatch } from './glob.ts';
import { cidrContains } from './cidr.ts';
import { parseBytes, parseUnits } from './units.ts';
import { HostBuiltinError, HostTypeError, num, str, strings, typeName, type HostBuiltin } from './builtin-args.ts';
import { cryptoBuiltins } from './crypto-builtins.ts';
import { miscBuiltins } from './misc-builtins.ts';
import { timeBuiltins } from './time-builtins.ts';
import { uriBuiltins } from './uri-builtins.ts';
import { schemaBuiltins } from './schema-builtins.ts';
import { graphqlBuiltins } from './graphql/builtins.ts';
import { awsBuiltins } from './aws-sign.ts';
import { renderTemplate } from './go-template.ts';
import { globsMatch } from './globs-match.ts';
import { regoParseModule } from './rego-parse-module.ts';
import { httpSend } from './http-send.ts';
import { lookupBuiltins } from './lookup-ip.ts';
import { withCallArgs } from './exact-args.ts';

export { HostBuiltinError, HostTypeError, type HostBuiltin } from './builtin-args.ts';

const regexCache = new Map<string, RegExp>();

/** Compiles an RE2 pattern as a JS RegExp, translating the RE2-only syntax Kubernetes policies use. */
export function re2(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  let src = pattern;
  let flags = '';
  const inline = /^\(\?([imsU]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('m')) flags += 'm';
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:alpha:\]/g, 'a-zA-Z')
    .replace(/\[:digit:\]/g, '0-9')
    .replace(/\[:alnum:\]/g, 'a-zA-Z0-9')
    .replace(/\[:space:\]/g, '\\s')
    .replace(/\[:upper:\]/g, 'A-Z')
    .replace(/\[:lower:\]/g, 'a-z')
    .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~')
    .replace(/\[:xdigit:\]/g, '0-9A-Fa-f');
  try {
    re = new RegExp(src, flags + 'u');
  } catch {
    try {
      re = new RegExp(src, flags);
    } catch (e) {
      throw new HostBuiltinError(`error parsing regexp: ${(e as Error).message}`);
    }
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}

function findAll(pattern: string, value: string, n: number): RegExpExecArray[] {
  const base = re2(pattern);
  const re = new RegExp(base.source, base.flags.includes('g') ? base.flags : base.flags + 'g');
  const out: RegExpExecArray[] = [];
  let m: RegExpExecArray | null;
  while ((n < 0 || out.length < n) && (m = re.exec(value)) !== null) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

function parseRfc3339Ns(v: unknown): number {
  const s = str(v, 'time.parse_rfc3339_ns', 1);
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new HostBuiltinError(`time.parse_rfc3339_ns: parsing time "${s}" as RFC3339 failed`);
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4].toUpperCase()}`);
  if (Number.isNaN(ms)) throw new HostBuiltinError(`time.parse_rfc3339_ns: parsing time "${s}" failed`);
  const frac = m[3] ? Number(m[3].slice(1, 10).padEnd(9, '0')) : 0;
  return Number(BigInt(ms) * 1_000_000n + BigInt(frac));
}

function b64decode(v: unknown, name: string, url: boolean): string {
  const s = str(v, name, 1);
  const ok = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!ok.test(s) || (!url && s.length % 4 !== 0)) throw new HostBuiltinError(`${name}: illegal base64 data`);
  return Buffer.from(s, url ? 'base64url' : 'base64').toString('utf8');
}

export const hostBuiltins: Record<string, HostBuiltin> = {
  'http.send': httpSend,
  'strings.render_template': renderTemplate,
  'regex.globs_match': globsMatch,
  'rego.parse_module': regoParseModule,
  'regex.match': (p, v) => re2(str(p, 'regex.match', 1)).test(str(v, 'regex.match', 2)),
  'regex.is_valid': (p) => {
    if (typeof p !== 'string') return false;
    try {
      re2(p);
      return true;
    } catch {
      return false;
    }
  },
  'regex.find_n': (p, v, n) =>
    findAll(str(p, 'regex.find_n', 1), str(v, 'regex.find_n', 2), num(n, 'regex.find_n', 3)).map((m) => m[0]),
  'regex.find_all_string_submatch_n': (p, v, n) =>
    findAll(str(p, 'regex.find_all_string_submatch_n', 1), str(v, 'regex.find_all_string_submatch_n', 2), num(n, 'regex.find_all_string_submatch_n', 3)).map(
      (m) => Array.from(m, (g) => g ?? ''),
    ),
  'regex.replace': (s, p, r) => {
    const base = re2(str(p, 'regex.replace', 2));
    const repl = str(r, 'regex.replace', 3).replace(/\$\{?(\w+)\}?/g, (_x, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`));
    return str(s, 'regex.replace', 1).replace(new RegExp(base.source, base.flags + 'g'), repl);
  },
  'strings.any_prefix_match': (a, b) => {
    const xs = strings(a, 'strings.any_prefix_match', 1);
    const ps = strings(b, 'strings.any_prefix_match', 2);
    return xs.some((x) => ps.some((p) => x.startsWith(p)));
  },
  'strings.any_suffix_match': (a, b) => {
    const xs = strings(a, 'strings.any_suffix_match', 1);
    const ps = strings(b, 'strings.any_suffix_match', 2);
    return xs.some((x) => ps.some((p) => x.endsWith(p)));
  },
  'glob.match': (p, d, m) => {
    const delims = d === null ? [] : Array.isArray(d) ? (d.length === 0 ? ['.'] : strings(d, 'glob.match', 2)) : undefined;
    if (delims === undefined) throw new HostTypeError(`glob.match: operand 2 must be array or null but got ${typeName(d)}`);
    return globMatch(str(p, 'glob.match', 1), delims, str(m, 'glob.match', 3));
  },
  'units.parse_bytes': (v) => parseBytes(str(v, 'units.parse_bytes', 1)),
  'units.parse': (v) => parseUnits(str(v, 'units.parse', 1)),
  'net.cidr_contains': (a, b) => cidrContains(str(a, 'net.cidr_contains', 1), str(b, 'net.cidr_contains', 2)),
  'time.parse_rfc3339_ns': parseRfc3339Ns,
  'base64.encode': (s) => Buffer.from(str(s, 'base64.encode', 1), 'utf8').toString('base64'),
  'base64.decode': (s) => b64decode(s, 'base64.decode', false),
  'base64.is_valid': (s) => typeof s === 'string' && s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s),
  'base64url.encode': (s) => Buffer.from(str(s, 'base64url.encode', 1), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
  'base64url.encode_no_pad': (s) => Buffer.from(str(s, 'base64url.encode_no_pad', 1), 'utf8').toString('base64url'),
  'base64url.decode': (s) => b64decode(s, 'base64url.decode', true),
  'hex.encode': (s) => Buffer.from(str(s, 'hex.encode', 1), 'utf8').toString('hex'),
  'hex.decode': (s) => {
    const h = str(s, 'hex.decode', 1);
    if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new HostBuiltinError('hex.decode: invalid hex string');
    return Buffer.from(h, 'hex').toString('utf8');
  },
  'json.marshal': (v) => JSON.stringify(v),
  'json.unmarshal': (s) => {
    try {
      return JSON.parse(str(s, 'json.unmarshal', 1)) as unknown;
    } catch (e) {
      throw new HostBuiltinError(`json.unmarshal: ${(e as Error).message}`);
    }
  },
  'urlquery.encode': (s) => encodeURIComponent(str(s, 'urlquery.encode', 1)).replace(/%20/g, '+'),
  'urlquery.decode': (s) => decodeURIComponent(str(s, 'urlquery.decode', 1).replace(/\+/g, ' ')),
  trace: () => true,
  'opa.runtime': () => ({}),
  ...cryptoBuiltins,
  ...miscBuiltins,
  ...timeBuiltins,
  ...uriBuiltins,
  ...schemaBuiltins,
  ...graphqlBuiltins,
  ...awsBuiltins,
  ...lookupBuiltins,
};

/**
 * The customBuiltins object handed to the SDK. A builtin's error either aborts the evaluation
 * (strict, as `opa eval --strict-builtin-errors`) or makes the call undefined (OPA's default).
 */
export function customBuiltins(strict: boolean): Record<string, HostBuiltin> {
  const out: Record<string, HostBuiltin> = {};
  for (const [name, fn] of Object.entries(hostBuiltins)) {
    out[name] = (...args: unknown[]) => {
      try {
        return withCallArgs(args.length, () => fn(...args));
      } catch (e) {
        if (!strict) return undefined;
        const msg = e instanceof Error ? e.message : String(e);
        const code = e instanceof HostTypeError ? 'eval_type_error' : 'eval_builtin_error';
        throw new Error(`${code}: ${msg.startsWith(name) ? msg : `${name}: ${msg}`}`);
      }
    };
  }
  return out;
}
