/** The event publisher on the stage's EventBridge bus. */
import { requireSetting } from '../../config/settings.ts';
import type { EventPublisher } from '../../ports.ts';
import { eventBridge } from '../aws-clients.ts';
import { EventBridgePublisher } from '../eventbridge/event-publisher.ts';
import { resolve } from '../registry.ts';

export const publisher = (): EventPublisher =>
  resolve(
    'publisher',
    () => new EventBridgePublisher({ client: eventBridge(), busName: requireSetting('EVENT_BUS_NAME') }),
  );
