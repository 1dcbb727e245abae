/**
 * Meta through the real routes: the subscription handshake, then Page feed, Messenger,
 * Instagram and WhatsApp payloads (official samples and builders derived from them) posted
 * signed to /webhooks/meta, queued, processed and read back from GET /cases/{id}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRAND,
  instagramBrandReply,
  instagramCommentBusinessLogin,
  messengerEcho,
  messengerMessage,
  pageFeedComment,
  whatsappBatch,
} from '../fixtures/derived-samples.ts';
import { type Json, sampleJson } from '../fixtures/samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';
import { auditTypes, busEventsOf, caseWithMessage, messageOf, postMeta } from './intake-platforms.support.ts';

const COMMENT_ID = '444444444_555555555';
const COMMENTED_AT = '2021-03-10T20:26:40.000Z';
const EDITED_AT = '2021-03-10T20:36:40.000Z';
const REMOVED_AT = '2021-03-10T20:46:40.000Z';
const ORIGINAL_TEXT = 'Example comment content.';
const EDITED_TEXT = 'Example comment content, corrected.';

const commentAdded = () => pageFeedComment();
const commentEdited = () => pageFeedComment({ verb: 'edited', message: EDITED_TEXT, createdTime: 1615408600 });
const commentRemoved = () => pageFeedComment({ verb: 'remove', createdTime: 1615409200 });

const WHATSAPP_CUSTOMER = '16505551234';
const WAMID = {
  text: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
  contacts: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RwA=',
  failedStatus: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA',
  sentStatus: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
} as const;

/** whatsapp-status-failed.json about the message of whatsapp-status-sent.json: its status id changed only. */
const sentMessageFailed = (): Json => {
  const body = sampleJson('whatsapp-status-failed.json');
  body.entry[0].changes[0].value.statuses[0].id = WAMID.sentStatus;
  return body;
};

/**
 * messengerMessage() / messengerEcho() for another customer: PSID and both mids changed, since a
 * mid names one message only.
 */
const otherCustomer = {
  psid: '7000000000000001',
  mid: 'mid.1457764197618:aaaaaaaaaaaaaaaaaa',
  echoMid: 'mid.1457764257618:bbbbbbbbbbbbbbbbbb',
};
const otherCustomerMessage = (): Json => {
  const body = messengerMessage(otherCustomer.psid);
  body.entry[0].messaging[0].message.mid = otherCustomer.mid;
  return body;
};
const otherCustomerEcho = (): Json => {
  const body = messengerEcho(otherCustomer.psid);
  body.entry[0].messaging[0].message.mid = otherCustomer.echoMid;
  return body;
};

/** One entry carrying a third customer's message and the Page's echo, as Meta batches messaging items: PSID and mids changed. */
const batchedCustomer = {
  psid: '7000000000000002',
  mid: 'mid.1457764197618:cccccccccccccccccc',
  echoMid: 'mid.1457764257618:dddddddddddddddddd',
};
const messageAndEchoInOnePost = (): Json => {
  const body = messengerMessage(batchedCustomer.psid);
  body.entry[0].messaging[0].message.mid = batchedCustomer.mid;
  const echo = messengerEcho(batchedCustomer.psid).entry[0].messaging[0];
  echo.message.mid = batchedCustomer.echoMid;
  body.entry[0].messaging.push(echo);
  return body;
};

describe('Meta webhooks end to end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the subscription handshake by echoing hub.challenge as text/plain for the right verify token', async () => {
    // Prepare
    const query = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.challenge': '1158201444',
      'hub.verify_token': TEST_SECRETS.META_VERIFY_TOKEN,
    });

    // Act
    const response = await fetch(`${stack.url}/webhooks/meta?${query}`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  describe('Facebook Page feed', () => {
    it("opens a case for a customer's comment on the brand's post", async () => {
      // Act
      const accepted = await postMeta(stack, commentAdded());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      const view = await caseWithMessage(stack, 'facebook', COMMENT_ID);
      expect(view.case).toMatchObject({
        status: 'open',
        brandAccount: BRAND.facebookPage,
        channels: ['facebook'],
        customerName: 'Example Name',
        subject: ORIGINAL_TEXT,
        openedAt: COMMENTED_AT,
      });
      expect(messageOf(view, COMMENT_ID)).toMatchObject({
        direction: 'inbound',
        threadKey: `${BRAND.facebookPage}_444444444`,
        author: { id: '44444444', name: 'Example Name' },
        text: ORIGINAL_TEXT,
      });
    });

    it('keeps the original text of an edited comment in its edit history, the new text current', async () => {
      // Prepare
      await postMeta(stack, commentAdded());
      await stack.drained();

      // Act
      const accepted = await postMeta(stack, commentEdited());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      const view = await caseWithMessage(stack, 'facebook', COMMENT_ID);
      expect(messageOf(view, COMMENT_ID)).toMatchObject({
        text: EDITED_TEXT,
        edits: [{ text: ORIGINAL_TEXT, at: EDITED_AT }],
      });
      expect(view.case.messageCount).toBe(1);
      const edited = view.audit.filter((entry) => entry.type === 'message.edited');
      expect(edited).toHaveLength(1);
      expect(edited[0]?.detail).toMatchObject({ previousText: ORIGINAL_TEXT, text: EDITED_TEXT });
    });

    it('marks a removed comment deleted without erasing its text or history', async () => {
      // Prepare
      await postMeta(stack, commentAdded());
      await stack.drained();
      await postMeta(stack, commentEdited());
      await stack.drained();

      // Act
      const accepted = await postMeta(stack, commentRemoved());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      const view = await caseWithMessage(stack, 'facebook', COMMENT_ID);
      expect(messageOf(view, COMMENT_ID)).toMatchObject({
        deletedAt: REMOVED_AT,
        text: EDITED_TEXT,
        edits: [{ text: ORIGINAL_TEXT, at: EDITED_AT }],
      });
      expect(view.case.messageCount).toBe(1);
      expect(auditTypes(view).filter((type) => type === 'message.deleted')).toHaveLength(1);
    });
  });

  describe('Messenger', () => {
    it("puts the Page's echo in the customer's conversation and marks the case responded", async () => {
      // Prepare
      await postMeta(stack, messengerMessage());
      await stack.drained();

      // Act
      const accepted = await postMeta(stack, messengerEcho());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      const view = await caseWithMessage(stack, 'messenger', 'mid.1457764197618:41d102a3e1ae206a38');
      expect(view.messages.map((m) => [m.platformMessageId, m.direction, m.text])).toEqual([
        ['mid.1457764197618:41d102a3e1ae206a38', 'inbound', 'hello, world!'],
        ['mid.1457764257618:41d102a3e1ae206a39', 'outbound', 'Hello! How can we help?'],
      ]);
      expect(view.case).toMatchObject({
        status: 'responded',
        brandAccount: BRAND.facebookPage,
        channels: ['messenger'],
        openedAt: '2016-03-23T00:25:52.478Z',
        firstResponseAt: '2016-03-23T00:26:52.478Z',
      });
      expect(view.audit.find((entry) => entry.type === 'case.first_response')?.detail).toEqual({
        at: '2016-03-23T00:26:52.478Z',
        responseSeconds: 60,
        answeredBy: {
          at: '2016-03-23T00:26:52.478Z',
          channel: 'messenger',
          platformMessageId: 'mid.1457764257618:41d102a3e1ae206a39',
          reason: 'brand message on messenger',
        },
      });
      expect(busEventsOf(stack, view.case.id, 'CaseResponded')).toHaveLength(1);
    });

    it("still marks the case responded when the Page's echo is processed before the customer's message", async () => {
      // Prepare: the echo first, as a reordered delivery would bring it.
      await postMeta(stack, otherCustomerEcho());
      await stack.drained();

      // Act
      await postMeta(stack, otherCustomerMessage());
      await stack.drained();

      // Assess
      const view = await caseWithMessage(stack, 'messenger', otherCustomer.mid);
      expect(view.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([
        [otherCustomer.mid, 'inbound'],
        [otherCustomer.echoMid, 'outbound'],
      ]);
      expect(view.case).toMatchObject({ status: 'responded', firstResponseAt: '2016-03-23T00:26:52.478Z' });
      expect(view.customer?.identities).toContainEqual({ kind: 'messenger', value: otherCustomer.psid });
    });
    it("makes one responded case of a customer's message and the Page's echo delivered in one POST", async () => {
      // Act
      const accepted = await postMeta(stack, messageAndEchoInOnePost());
      await stack.drained();

      // Assess
      expect(accepted).toMatchObject({ queued: 2, ignored: [] });
      const view = await caseWithMessage(stack, 'messenger', batchedCustomer.mid);
      expect(view.messages.map((m) => [m.platformMessageId, m.direction])).toEqual([
        [batchedCustomer.mid, 'inbound'],
        [batchedCustomer.echoMid, 'outbound'],
      ]);
      expect(view.case).toMatchObject({ status: 'responded', firstResponseAt: '2016-03-23T00:26:52.478Z' });
      expect(auditTypes(view).filter((type) => type === 'case.opened')).toHaveLength(1);
      expect(busEventsOf(stack, view.case.id, 'CaseOpened')).toHaveLength(1);
      expect(busEventsOf(stack, view.case.id, 'CaseResponded')).toHaveLength(1);
    });
  });

  describe('Instagram', () => {
    it("opens a case for a customer's comment and marks it responded by the brand's reply", async () => {
      // Prepare
      await postMeta(stack, instagramCommentBusinessLogin());
      await stack.drained();
      const opened = await caseWithMessage(stack, 'instagram', '17865799348089039');

      // Act
      const accepted = await postMeta(stack, instagramBrandReply());
      await stack.drained();

      // Assess
      expect(opened.case).toMatchObject({
        status: 'open',
        brandAccount: BRAND.instagram,
        channels: ['instagram'],
        customerHandle: 'test',
        subject: 'This is an example.',
        openedAt: '2018-03-09T19:16:08.000Z',
      });
      expect(accepted).toMatchObject({ queued: 1, ignored: [] });
      const view = await caseWithMessage(stack, 'instagram', '17865799348089039');
      expect(view.case.id).toBe(opened.case.id);
      expect(messageOf(view, '17865799348089040')).toMatchObject({
        direction: 'outbound',
        inReplyTo: '17865799348089039',
        author: { id: BRAND.instagram, handle: 'acmeair' },
      });
      expect(view.case).toMatchObject({ status: 'responded', firstResponseAt: '2018-03-09T19:16:40.000Z' });
      expect(auditTypes(view)).toContain('case.first_response');
      expect(busEventsOf(stack, view.case.id, 'CaseResponded')).toHaveLength(1);
    });
  });

  describe('WhatsApp', () => {
    it('turns each entry of a batched POST into its own event, in the conversations of their customer', async () => {
      // Act
      const accepted = await postMeta(stack, whatsappBatch());
      await stack.drained();

      // Assess
      expect(accepted.queued).toBe(3);
      expect(new Set(accepted.eventIds).size).toBe(3);
      const view = await caseWithMessage(stack, 'whatsapp', WAMID.text);
      expect(view.case).toMatchObject({
        brandAccount: BRAND.whatsapp,
        channels: ['whatsapp'],
        customerName: 'Sheena Nelson',
        messageCount: 2,
        // A failed send (error 131047, outside the 24-hour window) is no answer: the customer still waits.
        status: 'open',
      });
      expect(view.case.firstResponseAt).toBeUndefined();
      expect(view.messages.map((m) => [m.platformMessageId, m.direction, m.text, m.deliveryStatus])).toEqual([
        [WAMID.text, 'inbound', 'Does it come in another color?', undefined],
        [WAMID.failedStatus, 'outbound', '', 'failed'],
      ]);
      // The contacts message is two months older: outside the 30-day private window, a conversation of its own.
      const earlier = await caseWithMessage(stack, 'whatsapp', WAMID.contacts);
      expect(earlier.case.id).not.toBe(view.case.id);
      expect(earlier.case.customerId).toBe(view.case.customerId);
      expect(view.messages.every((m) => m.threadKey === `wa:${WHATSAPP_CUSTOMER}`)).toBe(true);
      expect(view.customer?.identities).toEqual(
        expect.arrayContaining([
          { kind: 'whatsapp', value: WHATSAPP_CUSTOMER },
          { kind: 'phone', value: `+${WHATSAPP_CUSTOMER}` },
        ]),
      );
      expect(auditTypes(view).filter((type) => type === 'case.opened')).toHaveLength(1);
    });

    it("records a brand message from its delivery status, and the status's later change", async () => {
      // Act: sent, the same status again (a second official example), then failed.
      const sent = await postMeta(stack, sampleJson('whatsapp-status-sent.json'));
      await stack.drained();
      await postMeta(stack, sampleJson('whatsapp-status-v24-second-example.json'));
      await stack.drained();
      const afterSent = await caseWithMessage(stack, 'whatsapp', WAMID.sentStatus);
      await postMeta(stack, sentMessageFailed());
      await stack.drained();

      // Assess
      expect(sent).toMatchObject({ queued: 1, ignored: [] });
      expect(messageOf(afterSent, WAMID.sentStatus)).toMatchObject({
        direction: 'outbound',
        deliveryStatus: 'sent',
        sentAt: '2025-06-15T23:27:53.000Z',
        author: { id: BRAND.whatsapp, handle: '15550783881' },
      });
      const view = await caseWithMessage(stack, 'whatsapp', WAMID.sentStatus);
      expect(messageOf(view, WAMID.sentStatus).deliveryStatus).toBe('failed');
      const statusChanges = view.audit.filter((entry) => entry.type === 'message.status');
      expect(statusChanges).toHaveLength(1);
      expect(statusChanges[0]?.detail).toMatchObject({ platformMessageId: WAMID.sentStatus, status: 'failed' });
      expect(view.messages.filter((m) => m.platformMessageId === WAMID.sentStatus)).toHaveLength(1);
    });
  });

  it('parked nothing on the intake DLQ', async () => {
    expect(await stack.queueDepth(stack.queues.intake.dlqUrl)).toBe(0);
  });
});
