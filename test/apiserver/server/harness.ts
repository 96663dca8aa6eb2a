// Test harness: a real server on a random port in a temp dir, a client-node KubeConfig from the kubeconfig it writes,
// and raw HTTPS requests (with or without the admin certificate) for wire-level assertions.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer } from '../../../src/apiserver/server.ts';
import type { ApiServer, ApiServerOptions } from '../../../src/apiserver/server.ts';

export interface TestServer {
  server: ApiServer;
  dataDir: string;
  kc: KubeConfig;
  /** A KubeConfig whose current context is the given virtual cluster. */
  kcFor(context: string): KubeConfig;
  raw(method: string, path: string, init?: RawInit): Promise<RawResponse>;
  stop(): Promise<void>;
}

export interface RawInit {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Present the admin client certificate (default true). */
  cert?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export async function newDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ocm-apiserver-'));
}

export function rawRequest(url: string, dataDir: string, method: string, path: string, init: RawInit = {}): Promise<RawResponse> {
  return (async () => {
    const pki = join(dataDir, 'pki');
    const [ca, cert, key] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((f) => readFile(join(pki, f), 'utf8')));
    const u = new URL(path, url);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        u,
        { method, headers: init.headers, ca, ...(init.cert === false ? {} : { cert, key }), agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body) as T });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
  })();
}

export async function startTestServer(options: Partial<ApiServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await newDataDir());
  const server = await startApiServer({ ...options, dataDir, port: 0 });
  const kcFor = (context: string): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    kc.setCurrentContext(context);
    return kc;
  };
  return {
    server,
    dataDir,
    kc: kcFor('hub'),
    kcFor,
    raw: (method, path, init) => rawRequest(server.url, dataDir, method, path, init),
    stop: async () => {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The parsed Status of a client-node ApiException. */
export function statusOf(err: unknown): { code: number; reason: string; message: string; details?: Record<string, unknown> } {
  const body = (err as { body?: unknown }).body;
  const parsed = typeof body === 'string' ? JSON.parse(body) : body;
  return parsed as { code: number; reason: string; message: string };
}
