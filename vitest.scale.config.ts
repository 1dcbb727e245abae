import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The same behaviour as npm test at full scale (1,000 cases, real two-minute deadlines): npm run test:scale.
export default defineConfig({
  test: { ...base.test, include: ['test/scale/**/*.test.ts'], exclude: ['**/node_modules/**'] },
});
