/**
 * The read cost of message N: one customer comments N times on the brand's post, one comment at
 * a time through the receiver and the intake processor, so every comment joins one case; what
 * the processor asks of DynamoDB for each comment is counted (./request-meter.ts), the receiver
 * and the queue's work are not.
 */
import { deleteAll, invokeConsumer, invokeReceiver, receiveAll } from '../support/drive.ts';
import { type MeasuringStack, SECRETS } from '../support/stack.ts';
import { commentDelivery, commenter } from './comments.ts';
import type { RequestMeter, Tally } from './request-meter.ts';

export interface MessageCost {
  readonly n: number;
  readonly tally: Tally;
  readonly failed: number;
}

/** Every message's cost, in order; message 1 opens the case. */
export const runMessageN = async (
  stack: MeasuringStack,
  meter: RequestMeter,
  options: { readonly messages: number; readonly progress: (line: string) => void },
): Promise<MessageCost[]> => {
  const customer = commenter(2, 0);
  // Within the last ten minutes, so no first-response clock (15 minutes) is due before the case opens.
  const startSeconds = Math.floor(Date.now() / 1000) - 600;
  const costs: MessageCost[] = [];
  for (let n = 1; n <= options.messages; n++) {
    const delivery = commentDelivery(
      customer,
      700_000_000 + n,
      startSeconds + Math.floor(((n - 1) * 590) / options.messages),
      n === 1 ? 'new case' : 'customer follow-up',
      SECRETS.META_APP_SECRET,
    );
    await invokeReceiver(stack, [delivery], 1);
    const batches = await receiveAll(stack);
    const { result: failed, tally } = await meter.metered(() => invokeConsumer(stack, batches, 1));
    await deleteAll(stack, batches);
    costs.push({ n, tally, failed });
    if (n % 100 === 0) options.progress(`message ${n} of ${options.messages}`);
  }
  return costs;
};
