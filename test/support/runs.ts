/**
 * How many generated cases a property test tries. `npm test` tries the quick number, enough to
 * reach every branch of the generator on each run; `npm run test:scale` (which CI runs too) sets
 * SUNDOWN_FULL_RUNS and tries the full number. MODEL_RUNS overrides both, to chase a failure.
 */
export const propertyRuns = (quick: number, full: number): number => {
  if (process.env.MODEL_RUNS) return Number(process.env.MODEL_RUNS);
  return scenarioSize(quick, full);
};

/** How large a load scenario is: the quick size in `npm test`, the full one in `npm run test:scale`. */
export const scenarioSize = (quick: number, full: number): number =>
  process.env.SUNDOWN_FULL_RUNS === '1' ? full : quick;
