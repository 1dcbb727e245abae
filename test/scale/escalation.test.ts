/**
 * 1,000 cases with a 120 s first-response target, deadlines spread over 40 s and starting 110 s
 * from now, so that all 1,500 messages are taken in before the first one even on a loaded CI
 * machine. Runs in `npm run test:scale`, which CI runs after `npm test`.
 */
import { describeEscalationLoad } from '../e2e/escalation-load.ts';

describeEscalationLoad({
  cases: 1_000,
  deadlineSeconds: 120,
  spreadSeconds: 40,
  openedBeforeSeconds: 10,
  answerAfterSeconds: 20,
});
