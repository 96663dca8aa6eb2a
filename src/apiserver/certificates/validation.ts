// CertificateSigningRequest validation (spec/security.md §3.4): 422 causes with kube's field paths and wording.
import type { FieldCause } from '../errors.ts';
import { isDns1123Label, isDns1123Subdomain } from '../validation.ts';
import { parseCertificateRequest, pemBlocks } from './csr-request.ts';

type Obj = Record<string, unknown>;

export const KNOWN_USAGES = new Set([
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign',
  'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime',
  'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
]);
const SINGLE_TRUE = new Set(['Approved', 'Denied', 'Failed']);

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const conditionsOf = (o: Obj | undefined): Obj[] => (Array.isArray(asObj(o?.status).conditions) ? (asObj(o?.status).conditions as Obj[]) : []);
const certificateOf = (o: Obj | undefined): string => String(asObj(o?.status).certificate ?? '');

function cause(reason: string, field: string, message: string): FieldCause {
  return { reason, field, message };
}

function validateSignerName(signer: unknown): FieldCause[] {
  const field = 'spec.signerName';
  if (typeof signer !== 'string' || signer === '') return [cause('FieldValueRequired', field, 'Required value')];
  const bad = (msg: string): FieldCause[] => [cause('FieldValueInvalid', field, `Invalid value: ${JSON.stringify(signer)}: ${msg}`)];
  if (signer === 'kubernetes.io/legacy-unknown') return bad('the legacy signerName is not allowed via this API version');
  const parts = signer.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return bad("must be a fully qualified domain and path of the form 'example.com/signer-name'");
  }
  const [domain, path] = parts;
  if (domain.length > 253) return bad('fully qualified domain name must be 253 characters or less');
  const labels = domain.split('.');
  if (labels.length < 2) return bad('should be a domain with at least two segments separated by dots');
  for (const l of labels) if (isDns1123Label(l).length > 0) return bad(`validating label "${l}": ${isDns1123Label(l).join('; ')}`);
  for (const piece of path.split('.')) {
    if (isDns1123Subdomain(piece).length > 0) return bad(`validating path segment "${piece}": ${isDns1123Subdomain(piece).join('; ')}`);
  }
  if (signer.length > 571) return bad('signerName must be 571 characters or less');
  return [];
}

function validateConditions(obj: Obj): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  conditionsOf(obj).forEach((c, i) => {
    const field = `status.conditions[${i}]`;
    const type = String(c.type ?? '');
    if (type === '') causes.push(cause('FieldValueRequired', `${field}.type`, 'Required value'));
    else if (seen.has(type)) causes.push(cause('FieldValueDuplicate', `${field}.type`, `Duplicate value: ${JSON.stringify(type)}`));
    seen.add(type);
    const allowed = SINGLE_TRUE.has(type) ? ['True'] : ['True', 'False', 'Unknown'];
    if (!allowed.includes(String(c.status ?? ''))) {
      causes.push(cause('FieldValueNotSupported', `${field}.status`, `Unsupported value: ${JSON.stringify(c.status ?? '')}: supported values: ${allowed.map((s) => `"${s}"`).join(', ')}`));
    }
  });
  if (seen.has('Approved') && seen.has('Denied')) {
    causes.push(cause('FieldValueInvalid', 'status.conditions', 'Invalid value: "": Approved and Denied conditions are mutually exclusive'));
  }
  const cert = certificateOf(obj);
  if (cert !== '') {
    const blocks = pemBlocks(Buffer.from(cert, 'base64').toString('utf8'));
    const field = 'status.certificate';
    if (blocks.length === 0) causes.push(cause('FieldValueInvalid', field, 'Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block'));
    for (const b of blocks) {
      if (b.type !== 'CERTIFICATE') causes.push(cause('FieldValueInvalid', field, `Invalid value: "<certificate data>": only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(b.type)}`));
      else if (b.headers) causes.push(cause('FieldValueInvalid', field, 'Invalid value: "<certificate data>": no PEM block headers are permitted'));
    }
  }
  return causes;
}

export function validateCsrCreate(obj: Obj, minExpirationSeconds: number): FieldCause[] {
  const spec = asObj(obj.spec);
  const causes: FieldCause[] = [];
  try {
    parseCertificateRequest(spec.request);
  } catch (err) {
    causes.push(cause('FieldValueInvalid', 'spec.request', `Invalid value: "<request data>": ${(err as Error).message}`));
  }
  const usages = spec.usages;
  if (!Array.isArray(usages) || usages.length === 0) causes.push(cause('FieldValueRequired', 'spec.usages', 'Required value'));
  else {
    const seen = new Set<string>();
    usages.forEach((u, i) => {
      const field = `spec.usages[${i}]`;
      if (!KNOWN_USAGES.has(String(u))) causes.push(cause('FieldValueNotSupported', field, `Unsupported value: ${JSON.stringify(u)}`));
      else if (seen.has(String(u))) causes.push(cause('FieldValueDuplicate', field, `Duplicate value: ${JSON.stringify(u)}`));
      seen.add(String(u));
    });
  }
  causes.push(...validateSignerName(spec.signerName));
  const exp = spec.expirationSeconds;
  if (exp !== undefined && exp !== null) {
    if (!Number.isInteger(exp)) causes.push(cause('FieldValueInvalid', 'spec.expirationSeconds', `Invalid value: ${JSON.stringify(exp)}: must be an integer`));
    else if ((exp as number) < minExpirationSeconds) {
      causes.push(cause('FieldValueInvalid', 'spec.expirationSeconds', `Invalid value: ${String(exp)}: may not specify a duration less than ${minExpirationSeconds} seconds (${minExpirationSeconds / 60} minutes)`));
    }
  }
  causes.push(...validateConditions(obj));
  return causes;
}

/** Update rules by write path: Approved/Denied change only through /approval, the certificate only through /status. */
export function validateCsrUpdate(obj: Obj, old: Obj, subresource: string | undefined): FieldCause[] {
  const causes = validateConditions(obj);
  const types = (o: Obj): Map<string, Obj> => new Map(conditionsOf(o).map((c) => [String(c.type), c]));
  const now = types(obj);
  const before = types(old);
  for (const t of SINGLE_TRUE) {
    if (before.has(t) && !now.has(t)) causes.push(cause('FieldValueForbidden', 'status.conditions', `Forbidden: updates may not remove a condition of type ${JSON.stringify(t)}`));
  }
  if (subresource !== 'approval') {
    for (const t of ['Approved', 'Denied']) {
      const a = now.get(t);
      const b = before.get(t);
      if (a && (!b || a.status !== b.status || a.reason !== b.reason || a.message !== b.message)) {
        causes.push(cause('FieldValueForbidden', 'status.conditions', `Forbidden: updates may not add a condition of type ${JSON.stringify(t)}`));
      }
    }
  }
  const cert = certificateOf(obj);
  const oldCert = certificateOf(old);
  if (cert !== oldCert) {
    if (subresource !== 'status') causes.push(cause('FieldValueForbidden', 'status.certificate', 'Forbidden: updates may not set certificate content'));
    else if (oldCert !== '') causes.push(cause('FieldValueForbidden', 'status.certificate', 'Forbidden: updates may not modify existing certificate content'));
  }
  return causes;
}
