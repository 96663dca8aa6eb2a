// Defaulting and validation of MutatingWebhookConfiguration / ValidatingWebhookConfiguration writes, so stored
// configurations carry the v1 defaults kubectl shows and broken ones are refused with kube's field errors.
import type { FieldCause } from '../errors.ts';
import type { HookTable } from '../registry/hooks.ts';
import { labelSelectorFromObject } from '../selectors.ts';
import { invalidCause, isDns1123Subdomain, requiredCause } from '../validation.ts';
import { ADMISSION_GROUP } from './webhook-admission.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const quoted = (values: string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function unsupported(field: string, value: unknown, supported: string[]): FieldCause {
  return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${quoted(supported)}`, field };
}

function defaultWebhooks(obj: Obj, mutating: boolean): void {
  if (!Array.isArray(obj.webhooks)) return;
  for (const w of obj.webhooks) {
    if (!isObj(w)) continue;
    w.failurePolicy ??= 'Fail';
    w.matchPolicy ??= 'Equivalent';
    w.namespaceSelector ??= {};
    w.objectSelector ??= {};
    w.timeoutSeconds ??= 10;
    if (mutating) w.reinvocationPolicy ??= 'Never';
    if (Array.isArray(w.rules)) for (const r of w.rules) if (isObj(r)) r.scope ??= '*';
    const svc = isObj(w.clientConfig) ? w.clientConfig.service : undefined;
    if (isObj(svc)) svc.port ??= 443;
  }
}

function validateUrl(url: string, field: string): FieldCause[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [invalidCause(field, url, 'host must be specified')];
  }
  if (u.protocol !== 'https:') return [invalidCause(field, url, "'https' is the only allowed URL scheme")];
  if (u.username || u.password) return [invalidCause(field, url, 'user information is not permitted in the URL')];
  if (u.hash || url.includes('#')) return [invalidCause(field, url, 'fragments are not permitted in the URL')];
  if (u.search || url.includes('?')) return [invalidCause(field, url, 'query parameters are not permitted in the URL')];
  return [];
}

function validateClientConfig(cc: unknown, field: string): FieldCause[] {
  const c = isObj(cc) ? cc : {};
  const hasUrl = typeof c.url === 'string' && c.url !== '';
  const hasService = isObj(c.service);
  if (hasUrl === hasService) return [requiredCause(field, 'exactly one of url or service is required')];
  if (hasUrl) return validateUrl(c.url as string, `${field}.url`);
  const svc = c.service as Obj;
  const causes: FieldCause[] = [];
  if (!svc.name) causes.push(requiredCause(`${field}.service.name`, 'service name is required'));
  if (!svc.namespace) causes.push(requiredCause(`${field}.service.namespace`, 'service namespace is required'));
  const port = svc.port;
  if (typeof port === 'number' && (port < 1 || port > 65535 || !Number.isInteger(port))) {
    causes.push(invalidCause(`${field}.service.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
  }
  return causes;
}

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];

function validateRules(rules: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(rules) ? rules : []).forEach((raw, i) => {
    const r = isObj(raw) ? raw : {};
    const at = `${field}[${i}]`;
    for (const key of ['operations', 'apiGroups', 'apiVersions', 'resources']) {
      if (!Array.isArray(r[key]) || (r[key] as unknown[]).length === 0) causes.push(requiredCause(`${at}.${key}`));
    }
    (Array.isArray(r.operations) ? r.operations : []).forEach((op, j) => {
      if (!OPERATIONS.includes(op as string)) causes.push(unsupported(`${at}.operations[${j}]`, op, OPERATIONS));
    });
    if (r.scope !== undefined && !['*', 'Cluster', 'Namespaced'].includes(r.scope as string)) {
      causes.push(unsupported(`${at}.scope`, r.scope, ['*', 'Cluster', 'Namespaced']));
    }
  });
  return causes;
}

function validateSelector(sel: unknown, field: string): FieldCause[] {
  try {
    labelSelectorFromObject(sel as Parameters<typeof labelSelectorFromObject>[0]);
    return [];
  } catch (err) {
    return [invalidCause(field, sel, err instanceof Error ? err.message : String(err))];
  }
}

function validateWebhook(w: Obj, at: string, mutating: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = w.name;
  if (typeof name !== 'string' || name === '') causes.push(requiredCause(`${at}.name`));
  else if (isDns1123Subdomain(name).length > 0) causes.push(invalidCause(`${at}.name`, name, isDns1123Subdomain(name).join('; ')));
  else if (name.split('.').length < 3) causes.push(invalidCause(`${at}.name`, name, 'should be a domain with at least three segments separated by dots'));
  causes.push(...validateClientConfig(w.clientConfig, `${at}.clientConfig`));
  causes.push(...validateRules(w.rules, `${at}.rules`));
  if (w.sideEffects === undefined) causes.push(requiredCause(`${at}.sideEffects`));
  else if (w.sideEffects !== 'None' && w.sideEffects !== 'NoneOnDryRun') causes.push(unsupported(`${at}.sideEffects`, w.sideEffects, ['None', 'NoneOnDryRun']));
  const versions = Array.isArray(w.admissionReviewVersions) ? w.admissionReviewVersions : [];
  if (versions.length === 0) causes.push(requiredCause(`${at}.admissionReviewVersions`, 'must specify one of v1, v1beta1'));
  else if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) {
    causes.push(invalidCause(`${at}.admissionReviewVersions`, versions, 'must include at least one of v1, v1beta1'));
  }
  if (!['Fail', 'Ignore'].includes(w.failurePolicy as string)) causes.push(unsupported(`${at}.failurePolicy`, w.failurePolicy, ['Fail', 'Ignore']));
  if (!['Equivalent', 'Exact'].includes(w.matchPolicy as string)) causes.push(unsupported(`${at}.matchPolicy`, w.matchPolicy, ['Equivalent', 'Exact']));
  if (mutating && !['IfNeeded', 'Never'].includes(w.reinvocationPolicy as string)) {
    causes.push(unsupported(`${at}.reinvocationPolicy`, w.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  const t = w.timeoutSeconds;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 30) {
    causes.push(invalidCause(`${at}.timeoutSeconds`, t, 'the timeout value must be between 1 and 30 seconds'));
  }
  causes.push(...validateSelector(w.namespaceSelector, `${at}.namespaceSelector`));
  causes.push(...validateSelector(w.objectSelector, `${at}.objectSelector`));
  return causes;
}

function validateConfiguration(obj: Obj, mutating: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  (Array.isArray(obj.webhooks) ? obj.webhooks : []).forEach((raw, i) => {
    const at = `webhooks[${i}]`;
    const w = isObj(raw) ? raw : {};
    causes.push(...validateWebhook(w, at, mutating));
    if (typeof w.name === 'string' && w.name) {
      if (seen.has(w.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(w.name)}`, field: `${at}.name` });
      seen.add(w.name);
    }
  });
  return causes;
}

export function installWebhookConfigurationHooks(table: HookTable): void {
  for (const [kind, mutating] of [['MutatingWebhookConfiguration', true], ['ValidatingWebhookConfiguration', false]] as const) {
    table.addForKind(ADMISSION_GROUP, kind, {
      prepareCreate: (obj) => defaultWebhooks(obj, mutating),
      prepareUpdate: (obj) => defaultWebhooks(obj, mutating),
      validate: (obj) => validateConfiguration(obj, mutating),
    });
  }
}
