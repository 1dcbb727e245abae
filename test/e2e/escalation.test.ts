/**
 * 50 cases with a 30 s first-response target, deadlines spread over 10 s: the escalation
 * behaviour of test/scale/escalation.test.ts (1,000 cases, 120 s) in under a minute. Taking in
 * the 75 messages leaves the deadlines about 20 s on a loaded CI machine (150 messages took over
 * 20 s there).
 */
import { describeEscalationLoad } from './escalation-load.ts';

describeEscalationLoad({
  cases: 50,
  deadlineSeconds: 30,
  spreadSeconds: 10,
  openedBeforeSeconds: 0,
  answerAfterSeconds: 10,
});
