/** The alert as plain text lines, shared by the e-mail body and the console target. */
import {
  type Alert,
  clockStatus,
  customerLabel,
  customerReach,
  deadlineLabel,
  formatWaiting,
  waitingMs,
} from '../alert.ts';
import { withWebUrls } from '../web-url.ts';

const KIND_LABELS: Readonly<Record<Alert['kind'], string>> = {
  warning: 'SLA warning',
  breach: 'SLA breached',
  escalation: 'Escalation',
  resolved: 'Resolved',
};

/** `[Sundown] Escalation L2: acme x, first response, Jane Doe (@jane)` */
export const plainHeadline = (alert: Alert): string => {
  const level = alert.kind === 'escalation' ? ` L${alert.level}` : '';
  return `[Sundown] ${KIND_LABELS[alert.kind]}${level}: ${alert.brand} ${alert.channel}, ${deadlineLabel(alert)}, ${customerLabel(alert.customer)}`;
};

export const alertLines = (raw: Alert): string[] => {
  const alert = withWebUrls(raw);
  const reach = customerReach(alert.customer);
  const quoted = alert.latestCustomerText
    .trim()
    .split('\n')
    .map((line) => `  > ${line}`);
  return [
    `${customerLabel(alert.customer)}${reach ? ` (${reach})` : ''} wrote on ${alert.channel}:`,
    ...quoted,
    '',
    `Unanswered for: ${formatWaiting(waitingMs(alert))} (since ${alert.waitingSince})`,
    `SLA:            ${clockStatus(alert)}`,
    ...(alert.followUp ? [`Follow-up:      ${alert.followUp.description}`] : []),
    `Priority:       ${alert.priority}`,
    ...(alert.assignee ? [`Assigned to:    ${alert.assignee}`] : []),
    `Brand:          ${alert.brand}`,
    `Case:           ${alert.caseId}`,
    ...(alert.postUrl ? [`Post:           ${alert.postUrl}`] : []),
    '',
    `Open the case:  ${alert.caseUrl}`,
    ...(alert.kind !== 'resolved' && alert.ackUrl ? [`Acknowledge:    ${alert.ackUrl}`] : []),
    ...(alert.kind !== 'resolved' && alert.resolveUrl ? [`Resolve:        ${alert.resolveUrl}`] : []),
  ];
};
