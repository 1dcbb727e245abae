/**
 * The alert target's other end: a real HTTP server in this process that checks each Standard
 * Webhooks signature, as a customer's endpoint would, and notes when each alert arrived.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedAlert {
  /** Date.now() when the whole request had arrived. */
  readonly at: number;
  readonly webhookId: string;
  readonly type: string;
  readonly caseId: string;
  readonly dueAt: string;
}

export interface AlertReceiver {
  readonly url: string;
  readonly received: ReceivedAlert[];
  /** Requests whose signature or body did not check out. */
  readonly rejected: () => number;
  close(): Promise<void>;
}

export const startAlertReceiver = async (secret: string): Promise<AlertReceiver> => {
  const received: ReceivedAlert[] = [];
  let rejected = 0;
  const verifier = new Webhook(secret);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      try {
        const event = verifier.verify(Buffer.concat(chunks).toString('utf8'), headers) as {
          type: string;
          data: { caseId: string; dueAt: string };
        };
        received.push({
          at,
          webhookId: headers['webhook-id'] ?? '',
          type: event.type,
          caseId: event.data.caseId,
          dueAt: event.data.dueAt,
        });
        response.writeHead(204).end();
      } catch {
        rejected += 1;
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    received,
    rejected: () => rejected,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
