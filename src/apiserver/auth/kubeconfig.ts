// Writes DATA/kubeconfig: one context per virtual cluster (`hub` and each managed cluster's name), all using the admin
// client certificate, with every credential embedded so kubectl and client-node use the file unchanged.
import { rename, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { TlsMaterial } from './pki.ts';

export const HUB_CONTEXT = 'hub';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function renderKubeconfig(baseUrl: string, clusters: string[], tls: TlsMaterial): string {
  const entries = [{ name: HUB_CONTEXT, server: baseUrl }, ...clusters.map((name) => ({ name, server: `${baseUrl}/clusters/${name}` }))];
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': HUB_CONTEXT,
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: { server: e.server, 'certificate-authority-data': b64(tls.ca.certPem) },
    })),
    users: [
      {
        name: 'admin',
        user: { 'client-certificate-data': b64(tls.admin.certPem), 'client-key-data': b64(tls.admin.keyPem) },
      },
    ],
    contexts: entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: 'admin', namespace: 'default' } })),
  };
  return stringify(doc);
}

/** Replaces the file atomically so a reader never sees half a kubeconfig. */
export async function writeKubeconfig(path: string, baseUrl: string, clusters: string[], tls: TlsMaterial): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, renderKubeconfig(baseUrl, clusters, tls), { mode: 0o600 });
  await rename(tmp, path);
}
