import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfMetrics } from '../../../functions/adapters/metrics/emf.ts';

const captureStdout = () => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    spy,
    emitted: () =>
      lines
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EMF output', () => {
  it('writes one EMF line per dimension set, with a {stage} total and a breakdown, and only at flush', () => {
    // Prepare
    const metrics = new EmfMetrics({ stage: 'prod', service: 'sundown-prod-intake' });
    const stdout = captureStdout();

    // Act
    metrics.record('CasesOpened', 1, { channel: 'x', priority: 'high' });
    metrics.record('FirstResponseTime', 90_000, { channel: 'x', priority: 'high' });
    metrics.record('Escalations', 1, { level: '2' });
    const beforeFlush = stdout.emitted().length;
    metrics.flush();
    const lines = stdout.emitted();

    // Assess
    expect(beforeFlush).toBe(0);
    expect(lines).toHaveLength(2);
    const [cases, escalations] = lines;
    expect(cases._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Sundown',
        Dimensions: [['stage'], ['stage', 'channel', 'priority']],
        Metrics: [
          { Name: 'CasesOpened', Unit: 'Count' },
          { Name: 'FirstResponseTime', Unit: 'Milliseconds' },
        ],
      },
    ]);
    expect(cases).toMatchObject({
      stage: 'prod',
      channel: 'x',
      priority: 'high',
      service: 'sundown-prod-intake',
      CasesOpened: 1,
      FirstResponseTime: 90_000,
    });
    expect(escalations._aws.CloudWatchMetrics[0].Dimensions).toEqual([['stage'], ['stage', 'level']]);
    expect(escalations).toMatchObject({ stage: 'prod', level: '2', Escalations: 1 });
    expect(escalations).not.toHaveProperty('channel');
  });

  it('writes nothing when nothing was recorded', () => {
    // Prepare
    const metrics = new EmfMetrics({ stage: 'dev', service: 'sweeper' });
    const stdout = captureStdout();

    // Act
    metrics.flush();

    // Assess
    expect(stdout.emitted()).toEqual([]);
  });
});
