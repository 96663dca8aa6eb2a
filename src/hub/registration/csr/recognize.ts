// Which CSRs are a klusterlet's (security.md §5.4 validateCSR): label, signer, a parsable request whose subject
// names exactly the labelled cluster.
import { LABEL_CLUSTER_NAME } from '../../../api/index.ts';
import { AGENT_USER_PREFIX, CLIENT_SIGNER, MANAGED_CLUSTERS_GROUP, clusterGroup } from '../names.ts';
import type { CertificateSigningRequest } from '../resources.ts';
import { csrSubject } from '../x509.ts';

export interface RecognizedCsr {
  cluster: string;
  agent: string;
  commonName: string;
}

export function isTerminal(csr: CertificateSigningRequest): boolean {
  return (csr.status?.conditions ?? []).some((c) => (c.type === 'Approved' || c.type === 'Denied' || c.type === 'Failed') && c.status !== 'False');
}

export function recognizeCsr(csr: CertificateSigningRequest): RecognizedCsr | undefined {
  const cluster = csr.metadata.labels?.[LABEL_CLUSTER_NAME];
  if (!cluster || csr.spec?.signerName !== CLIENT_SIGNER) return undefined;
  const subject = csrSubject(csr.spec.request);
  if (!subject) return undefined;
  const orgs = subject.organizations.filter((o) => o !== MANAGED_CLUSTERS_GROUP);
  if (orgs.length !== 1 || orgs[0] !== clusterGroup(cluster)) return undefined;
  if (!subject.commonName.startsWith(AGENT_USER_PREFIX)) return undefined;
  const parts = subject.commonName.slice(AGENT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '' || parts[0] !== cluster) return undefined;
  return { cluster, agent: parts[1], commonName: subject.commonName };
}
