import { afterEach, describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import '../../src/agent/registration/credentials.ts'; // sets up @peculiar/x509's crypto provider
import * as x509 from '@peculiar/x509';
import { LABEL_CLUSTER_NAME, ManagedClusterConditionType } from '../../src/api/index.ts';
import { DEFAULT_AGENT_NAMESPACE, HUB_KUBECONFIG_SECRET } from '../../src/agent/registration/index.ts';
import type { Secret } from '../../src/agent/registration/secrets.ts';
import { KubeClient, csrResource, secretResource } from '../../src/kube/index.ts';
import type { KubeObject } from '../../src/kube/index.ts';
import { eventually, startTestBox } from './support.ts';
import type { TestBox } from './support.ts';

let box: TestBox | undefined;
afterEach(async () => {
  await box?.dispose();
  box = undefined;
});

/** A certificate with the agent's subject that the hub never issued (a revoked or foreign credential). */
async function foreignCertificate(commonName: string): Promise<{ certPem: string; keyPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${commonName}`, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3600_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

interface Csr extends KubeObject {
  spec: { username?: string };
}

describe('registration agent fallback to bootstrap', { timeout: 120_000 }, () => {
  it('bootstraps again when the hub rejects its stored certificate', async () => {
    box = await startTestBox({ clusters: ['f1'], leaseDurationSeconds: 1, autoAccept: true });
    const managed = new KubeClient(box.managed('f1'));
    const secrets = managed.resource<Secret>(secretResource);
    try {
      const agent = await box.startAgent('f1');
      const agentName = await agent.agentName;
      await eventually('f1 available', async () => (await box!.condition('f1', ManagedClusterConditionType.Available)) === 'True');
      await box.stopAgent('f1');

      const forged = await foreignCertificate(`system:open-cluster-management:f1:${agentName}`);
      const stored = await secrets.get(HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE);
      stored.data = { ...stored.data, 'tls.crt': Buffer.from(forged.certPem).toString('base64'), 'tls.key': Buffer.from(forged.keyPem).toString('base64') };
      await secrets.update(stored);
      const bootstrapCsrs = async () =>
        (await box!.admin.resource<Csr>(csrResource).list({ labelSelector: `${LABEL_CLUSTER_NAME}=f1` })).items.filter((c) => c.spec.username === 'system:bootstrap:ocmhub');
      expect(await bootstrapCsrs()).toHaveLength(1);

      await box.startAgent('f1');
      await eventually('a second bootstrap CSR', async () => (await bootstrapCsrs()).length === 2);
      await eventually('a hub-signed certificate stored again', async () => {
        const crt = (await secrets.get(HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE)).data?.['tls.crt'];
        return crt !== undefined && Buffer.from(crt, 'base64').toString() !== forged.certPem;
      });
      await eventually('f1 available again', async () => (await box!.condition('f1', ManagedClusterConditionType.Available)) === 'True');
    } finally {
      managed.close();
    }
  });
});
