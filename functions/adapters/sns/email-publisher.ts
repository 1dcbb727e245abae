/**
 * E-mail targets on AWS: each e-mail target has its own SNS topic, subscribed to its addresses at
 * deploy time; publishing to the topic is sending the e-mail. The SNS client loads with the first
 * e-mail, not at every cold start of the functions that could send one.
 */
export type EmailPublisher = (target: string, subject: string, body: string) => Promise<void>;

/** `topics`: the e-mail target's name to its topic ARN, as the stack deployed them. */
export const snsEmailPublisher =
  (topics: Readonly<Record<string, string>>): EmailPublisher =>
  async (target, subject, body) => {
    const topicArn = topics[target];
    if (!topicArn) throw new Error(`no SNS topic is deployed for e-mail target ${target}`);
    const { sns, PublishCommand } = await import('./client.ts');
    await sns().send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: body }));
  };

/** Without SNS (the local stack), an e-mail is printed instead. */
export const printedEmail: EmailPublisher = async (target, subject, body) => {
  console.log(`--- e-mail to ${target}: ${subject}\n${body}`);
};
