// POSTs one AdmissionReview over HTTPS, verifying the webhook's certificate against its caBundle, within the
// webhook's timeout. Failures come back as CallFailure carrying kube's wording for the reason.
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';

/** A failed call (transport, HTTP status, timeout or bad body): failurePolicy decides what it means. */
export class CallFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallFailure';
  }
}

export interface Endpoint {
  /** The URL as kube would show it (service form: https://svc.ns.svc:port/path). */
  url: string;
  /** Where to connect, when that differs from the URL's host (services in the embedded server). */
  connectHost?: string;
  connectPort?: number;
}

const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;

function transportReason(err: NodeJS.ErrnoException, host: string, port: number): string {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${host}:${port}: connect: connection refused`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  if (err.code === 'ECONNRESET') return 'read: connection reset by peer';
  if (err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err.code === 'SELF_SIGNED_CERT_IN_CHAIN' || err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
    || err.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' || err.code === 'CERT_SIGNATURE_FAILURE') {
    return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  }
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: x509: ${err.message}`;
  return err.message;
}

/** Keep-alive agents per caBundle, so repeated calls to one webhook reuse their TLS connection. */
export class AgentPool {
  private readonly agents = new Map<string, Agent>();

  agentFor(caBundle: string | undefined): Agent {
    const key = caBundle ?? '';
    let agent = this.agents.get(key);
    if (!agent) {
      // no small cap: a write burst (many agents registering at once) would queue behind it and hit the webhook timeout
      agent = new Agent({ keepAlive: true, maxSockets: 256, ...(caBundle ? { ca: caBundle } : {}) });
      this.agents.set(key, agent);
    }
    return agent;
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

/** POSTs `body` and resolves with the parsed JSON answer. */
export function postReview(endpoint: Endpoint, body: string, timeoutSeconds: number, agent: Agent): Promise<unknown> {
  const target = new URL(endpoint.url);
  target.searchParams.set('timeout', `${timeoutSeconds}s`);
  const shown = target.toString();
  const urlHost = target.hostname.replace(/^\[|\]$/g, '');
  const host = endpoint.connectHost ?? urlHost;
  const port = endpoint.connectPort ?? (target.port ? Number(target.port) : 443);
  const prefix = `failed to call webhook: Post "${shown}": `;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new CallFailure(reason));
    };
    const req = request({
      method: 'POST', host, port, path: `${target.pathname}${target.search}`, agent,
      // certificates name the URL's host (service DNS name), not where the embedded server connects
      ...(isIP(urlHost) ? {} : { servername: urlHost }),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) fail(`${prefix}response body larger than ${MAX_RESPONSE_BYTES} bytes`);
        else chunks.push(c);
      });
      res.on('error', (err) => fail(prefix + err.message));
      res.on('end', () => {
        if (settled) return;
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code >= 300) {
          fail(text.trim()
            ? `${prefix}an error on the server (${JSON.stringify(text.trim().slice(0, 1024))}) has prevented the request from succeeding`
            : `${prefix}the server responded with the status code ${code} but did not return more information`);
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          fail(`received invalid webhook response: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(parsed);
      });
    });
    const timer = setTimeout(() => fail(`${prefix}context deadline exceeded`), timeoutSeconds * 1000);
    req.on('error', (err: NodeJS.ErrnoException) => fail(prefix + transportReason(err, host, port)));
    req.end(body);
  });
}
