import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { repoConfig, repoConfigWith, resourcesOf, synthSundown } from './sundown-templates.ts';

const functionsOf = (synth: ReturnType<typeof synthSundown>) => resourcesOf(synth.service, 'AWS::Lambda::Function');

describe('function logging and tracing', () => {
  it('logs JSON at INFO, Lambda system lines included, with tracing off by default', () => {
    // Act
    const synth = synthSundown();

    // Assess
    const functions = functionsOf(synth);
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [id, fn] of functions) {
      expect(fn.Properties.LoggingConfig, id).toMatchObject({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
        LogGroup: expect.anything(),
      });
      expect(fn.Properties.TracingConfig, id).toBeUndefined();
    }
  });

  it('takes the log level and tracing from the config', () => {
    const synth = synthSundown({
      config: repoConfigWith({ operations: { ...repoConfig().operations, logLevel: 'WARN', tracing: true } }),
    });

    for (const [id, fn] of functionsOf(synth)) {
      expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN' });
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('lets the deploy (cdk context, passed as options) override the config', () => {
    const synth = synthSundown({
      config: repoConfigWith({ operations: { ...repoConfig().operations, logLevel: 'WARN', tracing: true } }),
      logLevel: 'DEBUG',
      tracing: false,
    });

    for (const [id, fn] of functionsOf(synth)) {
      expect(fn.Properties.LoggingConfig, id).toMatchObject({ ApplicationLogLevel: 'DEBUG' });
      expect(fn.Properties.TracingConfig, id).toBeUndefined();
    }
  });

  it('leaves cdk-nag nothing to report when tracing is on', () => {
    const synth = synthSundown({ tracing: true });

    const findings = new AwsSolutionsChecks(undefined, { verbose: true })
      .validateScope(synth.stacks.service)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));

    expect(findings).toEqual([]);
  });

  it('refuses a log level Lambda does not know', () => {
    expect(() => repoConfigWith({ operations: { logLevel: 'VERBOSE' } })).toThrow(/operations\.logLevel/);
  });
});
