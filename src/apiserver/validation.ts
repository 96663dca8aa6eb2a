// ObjectMeta validation with kube-apiserver's exact messages (k8s.io/apimachinery validation).
import type { FieldCause } from './errors.ts';

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);
const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** Total size limit of metadata.annotations (keys + values). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const EMPTY_ERROR = 'must be non-empty';

export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** Label keys, annotation keys and finalizer names: `[prefix/]name`. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const msg of isDns1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
      " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** RBAC and other path-segment names. */
export function isValidPathSegmentName(value: string): string[] {
  const errs: string[] = [];
  for (const bad of ['.', '..']) if (value === bad) errs.push(`may not be '${bad}'`);
  for (const bad of ['/', '%']) if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** A name validator; `prefix` is true when checking a generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[];

// generateName may end in '-': mask it so the prefix validates like a whole name.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}
export const nameIsDnsSubdomain: NameValidator = (name, prefix) => isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDnsLabel: NameValidator = (name, prefix) => isDns1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDns1035Label: NameValidator = (name, prefix) => isDns1035Label(prefix ? maskTrailingDash(name) : name);
export const nameIsPathSegment: NameValidator = (name, prefix) =>
  prefix ? isValidPathSegmentName(name).filter((m) => m.startsWith('may not contain')) : isValidPathSegmentName(name);

/** The name rule kube applies to each built-in kind; everything else (CRs included) uses DNS subdomains. */
export function nameValidatorFor(group: string, kind: string): NameValidator {
  if (group === '' && kind === 'Namespace') return nameIsDnsLabel;
  if (group === '' && kind === 'Service') return nameIsDns1035Label;
  if (group === 'rbac.authorization.k8s.io') return nameIsPathSegment;
  return nameIsDnsSubdomain;
}

// ---- field errors rendered the way k8s.io/apimachinery/pkg/util/validation/field does ----

/** Renders a value the way field.Invalid prints it: strings Go-quoted, numbers/bools bare, others JSON. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

export function invalidCause(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${renderValue(value)}: ${detail}`, field };
}
export function requiredCause(field: string, detail = ''): FieldCause {
  return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}
export function forbiddenCause(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', message: detail ? `Forbidden: ${detail}` : 'Forbidden', field };
}
export function tooLongCause(field: string, max: number): FieldCause {
  return { reason: 'FieldValueTooLong', message: `Too long: may not be more than ${max} bytes`, field };
}

/** `<field>: <message>` as it appears inside an Invalid Status message. */
export function causeText(c: FieldCause): string {
  return c.field ? `${c.field}: ${c.message}` : c.message;
}

export interface ObjectMetaContext {
  namespaced: boolean;
  kind: string;
  group: string;
  isCreate: boolean;
  /** overrides the kind's default name rule */
  nameValidator?: NameValidator;
}

type Meta = Record<string, unknown>;

function stringMap(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function validateLabels(labels: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const map = stringMap(labels);
  if (!map) return causes;
  for (const [k, v] of Object.entries(map)) {
    for (const msg of isQualifiedName(k)) causes.push(invalidCause(field, k, msg));
    const value = typeof v === 'string' ? v : String(v ?? '');
    for (const msg of isValidLabelValue(value)) causes.push(invalidCause(field, value, msg));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const map = stringMap(annotations);
  if (!map) return causes;
  let total = 0;
  for (const [k, v] of Object.entries(map)) {
    for (const msg of isQualifiedName(k.toLowerCase())) causes.push(invalidCause(field, k, msg));
    total += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : String(v ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLongCause(field, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

/** Validates metadata as kube's ValidateObjectMeta does; field paths start with `metadata.`. */
export function validateObjectMeta(meta: Meta | undefined, ctx: ObjectMetaContext): FieldCause[] {
  const m = meta ?? {};
  const causes: FieldCause[] = [];
  const nameFn = ctx.nameValidator ?? nameValidatorFor(ctx.group, ctx.kind);
  const name = typeof m.name === 'string' ? m.name : '';
  const generateName = typeof m.generateName === 'string' ? m.generateName : '';
  if (generateName) {
    for (const msg of nameFn(generateName, true)) causes.push(invalidCause('metadata.generateName', generateName, msg));
  }
  if (!name) {
    causes.push(requiredCause('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) causes.push(invalidCause('metadata.name', name, msg));
  }
  const namespace = typeof m.namespace === 'string' ? m.namespace : '';
  if (ctx.namespaced) {
    if (!namespace) causes.push(requiredCause('metadata.namespace'));
    else for (const msg of nameIsDnsLabel(namespace, false)) causes.push(invalidCause('metadata.namespace', namespace, msg));
  } else if (namespace) {
    causes.push(forbiddenCause('metadata.namespace', 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0) {
    causes.push(invalidCause('metadata.generation', m.generation, 'must be greater than or equal to 0'));
  }
  causes.push(...validateLabels(m.labels, 'metadata.labels'));
  causes.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  if (Array.isArray(m.finalizers)) {
    for (const f of m.finalizers) {
      const fin = typeof f === 'string' ? f : String(f);
      for (const msg of isQualifiedName(fin)) causes.push(invalidCause('metadata.finalizers', fin, msg));
    }
  }
  if (Array.isArray(m.ownerReferences)) {
    m.ownerReferences.forEach((ref: unknown, i: number) => {
      const r = stringMap(ref) ?? {};
      const path = `metadata.ownerReferences[${i}]`;
      if (!r.apiVersion) causes.push(invalidCause(`${path}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
      if (!r.kind) causes.push(invalidCause(`${path}.kind`, r.kind ?? '', 'kind must not be empty'));
      if (!r.name) causes.push(invalidCause(`${path}.name`, r.name ?? '', 'name must not be empty'));
      if (!r.uid) causes.push(invalidCause(`${path}.uid`, r.uid ?? '', 'uid must not be empty'));
    });
  }
  return causes;
}
