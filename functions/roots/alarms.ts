/** The alarm forwarder's composition root: it delivers notices to the fallback target as the alert worker does. */
import type { MetricsRecorder } from '../ports.ts';
import type { DeliverDeps } from '../use-cases/deliver-alert.ts';
import { deliveryDeps } from './alerts.ts';
import { core, type Substitutes } from './parts.ts';

export interface AlarmsRoot {
  readonly deliver: DeliverDeps;
  readonly metrics: MetricsRecorder;
}

export const composeAlarms = (substitutes: Substitutes = {}): AlarmsRoot => {
  const parts = core(substitutes);
  return { deliver: deliveryDeps(substitutes, parts), metrics: parts.metrics };
};
