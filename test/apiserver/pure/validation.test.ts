import { describe, expect, it } from 'vitest';
import { invalid } from '../../../src/apiserver/errors.ts';
import {
  isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue, validateObjectMeta,
} from '../../../src/apiserver/validation.ts';

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an " +
  "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('name validators', () => {
  it('accepts and rejects DNS-1123 names', () => {
    expect(isDns1123Subdomain('a.b-c')).toEqual([]);
    expect(isDns1123Subdomain('Bad_Name')).toEqual([SUBDOMAIN_MSG]);
    expect(isDns1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isDns1123Label('a.b')).toEqual([LABEL_MSG]);
    expect(isDns1123Label('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
  it('checks qualified names and label values', () => {
    expect(isQualifiedName('example.com/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('Bad_Prefix/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('-x')[0]).toMatch(/^a valid label must be an empty string or consist of alphanumeric characters/);
  });
});

describe('validateObjectMeta', () => {
  const cm = { namespaced: true, kind: 'ConfigMap', group: '', isCreate: true };

  it('accepts a well-formed object', () => {
    expect(validateObjectMeta({ name: 'cm-1', namespace: 'default', labels: { 'app.kubernetes.io/name': 'x' }, annotations: { a: 'b' },
      finalizers: ['example.com/f'] }, cm)).toEqual([]);
  });

  it('reports a bad name with the message kube returns', () => {
    const causes = validateObjectMeta({ name: 'Bad_Name', namespace: 'default' }, cm);
    expect(causes).toEqual([{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}` }]);
    expect(invalid('ConfigMap', '', 'Bad_Name', causes).message)
      .toBe(`ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`);
  });

  it('requires a name or generateName and accepts a generateName ending in a dash', () => {
    expect(validateObjectMeta({ namespace: 'default' }, cm)).toEqual([
      { reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    expect(validateObjectMeta({ generateName: 'cm-', name: 'cm-abcde', namespace: 'default' }, cm)).toEqual([]);
    expect(validateObjectMeta({ generateName: 'CM-', name: 'cm-x', namespace: 'default' }, cm)[0].field).toBe('metadata.generateName');
  });

  it('uses DNS labels for namespaces and forbids a namespace on cluster-scoped kinds', () => {
    const ns = { namespaced: false, kind: 'Namespace', group: '', isCreate: true };
    expect(validateObjectMeta({ name: 'a.b' }, ns)).toEqual([{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "a.b": ${LABEL_MSG}` }]);
    expect(validateObjectMeta({ name: 'x', namespace: 'y' }, ns)).toEqual([
      { reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' }]);
  });

  it('allows RBAC names that are path segments', () => {
    const role = { namespaced: false, kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', isCreate: true };
    expect(validateObjectMeta({ name: 'system:controller:Thing' }, role)).toEqual([]);
    expect(validateObjectMeta({ name: 'a/b' }, role)[0].message).toBe('Invalid value: "a/b": may not contain \'/\'');
  });

  it('reports bad label keys and values at metadata.labels', () => {
    const causes = validateObjectMeta({ name: 'x', namespace: 'd', labels: { 'bad key': 'ok', good: 'bad value!' } }, cm);
    expect(causes.map((c) => c.field)).toEqual(['metadata.labels', 'metadata.labels']);
    expect(causes[0].message).toMatch(/^Invalid value: "bad key": name part must consist of/);
    expect(causes[1].message).toMatch(/^Invalid value: "bad value!": a valid label must be an empty string/);
  });

  it('limits the total size of annotations', () => {
    const causes = validateObjectMeta({ name: 'x', namespace: 'd', annotations: { big: 'x'.repeat(256 * 1024) } }, cm);
    expect(causes).toEqual([{ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes' }]);
  });
});
