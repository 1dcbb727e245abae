/** After deploy: one Meta app's Webhooks product pointed at Sundown, subscribed to each configured channel's fields. */
import { randomInt } from 'node:crypto';
import type { SetupLinks, SetupStep } from '../../commons/setup-step.ts';
import type { SundownConfig } from '../../config/schema.ts';
import type { HandshakeProbe } from '../platform.ts';

/** The Webhooks product and fields each channel needs (Graph API Webhooks). */
const FIELDS: Readonly<Record<string, { product: string; fields: string }>> = {
  facebook: { product: 'Page', fields: 'feed, mention' },
  messenger: { product: 'Page (Messenger)', fields: 'messages, message_echoes' },
  instagram: { product: 'Instagram', fields: 'comments, mentions, messages' },
  whatsapp: { product: 'WhatsApp Business Account', fields: 'messages' },
};

export const metaSetup =
  (secrets: { app: string; verifyToken: string }, path: string) =>
  (config: SundownConfig, links: SetupLinks): SetupStep | undefined => {
    const url = links.urlOf(path);
    const channels = [...new Set(config.accounts.map((a) => a.channel))].filter((c) => c in FIELDS);
    if (!url || channels.length === 0) return undefined;
    return {
      title: 'Meta: one app, Webhooks product',
      lines: [
        `1. ${links.storeSecret(secrets.app)}   # App settings > Basic > App secret`,
        `2. ${links.storeSecret(secrets.verifyToken)}   # any long random text; type the same in the dashboard`,
        `3. In the App Dashboard, Webhooks: Callback URL ${url}, Verify token as set above, then subscribe:`,
        ...channels.map((c) => `   ${FIELDS[c]?.product}: ${FIELDS[c]?.fields}`),
        '4. Subscribe the app to each Page (POST /{page-id}/subscribed_apps) and to the WhatsApp Business Account.',
      ],
    };
  };

/** A subscription check as Meta sends it: the answer is the bare challenge. */
export const metaProbe = (verifyToken: string): HandshakeProbe => {
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  return {
    query: { 'hub.mode': 'subscribe', 'hub.challenge': challenge, 'hub.verify_token': verifyToken },
    answers: (body) => body === challenge,
  };
};
