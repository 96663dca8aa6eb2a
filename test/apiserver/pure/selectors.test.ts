import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/apiserver/errors.ts';
import {
  checkFieldSelector, labelSelectorFromObject, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector,
  supportedFieldLabels,
} from '../../../src/apiserver/selectors.ts';

function errorOf(fn: () => unknown): ApiError {
  try { fn(); } catch (err) { if (err instanceof ApiError) return err; throw err; }
  throw new Error('expected an ApiError');
}

describe('parseLabelSelector', () => {
  it.each([
    ['', []],
    ['app=web', [{ key: 'app', operator: 'Equals', values: ['web'] }]],
    ['app==web', [{ key: 'app', operator: 'Equals', values: ['web'] }]],
    ['app!=web', [{ key: 'app', operator: 'NotEquals', values: ['web'] }]],
    ['app', [{ key: 'app', operator: 'Exists', values: [] }]],
    ['!app', [{ key: 'app', operator: 'DoesNotExist', values: [] }]],
    ['env in (prod, dev)', [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }]],
    ['env notin (qa)', [{ key: 'env', operator: 'NotIn', values: ['qa'] }]],
    ['replicas>1', [{ key: 'replicas', operator: 'GreaterThan', values: ['1'] }]],
    ['replicas<10', [{ key: 'replicas', operator: 'LessThan', values: ['10'] }]],
    ['app=', [{ key: 'app', operator: 'Equals', values: [''] }]],
    ['example.com/team=a , tier', [
      { key: 'example.com/team', operator: 'Equals', values: ['a'] }, { key: 'tier', operator: 'Exists', values: [] }]],
    ['a in ()', [{ key: 'a', operator: 'In', values: [''] }]],
    ['in=notin', [{ key: 'in', operator: 'Equals', values: ['notin'] }]],
  ])('parses %j', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual(expected);
  });

  it.each([
    ['=foo', "found '=', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a>b', "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
  ])('rejects %j', (text, message) => {
    const err = errorOf(() => parseLabelSelector(text));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(message);
  });

  it('names the bad key with the validation message kube prints', () => {
    const err = errorOf(() => parseLabelSelector('component+kube-apiserver'));
    expect(err.message).toBe('unable to parse requirement: key: Invalid value: "component+kube-apiserver": name part must consist of ' +
      "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or " +
      "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', env: 'prod', replicas: '3' };
  it.each([
    ['app=web', true], ['app=api', false], ['app!=api', true], ['missing!=x', true], ['app', true], ['!app', false],
    ['!missing', true], ['env in (prod,dev)', true], ['env notin (prod)', false], ['missing notin (prod)', true],
    ['replicas>2', true], ['replicas<3', false], ['app=web,env=dev', false], ['', true], ['app>1', false],
  ])('%s -> %s', (text, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });
  it('treats absent labels as empty', () => {
    expect(matchesLabels(parseLabelSelector('!a'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('a'), undefined)).toBe(false);
  });
});

describe('labelSelectorFromObject', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] });
    expect(matchesLabels(sel, { app: 'web', env: 'b' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', env: 'c' })).toBe(false);
    expect(labelSelectorFromObject(undefined)).toEqual([]);
  });
  it('rejects unknown operators', () => {
    expect(errorOf(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).message)
      .toBe('"Gt" is not a valid label selector operator');
  });
});

describe('field selectors', () => {
  const event = { metadata: { name: 'e1', namespace: 'ns1' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns1' }, spec: { hostNetwork: false } };
  it('parses and matches', () => {
    expect(parseFieldSelector('metadata.name=e1,involvedObject.kind!=Node')).toEqual([
      { field: 'involvedObject.kind', op: '!=', value: 'Node' }, { field: 'metadata.name', op: '=', value: 'e1' }]);
    expect(matchesFields(parseFieldSelector('involvedObject.name==p,involvedObject.namespace=ns1'), event)).toBe(true);
    expect(matchesFields(parseFieldSelector('involvedObject.uid='), event)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name!=e1'), event)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.hostNetwork=false'), event)).toBe(true);
    expect(parseFieldSelector('metadata.name=a\\,b')[0].value).toBe('a,b');
  });
  it('rejects terms without an operator and unsupported labels', () => {
    expect(errorOf(() => parseFieldSelector('metadata.name')).message)
      .toBe("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    expect(errorOf(() => checkFieldSelector(parseFieldSelector('spec.foo=a'), supportedFieldLabels('', 'ConfigMap'))).message)
      .toBe('field label not supported: spec.foo');
    expect(() => checkFieldSelector(parseFieldSelector('involvedObject.uid=x'), supportedFieldLabels('', 'Event'))).not.toThrow();
  });
});
