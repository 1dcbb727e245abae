/**
 * The hand-off package: everything a department needs to take a case over without asking the
 * social team, namely the whole cross-channel transcript, the customer and their other recent
 * cases, the SLA clocks, escalations and the audit trail. Pure.
 */
import type { Case, CaseDetail, Customer, FollowUp } from '../case.ts';

export interface HandoffPackageInput {
  readonly detail: CaseDetail;
  readonly customer?: Customer;
  readonly otherCases: readonly Case[];
  readonly followUp: FollowUp;
  readonly who: string;
  readonly via: string;
  readonly caseUrl: string;
}

/** Notices travel on SQS (256 KB a message); past this size the audit trail loses its details first. */
const MAX_PACKAGE_BYTES = 200_000;

const transcriptLine = (m: CaseDetail['messages'][number]): string => {
  const who = m.direction === 'inbound' ? (m.author.name ?? m.author.handle ?? m.author.id) : 'brand';
  const deleted = m.deletedAt ? ` [deleted ${m.deletedAt}]` : '';
  const edited = m.edits?.length ? ` [edited ${m.edits.length}x]` : '';
  return `${m.sentAt} ${m.channel} ${who}: ${m.text.replace(/\s+/g, ' ').trim()}${edited}${deleted}`;
};

const buildPackage = (input: HandoffPackageInput) => {
  const { detail, customer, otherCases, followUp, who, via, caseUrl } = input;
  const c = detail.case;
  const pkg = {
    type: 'handoff',
    caseId: c.id,
    department: followUp.department,
    note: followUp.note,
    handedOffBy: who,
    via,
    handedOffAt: followUp.createdAt,
    acknowledgeBy: followUp.dueAt,
    followUpId: followUp.id,
    caseUrl,
    case: {
      id: c.id,
      brand: c.brand,
      status: c.status,
      priority: c.priority,
      subject: c.subject,
      channels: c.channels,
      openedAt: c.openedAt,
      firstResponseAt: c.firstResponseAt,
      awaitingResponseSince: c.awaitingResponseSince,
      messageCount: c.messageCount,
      ...(c.triage && { triage: c.triage }),
      ...(c.sentiment && { sentiment: c.sentiment }),
    },
    customer: {
      id: c.customerId,
      name: customer?.displayName ?? c.customerName,
      handle: c.customerHandle,
      identities: customer?.identities ?? [],
    },
    messages: detail.messages.map((m) => ({
      channel: m.channel,
      direction: m.direction,
      author: m.author,
      text: m.text,
      sentAt: m.sentAt,
      ...(m.url && { url: m.url }),
      edits: m.edits ?? [],
      ...(m.deletedAt && { deletedAt: m.deletedAt }),
    })),
    otherCases: otherCases
      .filter((o) => o.id !== c.id)
      .map((o) => ({ id: o.id, status: o.status, subject: o.subject, channels: o.channels, openedAt: o.openedAt })),
    sla: c.sla ?? null,
    escalations: c.escalations ?? [],
    followUps: c.followUps ?? [],
    audit: detail.audit.map((a) => {
      const { raw: _raw, ...rest } = (a.detail ?? {}) as Record<string, unknown>;
      return { at: a.at, type: a.type, actor: a.actor, detail: rest };
    }),
  };
  return pkg;
};

interface AuditLine {
  readonly at: string;
  readonly type: string;
  readonly actor: string;
  readonly detail?: unknown;
}

/** What a department's target receives as the hand-off notice's payload (webhook `data`). */
export type HandoffPackage = Omit<ReturnType<typeof buildPackage>, 'audit'> & {
  readonly audit: readonly AuditLine[];
  readonly auditDetailsOmitted?: boolean;
};

export const handoffPackage = (input: HandoffPackageInput): HandoffPackage => {
  const pkg = buildPackage(input);
  if (JSON.stringify(pkg).length <= MAX_PACKAGE_BYTES) return pkg;
  return { ...pkg, audit: pkg.audit.map(({ at, type, actor }) => ({ at, type, actor })), auditDetailsOmitted: true };
};

/** The plain-text body of the hand-off notice: who, why, and the transcript. */
export const handoffText = (input: HandoffPackageInput): string => {
  const { detail, followUp, who } = input;
  const c = detail.case;
  return [
    `${who} handed case ${c.id} to ${followUp.department}${followUp.note ? `: ${followUp.note}` : '.'}`,
    `Customer: ${c.customerName ?? c.customerHandle ?? c.customerId}. Priority ${c.priority}, status ${c.status}.`,
    `Acknowledge by ${followUp.dueAt} (follow-up ${followUp.id}), or it escalates.`,
    '',
    `Transcript (${detail.messages.length} messages on ${c.channels.join(', ')}):`,
    ...detail.messages.map(transcriptLine),
  ].join('\n');
};
