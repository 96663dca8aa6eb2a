// The klusterlet registration agent: from a bootstrap kubeconfig it creates its ManagedCluster and a CSR on the
// hub, waits for the hub admin to approve it, stores key and certificate in Secret hub-kubeconfig-secret on the
// managed cluster, then runs as a registered agent (lease, status, rotation). When its certificate stops working
// (expired, revoked, 401s) it starts over from the bootstrap kubeconfig.
import { randomInt } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { KubeClient, serverUrl } from '../../kube/index.ts';
import { agentCommonName, certificateInfo, createCertificateRequest, isExpired } from './credentials.ts';
import { CsrDenied, MAX_PENDING_CSRS, ensureManagedCluster, pendingCsrCount, submitCsr, waitForCertificate } from './hub-requests.ts';
import { hubEndpoint, hubKubeConfig, parseKubeConfig, serializeKubeConfig } from './kubeconfigs.ts';
import { RegisteredAgent } from './registered.ts';
import { AgentSecrets, DEFAULT_AGENT_NAMESPACE } from './secrets.ts';
import { StatusReporter } from './status.ts';
import { Stopped, sleep } from './wait.ts';

export interface RegistrationAgentOptions {
  clusterName: string;
  /** Kept in hub-kubeconfig-secret; a random 5-character name the first time. */
  agentName?: string;
  /** Admin access to the managed cluster (where the agent's Secrets live and what it reports on). */
  managedKubeconfig: KubeConfig;
  /** Hub bootstrap credentials; stored as Secret bootstrap-hub-kubeconfig. Absent: read from that Secret. */
  bootstrapKubeconfig?: KubeConfig;
  namespace?: string;
  /** spec.leaseDurationSeconds of a new ManagedCluster (default 60). */
  leaseDurationSeconds?: number;
  /** spec.expirationSeconds of the CSRs (default: the signer's). */
  clientCertExpirationSeconds?: number;
  /** Pause before a new CSR after the hub denied one, or while 10 of the cluster's CSRs are pending (default 60 s). */
  retryAfterDenialMs?: number;
  logger?: Logger;
  onHeartbeat?: () => void;
}

export interface RegistrationAgent {
  readonly agentName: Promise<string>;
  stop(): Promise<void>;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomName = (): string => Array.from({ length: 5 }, () => NAME_CHARS[randomInt(NAME_CHARS.length)]).join('');

export function startRegistrationAgent(options: RegistrationAgentOptions): RegistrationAgent {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.clusterName) || options.clusterName.length > 63) {
    throw new Error(`cluster name "${options.clusterName}" must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)`);
  }
  const abort = new AbortController();
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ cluster: options.clusterName });
  let resolveName: (name: string) => void = () => undefined;
  const agentName = new Promise<string>((r) => (resolveName = r));
  const done = runAgent(options, logger, abort.signal, resolveName).catch((err: unknown) => {
    if (!(err instanceof Stopped)) logger.error({ err }, 'registration agent failed');
  });
  return {
    agentName,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}

async function retrying<T>(what: string, logger: Logger, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    if (signal.aborted) throw new Stopped();
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw new Stopped();
      logger.warn({ err }, `${what} failed; retrying`);
      await sleep(delay, signal);
    }
  }
}

async function runAgent(options: RegistrationAgentOptions, logger: Logger, signal: AbortSignal, announceName: (n: string) => void): Promise<void> {
  const { clusterName } = options;
  const managed = new KubeClient(options.managedKubeconfig);
  const secrets = new AgentSecrets(managed, options.namespace ?? DEFAULT_AGENT_NAMESPACE);
  try {
    await retrying('creating the agent namespace', logger, signal, () => secrets.ensureNamespace());
    const bootstrapYaml = await retrying('storing the bootstrap kubeconfig', logger, signal, async () => {
      if (options.bootstrapKubeconfig) {
        const yaml = serializeKubeConfig(options.bootstrapKubeconfig);
        await secrets.writeBootstrap(yaml);
        return yaml;
      }
      const stored = await secrets.readBootstrap();
      if (!stored) throw new Error(`Secret ${secrets.namespace}/bootstrap-hub-kubeconfig on the managed cluster has no kubeconfig`);
      return stored;
    });
    const bootstrapKc = parseKubeConfig(bootstrapYaml, 'bootstrap kubeconfig');
    const endpoint = hubEndpoint(bootstrapKc);
    const stored = await retrying('reading hub-kubeconfig-secret', logger, signal, () => secrets.readHub());
    const agentName = options.agentName ?? (stored.clusterName === clusterName ? stored.agentName : undefined) ?? randomName();
    // An agent that has been here before may have left CSRs behind (a crash loop, say): only then
    // are the cluster's pending CSRs counted before asking again, which costs a list on the hub.
    let askedBefore = stored.clusterName === clusterName && stored.agentName !== undefined;
    announceName(agentName);
    const status = new StatusReporter(managed, clusterName);
    const managedUrl = serverUrl(options.managedKubeconfig);
    const managedCa = options.managedKubeconfig.getCurrentCluster()?.caData;

    while (!signal.aborted) {
      const creds = await retrying('reading hub-kubeconfig-secret', logger, signal, () => secrets.readHub());
      const info = creds.certPem ? certificateInfo(creds.certPem) : undefined;
      const usable =
        creds.kubeconfig && creds.keyPem && info && !isExpired(info) && creds.clusterName === clusterName && info.commonName === agentCommonName(clusterName, agentName);
      if (usable) {
        // the hub's address comes from the bootstrap kubeconfig, which may have moved since the certificate was stored
        const kubeconfig = serializeKubeConfig(hubKubeConfig(endpoint, creds.certPem!, creds.keyPem!));
        if (kubeconfig !== creds.kubeconfig) {
          await retrying('updating hub-kubeconfig-secret', logger, signal, () => secrets.writeHub({ ...creds, kubeconfig }));
        }
        const registered = new RegisteredAgent(
          {
            clusterName, agentName, endpoint, secrets, managed, status, logger, signal,
            bootstrap: () => new KubeClient(bootstrapKc),
            defaultLeaseSeconds: options.leaseDurationSeconds ?? 60,
            clientCertExpirationSeconds: options.clientCertExpirationSeconds,
            onHeartbeat: options.onHeartbeat,
          },
          kubeconfig,
          info,
        );
        if ((await registered.run()) === 'stopped') return;
        // the certificate is no good any more: forget it, keep the names
        await retrying('clearing hub-kubeconfig-secret', logger, signal, () => secrets.writeHub({ clusterName, agentName }));
        continue;
      }
      const bootstrap = new KubeClient(bootstrapKc);
      try {
        const created = await ensureManagedCluster(bootstrap, {
          clusterName,
          leaseDurationSeconds: options.leaseDurationSeconds ?? 60,
          clientConfigs: [{ url: managedUrl, ...(managedCa ? { caBundle: managedCa } : {}) }],
        });
        if (created === 'created') logger.info('ManagedCluster created on the hub');
        // a crash-looping agent must not flood the hub admin with requests
        const pending = askedBefore ? await pendingCsrCount(bootstrap, clusterName) : 0;
        if (pending >= MAX_PENDING_CSRS) {
          logger.warn({ pending }, `${pending} CSRs of this cluster await the hub admin; not creating another until some are approved or denied`);
          await sleep(options.retryAfterDenialMs ?? 60_000, signal);
          continue;
        }
        if (!askedBefore) {
          // the names stay, so a restarted agent knows it has asked before
          await retrying('writing hub-kubeconfig-secret', logger, signal, () => secrets.writeHub({ clusterName, agentName }));
          askedBefore = true;
        }
        const req = await createCertificateRequest(clusterName, agentName);
        const csrName = await submitCsr(bootstrap, clusterName, req, options.clientCertExpirationSeconds);
        logger.info({ csr: csrName }, 'CSR created; waiting for the hub admin to approve it');
        const certPem = await waitForCertificate(bootstrap, csrName, signal, (err) => logger.debug({ err }, 'waiting for the CSR failed; retrying'));
        const kubeconfig = serializeKubeConfig(hubKubeConfig(endpoint, certPem, req.keyPem));
        await retrying('writing hub-kubeconfig-secret', logger, signal, () =>
          secrets.writeHub({ kubeconfig, certPem, keyPem: req.keyPem, clusterName, agentName }),
        );
        logger.info({ csr: csrName }, 'CSR approved; hub credentials stored');
      } catch (err) {
        if (signal.aborted || err instanceof Stopped) return;
        if (err instanceof CsrDenied) {
          logger.warn({ err: err.message }, 'the hub denied the CSR; asking again later');
          await sleep(options.retryAfterDenialMs ?? 60_000, signal);
        } else {
          logger.warn({ err }, 'bootstrap failed; retrying');
          await sleep(1000 + Math.random() * 2000, signal);
        }
      } finally {
        bootstrap.close();
      }
    }
  } finally {
    managed.close();
  }
}
