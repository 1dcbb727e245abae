/** Direct messages: the same `direct_message_events` shape in Account Activity and in XAA `dm.*`. */
import { buildEvent, directionOf, isBrandAuthor } from '../event.ts';
import { parseItem } from '../parse.ts';
import { fromEpochMillis } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import { xAuthor } from './authors.ts';
import { dmEventSchema } from './schemas.ts';

export interface DmBatch {
  readonly brandAccount: string;
  readonly events: readonly unknown[];
  /** `users{}` keyed by user id: profiles of sender and recipient. */
  readonly users: Readonly<Record<string, unknown>> | undefined;
  /** Field path of `events`, for error messages. */
  readonly path: string;
}

/** One conversation per customer: the thread is `dm:<the customer's user id>` whoever writes. */
export const normalizeDms = (batch: DmBatch, ctx: NormalizeContext, into: NormalizeResult): void => {
  batch.events.forEach((item, index) => {
    const path = `${batch.path}.${index}`;
    const type = (item as { type?: unknown } | null)?.type;
    if (type !== 'message_create') {
      // Named only when text: a signed body may carry any JSON here, objects without a string form too.
      const kind = typeof type === 'string' ? type : typeof type;
      into.ignored.push({ kind: `direct_message_events.${kind}`, reason: 'not a message' });
      return;
    }
    const parsed = parseItem(dmEventSchema, item, 'direct_message_events', path);
    if (!parsed.ok) {
      into.ignored.push(parsed.ignored);
      return;
    }
    const dm = parsed.value;
    const senderId = dm.message_create.sender_id;
    const recipientId = dm.message_create.target.recipient_id;
    const fromBrand = isBrandAuthor('x', senderId, batch.brandAccount, ctx.accounts);
    const customerId = fromBrand ? recipientId : senderId;
    into.events.push(
      buildEvent(
        {
          platform: 'x',
          channel: 'x',
          action: 'message',
          brandAccount: batch.brandAccount,
          threadKey: `dm:${customerId}`,
          platformMessageId: dm.id,
          direction: directionOf(fromBrand),
          author: xAuthor(senderId, batch.users?.[senderId]),
          identities: [{ kind: 'x', value: customerId }],
          text: dm.message_create.message_data.text,
          occurredAt: fromEpochMillis(dm.created_timestamp, `${path}.created_timestamp`),
          visibility: 'private',
          raw: dm,
        },
        ctx,
      ),
    );
  });
};
