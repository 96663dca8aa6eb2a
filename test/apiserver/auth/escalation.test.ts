import { describe, expect, it } from 'vitest';
import { escalationError, FULL_AUTHORITY, uncoveredRules } from '../../../src/apiserver/auth/rbac/escalation.ts';

describe('escalation prevention', () => {
  const owner = [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'], resourceNames: ['web'] },
    { apiGroups: ['*'], resources: ['*/status'], verbs: ['patch'] },
  ];

  it('allows granting what the user holds', () => {
    expect(uncoveredRules(owner, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }])).toEqual([]);
    expect(uncoveredRules(owner, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'], resourceNames: ['web'] }])).toEqual([]);
    expect(uncoveredRules(owner, [{ apiGroups: ['x'], resources: ['things/status'], verbs: ['patch'] }])).toEqual([]);
    expect(uncoveredRules(FULL_AUTHORITY, owner)).toEqual([]);
  });

  it('refuses rules the user does not hold and words the error like kube', () => {
    const servant = [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'] }, // owner holds it only for name "web"
    ];
    expect(escalationError({ username: 'alice', groups: ['dev', 'system:authenticated'] }, owner, servant)).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n' +
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["delete"]}',
    );
  });
});
