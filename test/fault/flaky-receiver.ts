/**
 * An alert target that has a bad spell: while `failing`, each delivery is answered by a seeded
 * choice of a 500, a hang the sender gives up on (nothing recorded), or a hang after recording
 * it (the alert arrived but the sender never hears so, and must retry). Otherwise it verifies
 * the Standard Webhooks signature, records the delivery and answers 204.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { ALERT_SECRET, type Received } from '../support/alert-receiver.ts';
import { seededRandom } from '../support/faults.ts';

/** Longer than the sender's 5 s delivery timeout. */
const HANG_MS = 6_500;

export interface FlakyReceiver {
  readonly url: string;
  /** Every delivery recorded, duplicates included, with its webhook-id. */
  readonly received: (Received & { readonly webhookId: string })[];
  readonly rejected: string[];
  /** Answers given while failing, by kind. */
  readonly failures: { refused: number; hungUp: number; recordedUnanswered: number };
  failing: boolean;
  stop(): Promise<void>;
}

export const startFlakyReceiver = async (seed: number): Promise<FlakyReceiver> => {
  const pick = seededRandom(seed);
  const verifier = new Webhook(ALERT_SECRET);
  const sockets = new Set<import('node:net').Socket>();
  const receiver: Omit<FlakyReceiver, 'url' | 'stop'> = {
    received: [],
    rejected: [],
    failures: { refused: 0, hungUp: 0, recordedUnanswered: 0 },
    failing: false,
  };
  const record = (body: string, headers: Record<string, string>, path: string): boolean => {
    try {
      const event = verifier.verify(body, headers) as Omit<Received, 'at' | 'path'>;
      receiver.received.push({ ...event, at: Date.now(), path, webhookId: headers['webhook-id'] ?? '' });
      return true;
    } catch (error) {
      receiver.rejected.push(`${(error as Error).message}: ${body.slice(0, 200)}`);
      return false;
    }
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const path = request.url ?? '';
      if (receiver.failing) {
        const roll = pick();
        if (roll < 0.5) {
          receiver.failures.refused += 1;
          response.writeHead(500).end('temporarily unavailable');
          return;
        }
        if (roll < 0.8) receiver.failures.hungUp += 1;
        else if (record(body, headers, path)) receiver.failures.recordedUnanswered += 1;
        setTimeout(() => request.socket.destroy(), HANG_MS);
        return;
      }
      response.writeHead(record(body, headers, path) ? 204 : 401).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
};
