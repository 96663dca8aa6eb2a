// A kubeconfig for a new certificate user: the admin kubeconfig's clusters (hub and virtual clusters) with a client
// certificate issued from the server's CA (CN = user, O = groups). The running server trusts that CA, so the file
// works at once without talking to the server.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { issueCertificate } from '../pki.ts';

type Obj = Record<string, unknown>;

export interface UserKubeconfigOptions {
  dataDir: string;
  name: string;
  groups: string[];
  /** Certificate lifetime; default one year. */
  validityMs?: number;
}

async function readCa(dataDir: string): Promise<{ certPem: string; keyPem: string }> {
  try {
    const [certPem, keyPem] = await Promise.all(['ca.crt', 'ca.key'].map((f) => readFile(join(dataDir, 'pki', f), 'utf8')));
    return { certPem, keyPem };
  } catch {
    throw new Error(`no CA in ${join(dataDir, 'pki')}: start \`ocm apiserver --data-dir ${dataDir}\` once first`);
  }
}

export async function writeUserKubeconfig(opts: UserKubeconfigOptions): Promise<string> {
  if (opts.name.trim() === '' || opts.name.includes('/')) throw new Error(`invalid user name "${opts.name}": must be non-empty and contain no "/"`);
  const ca = await readCa(opts.dataDir);
  let admin: Obj;
  try {
    admin = parse(await readFile(join(opts.dataDir, 'kubeconfig'), 'utf8')) as Obj;
  } catch {
    throw new Error(`no kubeconfig in ${opts.dataDir}: start \`ocm apiserver --data-dir ${opts.dataDir}\` once first`);
  }
  const pair = await issueCertificate(ca, {
    commonName: opts.name, organizations: opts.groups, usage: 'client', validityMs: opts.validityMs ?? 365 * 24 * 3600 * 1000,
  });
  const clusters = (admin.clusters ?? []) as { name: string }[];
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': admin['current-context'] ?? 'hub',
    clusters,
    users: [{ name: opts.name, user: { 'client-certificate-data': b64(pair.certPem), 'client-key-data': b64(pair.keyPem) } }],
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: opts.name, namespace: 'default' } })),
  };
  const dir = join(opts.dataDir, 'users');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${opts.name}.kubeconfig`);
  await writeFile(`${path}.tmp`, stringify(doc), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  return path;
}
