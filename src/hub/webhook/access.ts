// SubjectAccessReviews on behalf of the user who made the admission request (request.userInfo), as upstream's
// webhooks do: the API server checks exactly the identity whose write is being admitted.
import type { KubeClient } from '../../kube/index.ts';
import { subjectAccessReviewResource } from '../registration/resources.ts';
import type { ResourceAttributes, SubjectAccessReview, UserInfo } from '../registration/resources.ts';

export type AccessCheck = (user: UserInfo, attributes: ResourceAttributes) => Promise<boolean>;

export function subjectAccessCheck(client: KubeClient): AccessCheck {
  const reviews = client.resource<SubjectAccessReview>(subjectAccessReviewResource);
  return async (user, attributes) => {
    const review = await reviews.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: user.username, uid: user.uid, groups: user.groups, extra: user.extra, resourceAttributes: attributes },
    });
    return review.status?.allowed === true;
  };
}
