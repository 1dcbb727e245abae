/** E-mail through the target's SNS topic, subscribed at deploy time: plain text, signed links. */
import * as z from 'zod/mini';
import { AlertDeliveryError } from '../../errors.ts';
import { defineTarget, type SendContext } from '../target-module.ts';
import { type EmailMessage, emailMessage, emailNoticeMessage } from './format.ts';

export const emailSchema = z.strictObject({
  type: z.literal('email'),
  addresses: z.array(z.email()).check(z.minLength(1)),
});
export type EmailTarget = z.infer<typeof emailSchema>;

const publish = async ({ subject, body }: EmailMessage, target: SendContext<EmailTarget>): Promise<void> => {
  const { publishEmail } = target.deps;
  if (!publishEmail) {
    throw new AlertDeliveryError({ target: 'email', reason: 'no e-mail publisher is wired', permanent: true });
  }
  try {
    await publishEmail(target.name, subject, body);
  } catch (error) {
    throw new AlertDeliveryError(
      { target: 'email', reason: `publish failed: ${(error as Error).message}`, permanent: false },
      { cause: error },
    );
  }
};

export const email = defineTarget({
  type: 'email',
  schema: emailSchema,
  capabilities: { pages: false, acknowledges: true, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: (alert, target) => publish(emailMessage(alert), target),
  sendNotice: (notice, target) => publish(emailNoticeMessage(notice), target),
  // The stack's alarm address (-c alarmEmail) confirms the same way, so the step is there without targets too.
  setup: ({ targets }) => {
    const addresses = targets.flatMap(({ config }) => config.addresses);
    return {
      title: 'E-mail: each address confirms its SNS subscription',
      lines: [
        addresses.length > 0
          ? `Ask ${addresses.join(', ')} (and the -c alarmEmail address) to click "Confirm subscription" in the AWS Notification e-mail.`
          : 'Only the -c alarmEmail address, if given: click "Confirm subscription" in the AWS Notification e-mail.',
      ],
    };
  },
});
