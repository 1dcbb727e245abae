/**
 * Replacing the Slack alert after a click: the message says who acted and when, keeps the case
 * button, goes only to hooks.slack.com (or the test's named origin), and a slow or failing
 * response_url is logged, never thrown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedResponseUrl,
  type SlackActed,
  slackActedMessage,
  updateSlackMessage,
} from '../../functions/alerts/targets/slack/reply.ts';
import { type Receiver, startReceiver } from '../alerts/receiver.ts';

const acted: SlackActed = {
  action: 'ack',
  caseId: '01JD3K6N4ZQ8W5T2X7V9B1C0FE',
  who: 'jtorrance <ops>',
  at: new Date('2026-03-03T10:04:30.000Z'),
  caseUrl: 'https://sundown.example.com/cases/01JD3K6N4ZQ8W5T2X7V9B1C0FE/view?token=abc',
};

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

describe('slackActedMessage', () => {
  it('replaces the original with who acknowledged and when, and a button to the case page', () => {
    // Act
    const message = slackActedMessage(acted);

    // Assess
    expect(message.replace_original).toBe(true);
    expect(message.text).toBe(
      'Acknowledged by jtorrance &lt;ops&gt; at 2026-03-03 10:04 UTC: case 01JD3K6N4ZQ8W5T2X7V9B1C0FE',
    );
    expect(message.blocks[0]?.text?.text).toBe(
      ':eyes: *Acknowledged* by jtorrance &lt;ops&gt; <!date^1772532270^{date_short_pretty} at {time}|2026-03-03 10:04 UTC>',
    );
    expect(message.blocks[2]?.elements).toEqual([
      expect.objectContaining({
        type: 'button',
        url: acted.caseUrl,
        text: expect.objectContaining({ text: 'Open the case' }),
      }),
    ]);
  });

  it('says resolved for a resolve click', () => {
    // Act
    const message = slackActedMessage({ ...acted, action: 'resolve', who: 'wendy' });

    // Assess
    expect(message.text).toMatch(/^Resolved by wendy at /);
  });
});

describe('allowedResponseUrl', () => {
  it.each([
    ['https://hooks.slack.com/actions/T0/123/abc', undefined, true],
    ['http://hooks.slack.com/actions/T0/123/abc', undefined, false],
    ['https://hooks.slack.com.evil.example/actions', undefined, false],
    ['https://evil.example/?https://hooks.slack.com', undefined, false],
    ['http://127.0.0.1:4000/slack', undefined, false],
    ['http://127.0.0.1:4000/slack', 'http://127.0.0.1:4000', true],
    ['http://127.0.0.1:4001/slack', 'http://127.0.0.1:4000', false],
    ['not a url', undefined, false],
  ])('%s with extra origin %s: %s', (url, extra, allowed) => {
    expect(allowedResponseUrl(url, extra)).toBe(allowed);
  });
});

describe('updateSlackMessage', () => {
  it('posts the replacement to an allowed response_url', async () => {
    // Prepare
    const warnings: string[] = [];
    const before = receiver.received.length;

    // Act
    const outcome = await updateSlackMessage(receiver.url('/respond'), acted, {
      extraOrigin: receiver.url(''),
      warn: (message) => warnings.push(message),
    });

    // Assess
    expect(outcome).toBe('updated');
    const [request] = receiver.received.slice(before);
    expect(request?.path).toBe('/respond');
    expect(JSON.parse(request?.body ?? '')).toMatchObject({ replace_original: true });
    expect(warnings).toEqual([]);
  });

  it('refuses a response_url that is not Slack, sending nothing', async () => {
    // Prepare
    const warnings: string[] = [];
    const before = receiver.received.length;

    // Act
    const outcome = await updateSlackMessage(receiver.url('/respond'), acted, { warn: (m) => warnings.push(m) });

    // Assess
    expect(outcome).toBe('refused');
    expect(receiver.received.length).toBe(before);
    expect(warnings).toEqual(['slack response_url refused: not hooks.slack.com']);
  });

  it('gives up on a slow response_url within its timeout and logs instead of throwing', async () => {
    // Prepare
    const warnings: string[] = [];
    receiver.answer({ status: 200, delayMs: 2_000 });

    // Act
    const started = Date.now();
    const outcome = await updateSlackMessage(receiver.url('/slow'), acted, {
      extraOrigin: receiver.url(''),
      timeoutMs: 300,
      warn: (m) => warnings.push(m),
    });
    receiver.answer({ status: 200 });

    // Assess
    expect(outcome).toBe('failed');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(warnings).toEqual(['slack message not updated after a click']);
  });
});
