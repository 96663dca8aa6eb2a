// The authenticated identity and the well-known names kube-apiserver gives special meaning.
import type { UserInfo } from '../rbac/types.ts';

export type { UserInfo };

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const CREDENTIAL_ID = 'authentication.kubernetes.io/credential-id';

export const ANONYMOUS_USER: UserInfo = { username: ANONYMOUS, groups: [UNAUTHENTICATED] };

/** kube's "authenticated group adder": system:authenticated goes last, unless the user already says how it authenticated. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === ANONYMOUS || user.groups.includes(AUTHENTICATED) || user.groups.includes(UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED] };
}

/** What one authenticator concluded: a user, an error (the credential was bad), or no opinion (undefined). */
export type AuthnOutcome = { user: UserInfo } | { error: string } | undefined;
