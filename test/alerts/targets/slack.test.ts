import { describe, expect, it } from 'vitest';
import { parseSlackAction } from '../../../functions/alerts/targets/slack/callback.ts';
import {
  SLACK_ACK_ACTION,
  SLACK_RESOLVE_ACTION,
  type SlackBlock,
  slackMessage,
} from '../../../functions/alerts/targets/slack/format.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { anAlert, CASE_ID } from '../fixtures.ts';

const allText = (blocks: readonly SlackBlock[]): string => JSON.stringify(blocks);

const actionsBlock = (blocks: readonly SlackBlock[]) => {
  const block = blocks.find((b) => b.type === 'actions');
  if (block?.type !== 'actions') throw new Error('no actions block');
  return block;
};

describe('slackMessage', () => {
  it('has a text fallback, as the incoming-webhook example posts', () => {
    const official = sampleJson('slack-incoming-webhook-text.json');

    const message = slackMessage(anAlert());

    expect(Object.keys(official)).toEqual(['text']);
    expect(message.text).toContain('SLA breached');
    expect(message.text).toContain('Jane Doe (@janedoe) waiting 1 h 05 min');
  });

  it('opens with a header and quotes the customer, escaping what mrkdwn would read as markup', () => {
    const { blocks } = slackMessage(anAlert());

    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':rotating_light: SLA breached: acme, first response on x', emoji: true },
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Jane Doe (@janedoe)* wrote:\n> My order #4411 never arrived &amp; nobody answers &lt;at all&gt;.\n> Third time asking!',
      },
    });
  });

  it('shows the channel, the reach, how long the customer waited and the priority', () => {
    const alert = anAlert();

    const section = slackMessage(alert).blocks[2];

    expect(section).toEqual({
      type: 'section',
      fields: [
        '*Channel*\nx',
        '*Reach*\n12,300 followers, verified',
        '*Unanswered for*\n1 h 05 min',
        '*Priority*\nhigh',
        '*SLA*\nfirst response overdue by 35 min',
      ].map((text) => ({ type: 'mrkdwn', text })),
    });
  });

  it('links to the post and to the case', () => {
    const alert = anAlert();

    const text = allText(slackMessage(alert).blocks);

    expect(text).toContain(`<${alert.postUrl}|View the post>`);
    expect(text).toContain(`<${alert.caseUrl}|Open the case>`);
  });

  it('leaves the post link out when the post has no URL', () => {
    const text = allText(slackMessage(anAlert({ postUrl: undefined })).blocks);

    expect(text).not.toContain('View the post');
  });

  it('has Acknowledge and Resolve buttons carrying the case and escalation', () => {
    const block = actionsBlock(slackMessage(anAlert()).blocks);
    const value = JSON.stringify({ caseId: CASE_ID, escalationId: 'firstResponse:1' });

    expect(block.elements).toEqual([
      expect.objectContaining({
        type: 'button',
        action_id: SLACK_ACK_ACTION,
        value,
        text: expect.objectContaining({ text: 'Acknowledge' }),
      }),
      expect.objectContaining({
        type: 'button',
        action_id: SLACK_RESOLVE_ACTION,
        value,
        text: expect.objectContaining({ text: 'Resolve' }),
      }),
    ]);
  });

  it('gives buttons the shape Slack sends back in block_actions, so a click parses back to the case', () => {
    // Prepare: the official block_actions sample, its one action replaced by what a click on our button sends
    const [ack] = actionsBlock(slackMessage(anAlert()).blocks).elements;
    const payload = sampleJson('slack-block_actions.json');
    const [official] = payload.actions;
    payload.actions = [{ ...official, action_id: ack?.action_id, value: ack?.value }];

    // Act
    const parsed = parseSlackAction(`payload=${encodeURIComponent(JSON.stringify(payload))}`);

    // Assess
    expect(Object.keys(ack ?? {}).filter((key) => key in official)).toEqual(['type', 'action_id', 'text', 'value']);
    expect(parsed).toMatchObject({ action: 'ack', caseId: CASE_ID, escalationId: 'firstResponse:1' });
  });

  it('has no buttons once the case is resolved', () => {
    const { blocks } = slackMessage(anAlert({ kind: 'resolved' }));

    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('stays within Block Kit limits for a very long message', () => {
    const { blocks } = slackMessage(anAlert({ latestCustomerText: 'é'.repeat(10_000), brand: 'b'.repeat(300) }));

    const header = blocks[0];
    const quote = blocks[1];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    expect(quote?.type === 'section' && quote.text?.text.length).toBeLessThanOrEqual(3000);
  });
});
