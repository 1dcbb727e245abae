/** The alert worker's two ports for tests: the real target notifier and real signed case links. */
import { signedCaseLinks } from '../../functions/alerts/case-links.ts';
import { type SendDeps, targetNotifier } from '../../functions/alerts/notifier.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import type { Clock } from '../../functions/ports.ts';

export const TEST_BASE_URL = 'http://127.0.0.1:3000';
export const TEST_LINK_SECRET = 'test-link-secret';

export const deliveryPorts = (config: SundownConfig, clock: Clock, send: SendDeps) => ({
  notifier: targetNotifier(config.targets, send),
  links: signedCaseLinks({
    baseUrl: TEST_BASE_URL,
    // Some fixtures build only the parts of the config they use.
    lifetime: config.alerts?.linkTtl ?? 'P2D',
    secret: async () => TEST_LINK_SECRET,
    now: () => clock.now(),
  }),
});
