/**
 * Comments on one brand Facebook post, as the Page's feed webhook delivers them: the official
 * page-feed comment shape (test/fixtures/derived-samples.ts pageFeedComment, from
 * meta-page-feed-comment.TEMPLATE.json) with only the commenter, the comment id and the time
 * varied, signed with the test signer.
 */
import { signMeta } from '../../test/fixtures/build.ts';
import { pageFeedComment } from '../../test/fixtures/derived-samples.ts';
import type { Delivery, DeliveryKind } from '../support/webhooks.ts';

/** The post of pageFeedComment(): every comment here answers it. */
const POST_ID = '444444444';

export interface Commenter {
  readonly id: string;
  readonly name: string;
}

/** Commenter `index` of a run: numeric ids like Meta's app-scoped ids, apart from the samples'. */
export const commenter = (run: number, index: number): Commenter => ({
  id: `7${run}${String(index).padStart(7, '0')}`,
  name: `Commenter ${run}-${index}`,
});

export const commentDelivery = (
  from: Commenter,
  commentNumber: number,
  createdTime: number,
  kind: DeliveryKind,
  appSecret: string,
): Delivery => {
  const body = JSON.stringify(
    pageFeedComment({ from: { ...from }, commentId: `${POST_ID}_${commentNumber}`, createdTime }),
  );
  return {
    platform: 'meta',
    kind,
    routeKey: 'POST /webhooks/meta',
    path: '/webhooks/meta',
    body,
    headers: signMeta(body, appSecret),
  };
};
