/** The bodies of Sundown's own queue messages, validated before any work is done on them. */
import { z } from 'zod';
import { CLOCK_NAMES } from '../config/sla-schema.ts';

const isoTimestamp = z.iso.datetime({ offset: true });

export const timerMessageSchema = z.object({
  caseId: z.string().min(1),
  key: z.string().min(1),
  kind: z.enum(['warning', 'breach', 'escalation', 'deferred']),
  clock: z.enum([...CLOCK_NAMES, 'followUp']),
  generation: z.number().int().nonnegative(),
  dueAt: isoTimestamp,
  level: z.number().int().positive().optional(),
  round: z.number().int().nonnegative().optional(),
  resumes: z.boolean().optional(),
});

const alertJobFields = {
  alertId: z.string().min(1),
  caseId: z.string().min(1),
  target: z.string().min(1),
  escalationId: z.string().min(1),
  level: z.number().int().positive(),
  round: z.number().int().nonnegative(),
};

export const alertJobSchema = z.union([
  z.object({
    ...alertJobFields,
    kind: z.enum(['warning', 'breach', 'escalation', 'resolved']),
    clock: z.enum(CLOCK_NAMES),
  }),
  z.object({ ...alertJobFields, kind: z.enum(['breach', 'escalation', 'resolved']), clock: z.literal('followUp') }),
  z.object({ ...alertJobFields, kind: z.literal('acknowledged'), clock: z.enum([...CLOCK_NAMES, 'followUp']) }),
]);

export const noticeSchema = z.object({
  noticeId: z.string().min(1),
  target: z.string().min(1),
  kind: z.enum([
    'handoff',
    'followup',
    'surge',
    'feedback_digest',
    'reply_window',
    'deferred_alerts',
    'operations_alarm',
  ]),
  title: z.string(),
  text: z.string(),
  caseId: z.string().min(1).optional(),
  links: z.array(z.object({ label: z.string(), url: z.string() })).optional(),
  payload: z.record(z.string(), z.unknown()),
});

/** The alert queue carries alert jobs and notices; a notice has a `noticeId`. */
export const alertQueueMessageSchema = z.union([noticeSchema, alertJobSchema]);
