import { describe, expect, it } from 'vitest';
import { renderCasePage } from '../../functions/views/case-page.ts';
import { aMessage } from '../adapters/dynamodb/fixtures.ts';
import { aView, minutesFromNow, NOW, pageInput } from './fixtures.ts';

/** The text of the page without tags, whitespace collapsed: what a reader sees. */
const visibleText = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const runningClock = (dueInMinutes: number) => ({
  name: 'firstResponse' as const,
  state: 'running' as const,
  generation: 1,
  startedAt: minutesFromNow(-30),
  target: 'PT30M',
  dueAt: minutesFromNow(dueInMinutes),
});

describe('case page transcript', () => {
  it('orders messages from every channel by when they were written, each with its channel and direction', () => {
    // Prepare
    const view = aView({ channels: ['x', 'whatsapp'] }, (id) => [
      aMessage(id, { channel: 'whatsapp', text: 'third, on WhatsApp', sentAt: minutesFromNow(-5) }),
      aMessage(id, { channel: 'x', text: 'first, on X', sentAt: minutesFromNow(-20) }),
      aMessage(id, {
        channel: 'x',
        direction: 'outbound',
        author: { id: 'brand', name: 'Acme Care' },
        text: 'second, our answer',
        sentAt: minutesFromNow(-10),
      }),
    ]);

    // Act
    const html = renderCasePage(pageInput(view));

    // Assess
    const order = ['first, on X', 'second, our answer', 'third, on WhatsApp'].map((t) => html.indexOf(t));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toMatch(/<li class="msg outbound"><small><span class="tag">x<\/span>acme \(Acme Care\)/);
    expect(html).toMatch(/<li class="msg inbound"><small><span class="tag">whatsapp<\/span>/);
  });

  it('lists the earlier versions of an edited message and strikes through a deleted one with its time', () => {
    // Prepare
    const view = aView({}, (id) => [
      aMessage(id, {
        text: 'you lost my bag, thanks a lot',
        edits: [{ text: 'you lost my bag, idiots', at: '2026-01-01T09:41:00Z' }],
      }),
      aMessage(id, { text: 'never mind', sentAt: minutesFromNow(-2), deletedAt: '2026-01-01T09:59:00Z' }),
    ]);

    // Act
    const html = renderCasePage(pageInput(view));

    // Assess
    expect(visibleText(html)).toContain(
      'edited 1×: earlier versions “you lost my bag, idiots” (replaced 1 Jan 09:41 UTC)',
    );
    expect(html).toMatch(
      /<li class="msg inbound deleted">[\s\S]*?<p>never mind<\/p><div class="mark">deleted at 1 Jan 09:59 UTC/,
    );
  });

  it('escapes what customers write, so a message cannot inject markup', () => {
    // Prepare
    const view = aView({ customerName: '<b>Eve</b>' }, (id) => [aMessage(id, { text: '<script>alert(1)</script>' })]);

    // Act
    const html = renderCasePage(pageInput(view));

    // Assess
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });
});

describe('case page clocks and escalations', () => {
  it('shows a running clock with the time left, and one past its deadline as overdue', () => {
    // Act
    const dueSoon = visibleText(
      renderCasePage(pageInput(aView({ sla: { policy: 'standard', clocks: { firstResponse: runningClock(12) } } }))),
    );
    const late = renderCasePage(
      pageInput(aView({ sla: { policy: 'standard', clocks: { firstResponse: runningClock(-75) } } })),
    );

    // Assess
    expect(dueSoon).toContain('Policy standard');
    expect(dueSoon).toContain('First response running target PT30M due 1 Jan 10:12 UTC: 12 min left');
    expect(late).toContain(`<b data-due="${minutesFromNow(-75)}" class="overdue">overdue by 1 h 15 min</b>`);
  });

  it('marks stopped clocks met or breached and paused clocks with the time they keep', () => {
    // Prepare
    const view = aView({
      sla: {
        policy: 'standard',
        clocks: {
          firstResponse: {
            ...runningClock(0),
            state: 'stopped',
            dueAt: undefined,
            stoppedAt: minutesFromNow(-1),
            met: true,
          },
          resolution: {
            ...runningClock(0),
            name: 'resolution',
            state: 'stopped',
            breachedAt: minutesFromNow(-3),
            met: false,
          },
          nextResponse: {
            ...runningClock(0),
            name: 'nextResponse',
            state: 'paused',
            pausedAt: minutesFromNow(-4),
            remainingMs: 600_000,
          },
        },
      },
    });

    // Act
    const text = visibleText(renderCasePage(pageInput(view)));

    // Assess
    expect(text).toContain('First response stopped met target PT30M stopped 1 Jan 09:59 UTC');
    expect(text).toContain('Resolution stopped breached');
    expect(text).toContain('Next response paused target PT30M paused 1 Jan 09:56 UTC, 10 min left when it resumes');
  });

  it('lists each escalation with its level, round, and who acknowledged it when', () => {
    // Prepare
    const view = aView({
      escalations: [
        {
          id: 'firstResponse:1',
          clock: 'firstResponse',
          chain: 'social',
          breachedAt: minutesFromNow(-20),
          level: 2,
          round: 0,
          lastAlertAt: minutesFromNow(-10),
          acknowledgedAt: minutesFromNow(-8),
          acknowledgedBy: 'Sam',
          endedAt: minutesFromNow(-8),
          endReason: 'acknowledged',
        },
      ],
    });

    // Act
    const text = visibleText(renderCasePage(pageInput(view)));

    // Assess
    expect(text).toContain(
      'First response breached 1 Jan 09:40 UTC acknowledged chain social · level 2, round 1 · last alerted 1 Jan 09:50 UTC · acknowledged by Sam 1 Jan 09:52 UTC',
    );
  });

  it('shows follow-ups with their department, status and time left', () => {
    // Prepare
    const view = aView({
      followUps: [
        {
          id: 'f1',
          kind: 'handoff',
          description: 'Trace bag ABC123',
          department: 'baggage',
          dueAt: minutesFromNow(45),
          createdAt: minutesFromNow(-15),
          createdBy: 'page:Sam',
          status: 'open',
        },
      ],
    });

    // Act
    const text = visibleText(renderCasePage(pageInput(view)));

    // Assess
    expect(text).toContain('Hand-off to baggage open Trace bag ABC123 due 1 Jan 10:45 UTC · by page:Sam 45 min left');
  });
});

describe('case page customer', () => {
  it('says why the case has its priority, how the mood changed, and that it is suppressed', () => {
    // Prepare
    const view = aView({
      priority: 'urgent',
      triage: { priority: 'urgent', reasons: ['reach: 120000 followers >= 10000'], decidedAt: minutesFromNow(-1) },
      sentiment: { first: -0.4, latest: 0.3, firstAt: minutesFromNow(-9), latestAt: minutesFromNow(-1) },
      suppressed: { reason: 'spam: 5 links', at: minutesFromNow(-1) },
    });

    // Act
    const text = visibleText(renderCasePage(pageInput(view)));

    // Assess
    expect(text).toContain('Suppressed: spam: 5 links');
    expect(text).toContain('Priority urgent because: reach: 120000 followers >= 10000');
    expect(text).toContain('Sentiment: negative (-0.40) → positive (0.30)');
  });
});

describe('case page actions', () => {
  it('offers every action as a POST form carrying the token signed for it, never as a link', () => {
    // Act
    const view = aView();
    const html = renderCasePage(pageInput(view));

    // Assess
    const base = `https://api.example.com/cases/${view.case.id}/actions`;
    expect(html).toContain(`<form method="post" action="${base}/ack"`);
    expect(html).toMatch(new RegExp(`<button name="token" value="ack-token" formaction="${base}/ack">Acknowledge`));
    expect(html).toMatch(new RegExp(`<button name="token" value="resolve-token" formaction="${base}/resolve"`));
    expect(html).toContain(`<form method="post" action="${base}/handoff">`);
    expect(html).toContain('<input type="hidden" name="token" value="handoff-token">');
    expect(html).toContain('<option value="baggage">baggage (Lost and delayed bags)</option>');
    expect(html).not.toMatch(/<a [^>]*href="[^"]*\/(ack|resolve)\?/);
  });

  it('shows what the last action did and drops the buttons once the case is resolved', () => {
    // Act
    const html = renderCasePage(
      pageInput(aView({ status: 'resolved', resolvedAt: NOW.toISOString() }), {
        notice: { text: 'Resolved: every clock and escalation has stopped.' },
      }),
    );

    // Assess
    expect(html).toContain('<p class="banner" role="status">Resolved: every clock and escalation has stopped.</p>');
    expect(html).not.toContain('Acknowledge</button>');
    expect(html).toContain('This case is resolved.');
  });
});
