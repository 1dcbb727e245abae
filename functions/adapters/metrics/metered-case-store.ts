/**
 * Case metrics from one place: a decorator around the CaseStore that reads what each
 * successful createCase / saveCase wrote. The audit entries say what happened, the case says
 * to whom, so the use cases stay free of metrics and a failed or duplicate write counts nothing.
 */
import type { AuditEntry, Case } from '../../domain/case.ts';
import type { CaseStore, SaveCaseInput } from '../../ports.ts';
import type { MetricsRecorder } from './catalogue.ts';

const elapsedMs = (from: string, to: string | undefined): number | undefined => {
  if (!to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Records the metrics one write of `theCase` with `audit` stands for. */
export const recordCaseMetrics = (metrics: MetricsRecorder, theCase: Case, audit: readonly AuditEntry[]): void => {
  const channel = theCase.channels[0] ?? 'other';
  const { priority } = theCase;
  for (const entry of audit) {
    const detail = entry.detail ?? {};
    const clock = text(detail.clock) ?? 'unknown';
    switch (entry.type) {
      case 'case.opened':
        metrics.record('CasesOpened', 1, { channel, priority });
        break;
      case 'case.first_response': {
        const ms = elapsedMs(theCase.openedAt, text(detail.at) ?? theCase.firstResponseAt);
        if (ms !== undefined) metrics.record('FirstResponseTime', ms, { channel, priority });
        break;
      }
      case 'case.resolved': {
        const ms = elapsedMs(theCase.openedAt, theCase.resolvedAt ?? entry.at);
        if (ms !== undefined) metrics.record('ResolutionTime', ms, { channel, priority });
        break;
      }
      case 'sla.breached':
        metrics.record('SlaBreached', 1, { clock, channel, priority });
        break;
      case 'sla.clock_stopped': {
        if (detail.met === true) metrics.record('SlaMet', 1, { clock, channel, priority });
        // A late stop whose deadline no timer recorded yet is a breach too; one that was recorded counted then.
        const state = theCase.sla?.clocks[clock as keyof NonNullable<Case['sla']>['clocks']];
        const breachCounted = state?.generation === detail.generation && state?.breachedAt !== undefined;
        if (detail.met === false && !breachCounted) metrics.record('SlaBreached', 1, { clock, channel, priority });
        break;
      }
      case 'escalation.alerted':
        metrics.record('Escalations', 1, { level: String(detail.level ?? 'unknown') });
        break;
      case 'escalation.exhausted':
        metrics.record('EscalationsExhausted', 1, { clock });
        break;
      // Nobody reached: the last level failed with no fallback target, or the fallback failed too.
      case 'escalation.level_failed':
        if (detail.next === 'none') metrics.record('EscalationsUnreached', 1, { clock });
        break;
      case 'alert.failed':
        if (detail.fallback === true) metrics.record('EscalationsUnreached', 1, { clock });
        break;
    }
  }
};

/** The store with metrics on every successful case write; every other method passes straight through. */
export const meteredCaseStore = (inner: CaseStore, metrics: MetricsRecorder): CaseStore => {
  const createCase: CaseStore['createCase'] = async (input) => {
    await inner.createCase(input);
    recordCaseMetrics(metrics, input.case, input.audit);
  };
  const saveCase = async (input: SaveCaseInput): Promise<void> => {
    await inner.saveCase(input);
    recordCaseMetrics(metrics, input.case, input.audit ?? []);
  };
  // A proxy rather than a hand-written delegate, so methods added to the port later pass through too.
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'createCase') return createCase;
      if (property === 'saveCase') return saveCase;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
