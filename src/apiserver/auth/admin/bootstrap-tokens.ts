// Creating bootstrap tokens (kubeadm's format): a random `<id>.<secret>` and the kube-system Secret that backs it.
import { randomInt } from 'node:crypto';
import { BOOTSTRAP_TOKEN_TYPE, bootstrapSecretName } from '../authn/bootstrap-token.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EXTRA_GROUP = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

function random(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Go-style durations: "24h", "30m", "1h30m", "90s", "0" (never expires). */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(h|m|s)/gy;
  let ms = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    ms += Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's'];
    matched = re.lastIndex;
  }
  if (matched !== text.length || text === '') throw new Error(`invalid duration "${text}": use forms like 24h, 30m, 1h30m or 0 (never expires)`);
  return ms;
}

export function checkExtraGroups(groups: string[]): void {
  for (const g of groups) {
    if (!EXTRA_GROUP.test(g)) throw new Error(`invalid group "${g}": bootstrap token groups must match ${EXTRA_GROUP.source}`);
  }
}

export interface NewBootstrapToken {
  token: string;
  secret: Record<string, unknown>;
}

export function newBootstrapToken(ttlMs: number, groups: string[], now = Date.now()): NewBootstrapToken {
  checkExtraGroups(groups);
  const id = random(6);
  const secretPart = random(16);
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const data: Record<string, string> = {
    'token-id': b64(id),
    'token-secret': b64(secretPart),
    'usage-bootstrap-authentication': b64('true'),
    'usage-bootstrap-signing': b64('true'),
    description: b64('created by ocm apiserver token create'),
  };
  if (ttlMs > 0) data.expiration = b64(new Date(now + ttlMs).toISOString().replace(/\.\d+Z$/, 'Z'));
  if (groups.length > 0) data['auth-extra-groups'] = b64(groups.join(','));
  return {
    token: `${id}.${secretPart}`,
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: bootstrapSecretName(id), namespace: 'kube-system' },
      type: BOOTSTRAP_TOKEN_TYPE,
      data,
    },
  };
}
