/** The adapters every function needs and none of which talks to AWS: clock, ids, metrics, config. */
import { monotonicFactory } from 'ulid';
import { settings, sundownConfig } from '../../config/settings.ts';
import type { Clock } from '../../ports.ts';
import type { MetricsRecorder } from '../metrics/catalogue.ts';
import { EmfMetrics } from '../metrics/emf.ts';
import { discardMetrics } from '../metrics/memory.ts';
import { resolve } from '../registry.ts';

export const clock = (): Clock => resolve('clock', () => ({ now: () => new Date() }));

export const newId = (): (() => string) => resolve('newId', () => monotonicFactory());

export const metrics = (): MetricsRecorder =>
  resolve('metrics', () => {
    const { SUNDOWN_METRICS, SUNDOWN_STAGE, AWS_LAMBDA_FUNCTION_NAME } = settings();
    return SUNDOWN_METRICS === 'emf'
      ? new EmfMetrics({ stage: SUNDOWN_STAGE, service: AWS_LAMBDA_FUNCTION_NAME })
      : discardMetrics;
  });

export const config = sundownConfig;
