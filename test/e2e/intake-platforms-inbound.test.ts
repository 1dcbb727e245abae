/**
 * Standard-Webhooks inbound channels through /webhooks/inbound/{source}, one customer across
 * X and e-mail, and what the processor does with a queue message it can never handle.
 */
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { allCases, auditTypes, caseWithMessage, messageOf, postInbound, postX } from './intake-platforms.support.ts';

const { inboundSources } = readSundownConfigFile(new URL('../../sundown.config.json', import.meta.url).pathname);

/** inboundMessage(): the contact of standard-webhooks-contact.created-full.json writing at its timestamp. */
const CONVERSATION_ID = '1f81eb52-5198-4599-803e-771906343485';
/** Message ids are unique per source and conversation, so Sundown keeps them scoped by both. */
const storedId = (source: string, conversationId = CONVERSATION_ID, messageId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W') =>
  `${source}:${conversationId}:${messageId}`;
const MESSAGE_ID = storedId('email');
const WRITTEN_AT = '2022-11-03T20:26:10.344Z';
const ORIGINAL_TEXT = 'Does it come in another color?';
const EDITED_TEXT = 'Does it come in red?';
const EDITED_AT = '2022-11-03T20:30:00.000Z';
const DELETED_AT = '2022-11-03T20:35:00.000Z';

const edited = () => inboundMessage({ type: 'message.updated', data: { text: EDITED_TEXT, occurredAt: EDITED_AT } });
const deleted = () => inboundMessage({ type: 'message.deleted', data: { text: '', occurredAt: DELETED_AT } });

/** A valid chat message of its own conversation. */
const chatMessage = (n: number) =>
  inboundMessage({
    data: {
      conversationId: `dlq-neighbour-${n}`,
      messageId: `dlq-neighbour-${n}`,
      text: `still waiting ${n}`,
      customer: { email: `neighbour${n}@example.com` },
    },
  });

describe('inbound webhooks end to end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(Object.entries(inboundSources).map(([source, { channel }]) => ({ source, channel })))(
    'opens a case on the $channel channel for a message posted to the "$source" source',
    async ({ source, channel }) => {
      // Act
      const accepted = await postInbound(stack, source, inboundMessage());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      // The same person writes on each source: one customer, so one conversation across the channels.
      const view = await caseWithMessage(stack, channel, storedId(source));
      expect(view.case.channels).toContain(channel);
      expect(view.case).toMatchObject({
        status: 'open',
        customerName: 'John Smith',
        customerHandle: 'test@example.com',
        subject: ORIGINAL_TEXT,
        openedAt: WRITTEN_AT,
      });
      expect(messageOf(view, storedId(source))).toMatchObject({
        direction: 'inbound',
        threadKey: CONVERSATION_ID,
        text: ORIGINAL_TEXT,
      });
      expect(view.customer?.identities).toEqual(
        expect.arrayContaining([
          { kind: 'email', value: 'test@example.com' },
          { kind: 'phone', value: '+2813322575' },
        ]),
      );
    },
  );

  it('keeps the original text of a message.updated message in its edit history, the new text current', async () => {
    // Prepare
    await postInbound(stack, 'email', inboundMessage());
    await stack.drained();

    // Act
    const accepted = await postInbound(stack, 'email', edited());
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'email', MESSAGE_ID);
    expect(messageOf(view, MESSAGE_ID)).toMatchObject({
      text: EDITED_TEXT,
      edits: [{ text: ORIGINAL_TEXT, at: EDITED_AT }],
    });
    expect(auditTypes(view).filter((type) => type === 'message.edited')).toHaveLength(1);
  });

  it('marks a message.deleted message deleted without erasing it', async () => {
    // Prepare
    await postInbound(stack, 'email', inboundMessage());
    await stack.drained();
    await postInbound(stack, 'email', edited());
    await stack.drained();

    // Act
    const accepted = await postInbound(stack, 'email', deleted());
    await stack.drained();

    // Assess
    expect(accepted).toMatchObject({ queued: 1, ignored: [] });
    const view = await caseWithMessage(stack, 'email', MESSAGE_ID);
    expect(messageOf(view, MESSAGE_ID)).toMatchObject({
      deletedAt: DELETED_AT,
      text: EDITED_TEXT,
      edits: [{ text: ORIGINAL_TEXT, at: EDITED_AT }],
    });
    expect(view.messages.filter((m) => m.platformMessageId === MESSAGE_ID)).toHaveLength(1);
    expect(auditTypes(view).filter((type) => type === 'message.deleted')).toHaveLength(1);
  });

  it("links an e-mail naming the customer's X id to the customer of their X DM", async () => {
    // Prepare: the DM of x-aaa-direct_message_events.json, from X user 3001969357.
    await postX(stack, sampleJson('x-aaa-direct_message_events.json'));
    await stack.drained();
    const email = inboundMessage({
      data: {
        conversationId: 'ticket-4711',
        messageId: 'mail-4711-1',
        text: 'I wrote to you on X as well.',
        customer: { name: 'Jordan Brinks', email: 'Jordan.Brinks@example.com', handles: { x: '3001969357' } },
      },
    });

    // Act
    await postInbound(stack, 'email', email);
    await stack.drained();

    // Assess
    const dmCase = await caseWithMessage(stack, 'x', '954491830116155396');
    const emailCase = await caseWithMessage(stack, 'email', storedId('email', 'ticket-4711', 'mail-4711-1'));
    // Four years apart (2018 DM, 2022 e-mail): far outside the conversation window, so two cases of one customer.
    expect(emailCase.case.id).not.toBe(dmCase.case.id);
    expect(emailCase.case.customerId).toBe(dmCase.case.customerId);
    expect(dmCase.otherCases.map((c) => c.id)).toContain(emailCase.case.id);
    expect(emailCase.otherCases.map((c) => c.id)).toContain(dmCase.case.id);
    expect(emailCase.otherCases.find((c) => c.id === dmCase.case.id)).toMatchObject({ channels: ['x'] });
    for (const view of [dmCase, emailCase]) {
      expect(view.customer?.id).toBe(dmCase.case.customerId);
      expect(view.customer?.identities).toEqual(
        expect.arrayContaining([
          { kind: 'x', value: '3001969357' },
          { kind: 'email', value: 'jordan.brinks@example.com' },
        ]),
      );
    }
  });

  it('parks a queue message the processor can never handle on the DLQ with its reason, and keeps the valid traffic', async () => {
    // Prepare: an InboundEvent without threadKey, and a body that is not JSON at all.
    const withoutThread = {
      version: 1,
      eventId: 'chat:message:chat:dlq-1',
      platform: 'inbound',
      channel: 'chat',
      action: 'message',
      brandAccount: 'inbound:chat',
      platformMessageId: 'dlq-1',
      direction: 'inbound',
      author: { id: 'visitor-1' },
      identities: [{ kind: 'email', value: 'visitor1@example.com' }],
      text: 'hello?',
      occurredAt: '2026-11-20T08:00:00.000Z',
      receivedAt: '2026-11-20T08:00:01.000Z',
      raw: {},
    };
    const before = (await allCases(stack)).length;

    // Act
    await postInbound(stack, 'chat', chatMessage(1));
    const sent = await Promise.all(
      [JSON.stringify(withoutThread), 'not json'].map((body) =>
        stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.intake.url, MessageBody: body })),
      ),
    );
    await postInbound(stack, 'chat', chatMessage(2));
    await stack.drained();

    // Assess
    const parked = await receiveAll(stack.sqs, stack.queues.intake.dlqUrl, 2);
    const reasonOf = (body: string) => parked.find((m) => m.Body === body)?.MessageAttributes?.reason?.StringValue;
    expect(reasonOf(JSON.stringify(withoutThread))).toMatch(/\bthreadKey: /);
    expect(reasonOf('not json')).toMatch(/not JSON/);
    expect(parked.map((m) => m.MessageAttributes?.sourceMessageId?.StringValue).sort()).toEqual(
      sent.map((s) => s.MessageId).sort(),
    );
    expect(await allCases(stack)).toHaveLength(before + 2);
    await caseWithMessage(stack, 'chat', storedId('chat', 'dlq-neighbour-1', 'dlq-neighbour-1'));
    await caseWithMessage(stack, 'chat', storedId('chat', 'dlq-neighbour-2', 'dlq-neighbour-2'));
  });
});

/** Receives until `count` messages came back or the queue stays empty. */
const receiveAll = async (sqs: SQSClient, queueUrl: string, count: number) => {
  const messages = [];
  for (let attempt = 0; attempt < 5 && messages.length < count; attempt++) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    messages.push(...(Messages ?? []));
  }
  expect(messages).toHaveLength(count);
  return messages;
};
