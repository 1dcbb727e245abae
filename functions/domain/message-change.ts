/**
 * A change to one stored message that a case change carries: applying an inbound event plans
 * it, the case store writes it in the same transaction as the case.
 */
import type { Message, MessageEdit } from './case.ts';

export type MessageChange =
  | { readonly kind: 'put'; readonly message: Message }
  | {
      readonly kind: 'update';
      readonly channel: Message['channel'];
      readonly platformMessageId: string;
      readonly set: Partial<Pick<Message, 'text' | 'deletedAt' | 'deliveryStatus'>>;
      /** Appended to the message's edit history. */
      readonly appendEdit?: MessageEdit;
    };
