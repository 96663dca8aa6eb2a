// HTTP(S) to the API server with the credentials of a client-node KubeConfig. client-node's own clients build
// a fresh connection pool for every request (a TLS handshake each time); this keeps one keep-alive pool per
// client, which matters for thousands of lease renewals. Credentials come from KubeConfig.applyToHTTPSOptions,
// so every kubeconfig auth form client-node supports works (CA, client certs, tokens, token files, exec, proxies).
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './errors.ts';

export type Query = Record<string, string | number | boolean | undefined>;

export interface TransportOptions {
  userAgent?: string;
  /** Per-request timeout for non-streaming calls (default 60 s). */
  requestTimeoutMs?: number;
}

export interface RequestSpec {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Names the object in error messages ("configmaps ns/name"). */
  what: string;
  signal?: AbortSignal;
}

interface Prepared {
  agent: HttpAgent | undefined;
  headers: OutgoingHttpHeaders;
  tls: RequestOptions;
  /** Tokens from files, exec plugins or auth providers can change; re-read them per request. */
  dynamicAuth: boolean;
}

export class Transport {
  readonly server: URL;
  private readonly kc: KubeConfig;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private prepared: Promise<Prepared> | undefined;
  private readonly ownAgent: { agent?: HttpAgent } = {};

  constructor(kc: KubeConfig, options: TransportOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error(`kubeconfig context ${kc.getCurrentContext() || '(none)'} names no cluster`);
    if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new Error(`cluster ${cluster.name}: plain http (${cluster.server}) needs insecure-skip-tls-verify: true`);
    }
    this.kc = kc;
    this.server = new URL(cluster.server.replace(/\/+$/, ''));
    this.userAgent = options.userAgent ?? 'ocm-ts';
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  url(path: string, query?: Query): URL {
    const u = new URL(this.server.href);
    u.pathname = this.server.pathname.replace(/\/$/, '') + path;
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** Sends a request and resolves with the parsed JSON body; non-2xx answers reject with KubeApiError. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.open(spec, this.timeoutMs);
    const text = await readText(res);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw new KubeApiError(code, text, flatHeaders(res), spec.what);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Opens a streaming GET (a watch); the caller reads the response. Non-2xx answers reject with KubeApiError. */
  async stream(spec: RequestSpec, idleTimeoutMs: number): Promise<IncomingMessage> {
    const res = await this.open(spec, idleTimeoutMs);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw new KubeApiError(code, await readText(res), flatHeaders(res), spec.what);
    return res;
  }

  close(): void {
    this.ownAgent.agent?.destroy();
  }

  private async open(spec: RequestSpec, timeoutMs: number): Promise<IncomingMessage> {
    const p = await this.prepare();
    const headers: OutgoingHttpHeaders = { ...(p.dynamicAuth ? ((await this.authOptions()).headers as OutgoingHttpHeaders) : p.headers) };
    headers['user-agent'] = this.userAgent;
    headers.accept = 'application/json';
    let payload: string | undefined;
    if (spec.body !== undefined) {
      payload = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
      headers['content-type'] = spec.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const url = this.url(spec.path, spec.query);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { ...p.tls, method: spec.method, headers, agent: p.agent, signal: spec.signal }, resolve);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${spec.what}: no answer from ${url.host} within ${timeoutMs} ms`)));
      req.on('error', (err) => reject(wrapNetworkError(err, spec.what, url)));
      req.end(payload);
    });
  }

  private prepare(): Promise<Prepared> {
    this.prepared ??= this.authOptions().then((opts) => {
      const user = this.kc.getCurrentUser();
      const cluster = this.kc.getCurrentCluster();
      const dynamicAuth = Boolean(user?.exec || user?.authProvider);
      const tls: RequestOptions = {};
      for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) {
        if (opts[k] !== undefined) (tls as Record<string, unknown>)[k] = opts[k];
      }
      if (opts.auth) tls.auth = opts.auth;
      // a proxy needs client-node's proxy agent; otherwise our own keep-alive pool
      let agent: HttpAgent | undefined;
      if (cluster?.proxyUrl) agent = opts.agent as HttpAgent;
      else {
        const Ctor = this.server.protocol === 'http:' ? HttpAgent : HttpsAgent;
        agent = new Ctor({ keepAlive: true, keepAliveMsecs: 30_000, ...(tls as Record<string, unknown>) });
        this.ownAgent.agent = agent;
      }
      return { agent, headers: { ...(opts.headers as OutgoingHttpHeaders) }, tls, dynamicAuth };
    });
    return this.prepared;
  }

  private async authOptions(): Promise<RequestOptions> {
    const opts: RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    return opts;
  }
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('connection closed while reading the response')));
  });
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function wrapNetworkError(err: Error, what: string, url: URL): Error {
  if (err.name === 'AbortError') return err;
  const e = new Error(`${what}: cannot reach ${url.origin}: ${err.message}`, { cause: err });
  (e as Error & { code?: unknown }).code = (err as Error & { code?: unknown }).code;
  return e;
}
