/** The outgoing ports that only hand things on (queues, the event bus), recording what they were given. */
import type { AlertJob } from '../../../functions/domain/escalation.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import type { InboundEvent } from '../../../functions/domain/inbound-event.ts';
import type { Notice } from '../../../functions/domain/queue-messages.ts';
import type { Timer } from '../../../functions/domain/sla/types.ts';
import type { AlertQueue, EventPublisher, IntakeQueue, TimerQueue } from '../../../functions/ports.ts';

export class RecordingAlertQueue implements AlertQueue {
  readonly jobs: AlertJob[] = [];
  readonly notices: Notice[] = [];
  async send(jobs: readonly AlertJob[]): Promise<void> {
    this.jobs.push(...jobs);
  }
  async sendNotices(notices: readonly Notice[]): Promise<void> {
    this.notices.push(...notices);
  }
}

export class RecordingPublisher implements EventPublisher {
  readonly events: DomainEvent[] = [];
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

export class RecordingTimerQueue implements TimerQueue {
  readonly sent: { readonly timer: Timer; readonly at: Date }[] = [];
  async send(timers: readonly Timer[], now: Date): Promise<void> {
    this.sent.push(...timers.map((timer) => ({ timer, at: new Date(now) })));
  }
}

export class RecordingIntakeQueue implements IntakeQueue {
  readonly events: InboundEvent[] = [];
  async send(events: readonly InboundEvent[]): Promise<void> {
    this.events.push(...events);
  }
}
