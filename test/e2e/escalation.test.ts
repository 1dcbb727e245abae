/**
 * 100 cases with a 30 s first-response target, deadlines spread over 10 s: the escalation
 * behaviour of test/scale/escalation.test.ts (1,000 cases, 120 s) in well under a minute.
 */
import { describeEscalationLoad } from './escalation-load.ts';

describeEscalationLoad({
  cases: 100,
  deadlineSeconds: 30,
  spreadSeconds: 10,
  openedBeforeSeconds: 0,
  answerAfterSeconds: 10,
});
