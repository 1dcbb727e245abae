/** Who the customer is and why the case has its priority: the first screen of the case page. */
import type { Case, CaseSentiment } from '../domain/case.ts';
import type { CaseView } from '../use-cases/read-cases.ts';
import { escapeHtml } from './html.ts';
import { wallClock } from './time.ts';

const STATUS_LABELS: Readonly<Record<Case['status'], string>> = {
  open: 'waiting for a first answer',
  responded: 'answered',
  waiting_on_customer: 'waiting on the customer',
  resolved: 'resolved',
};

const mood = (score: number): string => (score < -0.05 ? 'negative' : score > 0.05 ? 'positive' : 'neutral');

const sentimentLine = (sentiment: CaseSentiment): string =>
  `<li>Sentiment: ${mood(sentiment.first)} (${sentiment.first.toFixed(2)}) → ${mood(sentiment.latest)} (${sentiment.latest.toFixed(2)})</li>`;

const identities = (view: CaseView): string => {
  const c = view.case;
  const listed = (view.customer?.identities ?? []).map((i) => `${i.kind}: ${i.value}`);
  if (listed.length === 0 && c.customerHandle) listed.push(c.customerHandle);
  return listed.length ? `<li>Known as: ${listed.map(escapeHtml).join(' · ')}</li>` : '';
};

export const caseHeader = (view: CaseView, timeZone: string): string => {
  const c = view.case;
  const name = c.customerName ?? view.customer?.displayName ?? c.customerHandle ?? c.customerId;
  const suppressed = c.suppressed
    ? `<p class="banner bad"><b>Suppressed:</b> ${escapeHtml(c.suppressed.reason)} <small>(${escapeHtml(wallClock(c.suppressed.at, timeZone))}; its alerts are held back outside business hours until the suppression calendar opens or it is lifted)</small></p>`
    : '';
  const triage = c.triage
    ? `<li>Priority ${escapeHtml(c.triage.priority)} because: <ul>${c.triage.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></li>`
    : '';
  const topics = c.topics?.length ? `<li>Topics: ${c.topics.map(escapeHtml).join(', ')}</li>` : '';
  return `${suppressed}<h1>${escapeHtml(name)}</h1>
<p><span class="tag ${escapeHtml(c.priority)}">${escapeHtml(c.priority)}</span><span class="tag">${escapeHtml(STATUS_LABELS[c.status] ?? c.status)}</span>${c.channels.map((ch) => `<span class="tag">${escapeHtml(ch)}</span>`).join('')}</p>
<p class="muted">${escapeHtml(c.subject)}</p>
<ul>${identities(view)}<li>Opened ${escapeHtml(wallClock(c.openedAt, timeZone))}${c.assignee ? `, assigned to ${escapeHtml(c.assignee)}` : ''}</li>${triage}${c.sentiment ? sentimentLine(c.sentiment) : ''}${topics}</ul>`;
};
