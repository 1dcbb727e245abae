/**
 * 100 cases with a 45 s first-response target, deadlines spread over 10 s: the escalation
 * behaviour of test/scale/escalation.test.ts (1,000 cases, 120 s) in about a minute. The target
 * leaves the intake of 150 messages 45 s, not 30: on a loaded CI machine it took over 20 s.
 */
import { describeEscalationLoad } from './escalation-load.ts';

describeEscalationLoad({
  cases: 100,
  deadlineSeconds: 45,
  spreadSeconds: 10,
  openedBeforeSeconds: 0,
  answerAfterSeconds: 10,
});
