// Identities for security tests: certificate users issued from the server's CA, bearer-token users, client-node
// KubeConfigs for them, and real kubectl runs (each with its own HOME so no discovery cache is shared).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { issueCertificate } from '../../../src/apiserver/auth/pki.ts';
import { ensureKubectl } from '../../../scripts/kubectl.ts';
import type { TestServer } from '../server/harness.ts';

export interface Identity {
  kc: KubeConfig;
  /** A kubeconfig file for kubectl. */
  file: string;
}

async function caOf(dataDir: string): Promise<{ certPem: string; keyPem: string }> {
  const [certPem, keyPem] = await Promise.all(['ca.crt', 'ca.key'].map((f) => readFile(join(dataDir, 'pki', f), 'utf8')));
  return { certPem, keyPem };
}

function configFor(t: TestServer, user: Record<string, unknown>, cluster = ''): KubeConfig {
  const kc = new KubeConfig();
  const server = cluster ? `${t.server.url}/clusters/${cluster}` : t.server.url;
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, caData: t.kc.getCurrentCluster()!.caData }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'default' }],
    currentContext: 'ctx',
  });
  return kc;
}

async function withFile(kc: KubeConfig): Promise<Identity> {
  const dir = await mkdtemp(join(tmpdir(), 'ocm-sec-kc-'));
  const file = join(dir, 'kubeconfig');
  await writeFile(file, kc.exportConfig(), { mode: 0o600 });
  return { kc, file };
}

export async function certIdentity(t: TestServer, name: string, groups: string[] = [], cluster = ''): Promise<Identity> {
  const pair = await issueCertificate(await caOf(t.dataDir), { commonName: name, organizations: groups, usage: 'client' });
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return withFile(configFor(t, { certData: b64(pair.certPem), keyData: b64(pair.keyPem) }, cluster));
}

export async function pemIdentity(t: TestServer, certPem: string, keyPem: string): Promise<Identity> {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return withFile(configFor(t, { certData: b64(certPem), keyData: b64(keyPem) }));
}

export async function tokenIdentity(t: TestServer, token: string, cluster = ''): Promise<Identity> {
  return withFile(configFor(t, { token }, cluster));
}

/** 'allow' when the request got past authorization (any answer but 401/403), 'deny' on 403; 401 throws. */
export async function attempt(fn: () => Promise<unknown>): Promise<'allow' | 'deny'> {
  try {
    await fn();
    return 'allow';
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 403) return 'deny';
    if (code === 401) throw new Error('unexpected 401 Unauthorized');
    if (typeof code === 'number') return 'allow';
    throw err;
  }
}

export interface Target {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}

/** Runs one verb against one kind with client-node's generic object API. */
export function callVerb(kc: KubeConfig, verb: string, target: Target): Promise<unknown> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const obj: KubernetesObject = { apiVersion: target.apiVersion, kind: target.kind, metadata: { name: target.name ?? 'probe', namespace: target.namespace } };
  switch (verb) {
    case 'get':
      return api.read(obj as KubernetesObject & { metadata: { name: string } });
    case 'list':
      return api.list(target.apiVersion, target.kind, target.namespace);
    case 'create':
      return api.create({ ...obj, ...(target.kind === 'ConfigMap' ? { data: { a: 'b' } } : {}) });
    case 'delete':
      return api.delete(obj);
    default:
      throw new Error(`no such verb in the table: ${verb}`);
  }
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function kubectl(kubeconfig: string, args: string[]): Promise<KubectlResult> {
  const home = await mkdtemp(join(tmpdir(), 'ocm-sec-home-'));
  return new Promise((resolve) => {
    execFile(ensureKubectl(), ['--kubeconfig', kubeconfig, ...args], { env: { HOME: home, PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
