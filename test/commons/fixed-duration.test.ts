import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { fixedDurationMs } from '../../functions/commons/fixed-duration.ts';

describe('fixedDurationMs', () => {
  it.each(['PT5M', 'P7D', 'P2W', 'PT1H30M', 'P1DT12H', 'PT90S', 'P1W2DT3H4M5S', 'PT0S'])(
    'gives %s the milliseconds luxon gives it',
    (iso) => {
      expect(fixedDurationMs(iso)).toBe(Duration.fromISO(iso).toMillis());
    },
  );

  it.each(['P1Y', 'P1M', 'P', 'PT', '5M', 'PT1.5H', 'P1DT'])('refuses %s, naming it', (iso) => {
    expect(() => fixedDurationMs(iso)).toThrow(`"${iso}" is not an ISO-8601 duration`);
  });
});
