// providers.aws.sign_req: signs an http.send request object with AWS Signature Version 4
// (node:crypto), deterministic for a given time. Checks and messages follow OPA's.
import { createHash, createHmac } from 'node:crypto';
import { HostBuiltinError, HostTypeError, typeName, type HostBuiltin } from './builtin-args.ts';
import { exactArg } from './exact-args.ts';
import { urlParts } from './uri-builtins.ts';

const NAME = 'providers.aws.sign_req';
const AWS_KEYS = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service'];
const REQ_KEYS = ['method', 'url'];
// not signed: proxies and clients may change them in flight
const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const keyList = (ks: string[]) => `{${ks.map((k) => JSON.stringify(k)).join(', ')}}`;

function requireStrings(o: Obj, keys: string[], pos: number, what: string): void {
  const missing = keys.filter((k) => !Object.hasOwn(o, k));
  if (missing.length) throw new HostTypeError(`${NAME}: operand ${pos} missing required ${what} parameters(s): ${keyList(missing)}`);
  const bad = keys.filter((k) => typeof o[k] !== 'string');
  if (bad.length) throw new HostTypeError(`${NAME}: operand ${pos} invalid values for required ${what} parameters(s): ${keyList(bad)}`);
}

/** JSON as Go's json.Marshal writes it: object keys sorted, no spaces. */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();


function timeOf(v: unknown): Date {
  const t = exactArg(3, v);
  const ns = typeof t === 'bigint' ? t : typeof t === 'number' && Number.isInteger(t) ? BigInt(t) : undefined;
  if (ns === undefined || ns < 0n) throw new HostTypeError(`${NAME}: operand 3 could not convert time_ns value into a unix timestamp`);
  return new Date(Number(ns / 1_000_000n));
}

function signReq(r: unknown, c: unknown, t: unknown): unknown {
  if (!isObj(r)) throw new HostTypeError(`${NAME}: operand 1 must be object but got ${typeName(r)}`);
  if (!isObj(c)) throw new HostTypeError(`${NAME}: operand 2 must be object but got ${typeName(c)}`);
  requireStrings(c, AWS_KEYS, 2, 'AWS config');
  const unsignedPayload = c.disable_payload_signing ?? false;
  if (typeof unsignedPayload !== 'boolean') throw new HostTypeError(`${NAME}: operand 2 invalid value for 'disable_payload_signing' in AWS config`);
  const when = timeOf(t);
  requireStrings(r, REQ_KEYS, 1, 'request');
  let url: ReturnType<typeof urlParts>;
  try {
    url = urlParts(r.url as string);
  } catch (e) {
    throw new HostBuiltinError(`${NAME}: parse ${JSON.stringify(r.url)}: ${(e as Error).message}`);
  }
  const headers: Record<string, string> = {};
  if (r.headers !== undefined) {
    if (!isObj(r.headers)) throw new HostTypeError(`${NAME}: operand 1 headers must be an object but got ${typeName(r.headers)}`);
    for (const [k, v] of Object.entries(r.headers)) headers[k] = typeof v === 'string' ? v : goJson(v);
  }
  const body = typeof r.raw_body === 'string' ? r.raw_body : r.body !== undefined ? goJson(r.body) : '';
  const [service, region, accessKey, secret] = [c.aws_service, c.aws_region, c.aws_access_key, c.aws_secret_access_key] as string[];
  const payloadHash = unsignedPayload ? 'UNSIGNED-PAYLOAD' : sha256(body);
  const iso = when.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = iso.slice(0, 8);
  const awsHeaders: Record<string, string> = { host: url.host, 'x-amz-date': iso };
  if (service === 's3' || service === 'glacier') awsHeaders['x-amz-content-sha256'] = payloadHash;
  if (typeof c.aws_session_token === 'string' && c.aws_session_token !== '') awsHeaders['x-amz-security-token'] = c.aws_session_token;
  const signed: Record<string, string> = { ...awsHeaders };
  for (const [k, v] of Object.entries(headers)) if (!IGNORED_HEADERS.has(k.toLowerCase())) signed[k.toLowerCase()] = v;
  const names = Object.keys(signed).sort();
  const canonical = [
    r.method as string,
    url.escapedPath,
    url.rawQuery,
    ...names.map((k) => `${k}:${signed[k]}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', iso, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, toSign).toString('hex');
  const auth = `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { ...r, headers: { ...headers, ...awsHeaders, Authorization: auth } };
}

export const awsBuiltins: Record<string, HostBuiltin> = { [NAME]: signReq };
