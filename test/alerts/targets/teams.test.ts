/**
 * The Teams target against a real HTTP receiver standing in for a Teams workflow's "When a Teams
 * webhook request is received" trigger: the workflow URL comes from a secret, the body is the
 * message envelope with one Adaptive Card, and the card's buttons are the signed one-click links.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { targetNotifier } from '../../../functions/alerts/notifier.ts';
import type { AlertTarget } from '../../../functions/alerts/targets/registry.ts';
import { escapeMarkdown } from '../../../functions/alerts/targets/teams/format.ts';
import { parseSundownConfig } from '../../../functions/config/load.ts';
import { anAlert } from '../fixtures.ts';
import { type Receiver, startReceiver } from '../receiver.ts';

const WORKFLOW_PATH = '/workflows/7f3a/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t';
const TEAMS: AlertTarget = { type: 'teams', workflowUrlSecret: 'TEAMS_ONCALL_WORKFLOW_URL' };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  // A Teams workflow trigger answers 202 Accepted.
  receiver.answer({ status: 202 });
});

const notifier = (secrets: Record<string, string> = { TEAMS_ONCALL_WORKFLOW_URL: receiver.url(WORKFLOW_PATH) }) =>
  targetNotifier({ oncall: TEAMS }, { secrets: async (name) => secrets[name] });

const posted = () => {
  expect(receiver.received).toHaveLength(1);
  const [request] = receiver.received;
  if (!request) throw new Error('nothing received');
  return { request, body: JSON.parse(request.body) };
};

describe('the Teams target', () => {
  it('posts an Adaptive Card 1.4 in a message envelope to the workflow URL held in the secret', async () => {
    // Prepare
    const alert = anAlert();
    // Act
    await notifier().alert('oncall', alert);
    // Assess
    const { request, body } = posted();
    expect(request).toMatchObject({ method: 'POST', path: WORKFLOW_PATH });
    expect(request.headers['content-type']).toBe('application/json');
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  });

  it('offers acknowledge, resolve and the case page as buttons opening the signed links', async () => {
    // Prepare
    const alert = anAlert();
    // Act
    await notifier().alert('oncall', alert);
    // Assess
    const { actions } = posted().body.attachments[0].content;
    expect(actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Acknowledge', url: alert.ackUrl, style: 'positive' },
      { type: 'Action.OpenUrl', title: 'Resolve', url: alert.resolveUrl },
      { type: 'Action.OpenUrl', title: 'Open the case', url: alert.caseUrl },
      { type: 'Action.OpenUrl', title: 'View the post', url: alert.postUrl },
    ]);
  });

  it('offers no acknowledge or resolve button once the case is resolved', async () => {
    // Act
    await notifier().alert('oncall', anAlert({ kind: 'resolved' }));
    // Assess
    const titles = posted().body.attachments[0].content.actions.map((a: { title: string }) => a.title);
    expect(titles).toEqual(['Open the case', 'View the post']);
  });

  it("shows the customer's words as typed: Markdown in them is escaped, never a link", async () => {
    // Prepare
    const alert = anAlert({ latestCustomerText: 'Click [here](https://evil.example) **now**' });
    // Act
    await notifier().alert('oncall', alert);
    // Assess
    const card = JSON.stringify(posted().body);
    expect(card).toContain(JSON.stringify(escapeMarkdown('Click [here](https://evil.example) **now**')).slice(1, -1));
    expect(card).not.toContain('[here](https://evil.example)');
  });

  it('posts a notice as a card with its title, text and one button per link', async () => {
    // Prepare
    const link = { label: 'Open the case', url: 'https://sundown.example.com/cases/c1/view?token=t' };
    // Act
    await notifier().notice('oncall', {
      noticeId: 'n1',
      target: 'oncall',
      kind: 'handoff',
      title: 'Hand-off to billing',
      text: 'Jane was double charged.',
      caseId: 'c1',
      links: [link, { label: 'Bad', url: 'javascript:alert(1)' }],
      payload: {},
    });
    // Assess
    const card = posted().body.attachments[0].content;
    expect(JSON.stringify(card.body)).toContain('Hand\\\\-off to billing');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: link.label, url: link.url }]);
  });

  it('fails permanently, naming the secret and never the URL, when the workflow URL is not set', async () => {
    // Act
    const error = await notifier({})
      .alert('oncall', anAlert())
      .catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({
      target: 'teams',
      permanent: true,
      reason: 'secret TEAMS_ONCALL_WORKFLOW_URL is not set',
    });
    expect(receiver.received).toHaveLength(0);
  });

  it('retries a workflow that is throttled (429) and gives up on one that is gone (404)', async () => {
    receiver.answer({ status: 429, body: 'Too many requests' });
    expect(
      await notifier()
        .alert('oncall', anAlert())
        .catch((e: unknown) => e),
    ).toMatchObject({ permanent: false });
    receiver.answer({ status: 404, body: 'WorkflowNotFound' });
    expect(
      await notifier()
        .alert('oncall', anAlert())
        .catch((e: unknown) => e),
    ).toMatchObject({ permanent: true });
  });

  it('is accepted in sundown.config.json targets, and a misspelt field is named', () => {
    const base = {
      brand: { id: 'acme', name: 'Acme' },
      accounts: [{ channel: 'x', id: '1' }],
      sla: { policies: [{ name: 'all', firstResponse: 'PT1H', escalation: 'chat' }] },
      escalationChains: { chat: { levels: [{ notify: ['oncall'] }] } },
    };
    const config = parseSundownConfig(
      { ...base, targets: { oncall: { type: 'teams', workflowUrlSecret: 'TEAMS_URL' } } },
      'test',
    );
    expect(config.targets.oncall).toEqual({ type: 'teams', workflowUrlSecret: 'TEAMS_URL' });
    expect(() =>
      parseSundownConfig({ ...base, targets: { oncall: { type: 'teams', workflowUrl: 'TEAMS_URL' } } }, 'test'),
    ).toThrow(/workflowUrl/);
  });
});
