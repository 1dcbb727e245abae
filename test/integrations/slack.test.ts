import { describe, expect, it } from 'vitest';
import { parseSlackAction, verifySlack } from '../../functions/alerts/targets/slack/callback.ts';
import { PayloadError } from '../../functions/platforms/errors.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { CASE_ID, slackBlockActions, slackForm } from './derived.ts';

interface SlackVectors {
  vectors: {
    signingSecret: string;
    timestamp: string;
    body: string;
    expectedSignature: string;
    headers: Record<string, string>;
    clockNowForTest: number;
  }[];
  negativeVectors: {
    name: string;
    body?: string;
    presentedSignature?: string;
    timestamp?: string;
    clockNowForTest?: number;
  }[];
  computedHere: { signingSecret: string; timestamp: string; body: string; expectedSignature: string }[];
}

const vectors = sampleJson<SlackVectors>('slack-signature-vectors.json');
const [docs] = vectors.vectors;
if (!docs) throw new Error('no Slack vector');
const [modifiedBody, expired] = vectors.negativeVectors;
const [blockActions] = vectors.computedHere;
const atSeconds = (s: number) => new Date(s * 1000);

describe('verifySlack', () => {
  it("accepts Slack's documented worked example", () => {
    const result = verifySlack(docs.signingSecret, docs.body, docs.headers, atSeconds(docs.clockNowForTest));

    expect(result).toEqual({ ok: true });
  });

  it('accepts the signed block_actions form post', () => {
    if (!blockActions) throw new Error('no vector');
    const headers = {
      'X-Slack-Request-Timestamp': blockActions.timestamp,
      'X-Slack-Signature': blockActions.expectedSignature,
    };

    const result = verifySlack(
      blockActions.signingSecret,
      blockActions.body,
      headers,
      atSeconds(Number(blockActions.timestamp)),
    );

    expect(result).toEqual({ ok: true });
  });

  it('rejects the worked example with a modified body', () => {
    if (!modifiedBody?.body || !modifiedBody.presentedSignature) throw new Error('no vector');
    const headers = {
      'x-slack-request-timestamp': modifiedBody.timestamp,
      'x-slack-signature': modifiedBody.presentedSignature,
    };

    const result = verifySlack(docs.signingSecret, modifiedBody.body, headers, atSeconds(docs.clockNowForTest));

    expect(result).toEqual({ ok: false, status: 401, reason: 'x-slack-signature: signature mismatch' });
  });

  it('rejects the valid signature at the real current time, as expired', () => {
    if (!expired?.presentedSignature) throw new Error('no vector');
    const headers = { 'x-slack-request-timestamp': expired.timestamp, 'x-slack-signature': expired.presentedSignature };

    const result = verifySlack(docs.signingSecret, docs.body, headers, new Date());

    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: 'x-slack-request-timestamp: stale timestamp, more than 5 minutes from now',
    });
  });

  it('accepts up to 5 minutes of clock difference either way, and not one second more', () => {
    const verifyAt = (offset: number) =>
      verifySlack(docs.signingSecret, docs.body, docs.headers, atSeconds(docs.clockNowForTest + offset));

    expect(verifyAt(300)).toEqual({ ok: true });
    expect(verifyAt(-300)).toEqual({ ok: true });
    expect(verifyAt(301)).toMatchObject({ ok: false });
    expect(verifyAt(-301)).toMatchObject({ ok: false });
  });

  it('checks the timestamp before the signature', () => {
    const headers = { ...docs.headers, 'X-Slack-Signature': 'v0=garbage' };

    const result = verifySlack(docs.signingSecret, docs.body, headers, atSeconds(docs.clockNowForTest + 3600));

    expect(result).toMatchObject({ reason: expect.stringMatching(/^x-slack-request-timestamp: stale/) });
  });

  it.each([
    ['x-slack-request-timestamp', { 'X-Slack-Signature': docs.expectedSignature }],
    ['x-slack-signature', { 'X-Slack-Request-Timestamp': docs.timestamp }],
  ])('rejects a request without %s, naming it', (name, headers) => {
    const result = verifySlack(docs.signingSecret, docs.body, headers, atSeconds(docs.clockNowForTest));

    expect(result).toEqual({ ok: false, status: 401, reason: `${name}: missing header` });
  });

  it.each([
    ['a v1 signature', `v1=${docs.expectedSignature.slice(3)}`],
    ['a truncated digest', docs.expectedSignature.slice(0, 40)],
  ])('rejects a malformed signature header (%s)', (_, signature) => {
    const headers = { 'x-slack-request-timestamp': docs.timestamp, 'x-slack-signature': signature };

    const result = verifySlack(docs.signingSecret, docs.body, headers, atSeconds(docs.clockNowForTest));

    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^x-slack-signature: malformed header/) });
  });

  it('refuses to verify with an empty signing secret', () => {
    expect(() => verifySlack('', docs.body, docs.headers, atSeconds(docs.clockNowForTest))).toThrow(
      /Slack signing secret is empty/,
    );
  });
});

describe('parseSlackAction', () => {
  it('reads an Acknowledge click from the official block_actions sample', () => {
    const result = parseSlackAction(slackForm(slackBlockActions('sundown_ack')));

    expect(result).toEqual({
      action: 'ack',
      caseId: CASE_ID,
      escalationId: 'firstResponse:1',
      user: { id: 'UA8RXUSPL', name: 'jtorrance' },
      responseUrl: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
    });
  });

  it('reads a Resolve click', () => {
    const result = parseSlackAction(
      slackForm(slackBlockActions('sundown_resolve', JSON.stringify({ caseId: CASE_ID }))),
    );

    expect(result).toMatchObject({ action: 'resolve', caseId: CASE_ID });
    expect(result).not.toHaveProperty('escalationId');
  });

  it('takes the first of our actions when the payload carries several', () => {
    const payload = slackBlockActions('sundown_resolve');
    const [ours] = payload.actions;
    payload.actions = [sampleJson('slack-block_actions.json').actions[0], ours, { ...ours, action_id: 'sundown_ack' }];

    expect(parseSlackAction(slackForm(payload))).toMatchObject({ action: 'resolve' });
  });

  it('ignores the official sample as it is: its button is not ours', () => {
    if (!blockActions) throw new Error('no vector');

    expect(parseSlackAction(blockActions.body)).toEqual({ ignored: 'no sundown_ack or sundown_resolve action' });
  });

  it('ignores a legacy interactive_message', () => {
    const result = parseSlackAction(slackForm(sampleJson('slack-interactive_message-legacy.json')));

    expect(result).toEqual({ ignored: 'interaction type interactive_message' });
  });

  it.each([
    ['no payload field', 'token=abc', /^payload: missing form field$/],
    ['a payload that is not JSON', 'payload=%7Bnope', /^payload: not valid JSON$/],
    [
      'block_actions without a user',
      slackForm({ ...slackBlockActions('sundown_ack'), user: undefined }),
      /^payload\.user: /,
    ],
    [
      'a button value that is not JSON',
      slackForm(slackBlockActions('sundown_ack', 'click_me_123')),
      /^payload\.actions\.0\.value: not valid JSON$/,
    ],
    [
      'a button value without caseId',
      slackForm(slackBlockActions('sundown_ack', '{"escalationId":"x"}')),
      /^payload\.actions\.0\.value\.caseId: /,
    ],
  ])('throws a PayloadError naming the field for %s', (_, body, message) => {
    expect(() => parseSlackAction(body)).toThrow(PayloadError);
    expect(() => parseSlackAction(body)).toThrow(message);
  });
});
