/** The bodies of Sundown's own queue messages, validated before any work is done on them. */
import { z } from 'zod';
import { CLOCK_NAMES } from '../config/sla-schema.ts';

const isoTimestamp = z.iso.datetime({ offset: true });

export const timerMessageSchema = z.object({
  caseId: z.string().min(1),
  key: z.string().min(1),
  kind: z.enum(['warning', 'breach', 'escalation']),
  clock: z.enum(CLOCK_NAMES),
  generation: z.number().int().nonnegative(),
  dueAt: isoTimestamp,
  level: z.number().int().positive().optional(),
  round: z.number().int().nonnegative().optional(),
});

export const alertJobSchema = z.object({
  alertId: z.string().min(1),
  caseId: z.string().min(1),
  target: z.string().min(1),
  kind: z.enum(['warning', 'breach', 'escalation', 'resolved']),
  escalationId: z.string().min(1),
  clock: z.enum(CLOCK_NAMES),
  level: z.number().int().positive(),
  round: z.number().int().nonnegative(),
});
