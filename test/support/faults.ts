/**
 * Fault injection on the real AWS SDK clients: a middleware on the client's stack that, by a
 * seeded schedule, fails a call the way AWS does (throttling, a timeout, a reset connection,
 * SQS refusing some entries of a batch) or, worst of all, lets the call succeed and then
 * loses the answer, so the caller sees an error for a write that happened. It sits before
 * the SDK's own retries: what it throws is what the adapter sees once those are exhausted.
 */
import {
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { type BatchResultErrorEntry, RequestThrottled } from '@aws-sdk/client-sqs';
import type { InitializeHandlerArguments, InitializeHandlerOutput, InitializeMiddleware } from '@smithy/types';

export const FAULT_KINDS = ['throttle', 'timeout', 'reset', 'afterSuccess', 'latency', 'partialBatch'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Call {
  /** The SDK command, e.g. `TransactWriteItemsCommand`, `SendMessageBatchCommand`. */
  readonly command: string;
  readonly input: Record<string, unknown>;
}

export interface FaultPlan {
  readonly seed: number;
  /** Chance that a call the plan applies to fails, 0 to 1. */
  readonly rate: number;
  /** Drawn with equal weight; `partialBatch` only applies to SendMessageBatch. */
  readonly kinds: readonly FaultKind[];
  /** Which calls may fail. @default every call */
  readonly applies?: (call: Call) => boolean;
  /** How long `latency` and `timeout` make the caller wait. @default 300 */
  readonly delayMs?: number;
}

export interface FaultInjector {
  /** Faults injected so far, by kind. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  /** Faults injected so far, by command and kind (`TransactWriteItemsCommand:afterSuccess`). */
  readonly byCommand: ReadonlyMap<string, number>;
  total(): number;
  /** Stops injecting; calls go straight through again. */
  stop(): void;
}

/** Anything with an SDK middleware stack: DynamoDBClient, DynamoDBDocumentClient, SQSClient. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(middleware: InitializeMiddleware<object, object>, options: Record<string, unknown>): void;
    remove(name: string): boolean;
  };
}

/** mulberry32: small, fast and reproducible from its seed. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const metadata = { httpStatusCode: 400, requestId: 'injected-fault', attempts: 3, totalRetryDelay: 0 };

/** What the node HTTP handler throws when a request outlives its timeout. */
const timeoutError = () => Object.assign(new Error('Connection timed out after 300 ms'), { name: 'TimeoutError' });

const resetError = () => Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });

const throttleError = (call: Call, service: 'dynamodb' | 'sqs', pick: () => number): Error => {
  const message = 'Injected fault: throughput exceeds the current capacity';
  if (service === 'sqs') return new RequestThrottled({ message, $metadata: metadata });
  if (call.command === 'TransactWriteItemsCommand') {
    const items = (call.input.TransactItems as unknown[] | undefined) ?? [];
    return new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError]',
      $metadata: metadata,
      CancellationReasons: items.map((_, index) =>
        index === 0 ? { Code: 'ThrottlingError', Message: message } : { Code: 'None' },
      ),
    });
  }
  const kinds = [ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded];
  const Kind = kinds[Math.floor(pick() * kinds.length)] ?? ThrottlingException;
  return new Kind({ message, $metadata: metadata });
};

type Entry = { readonly Id?: string };
type BatchOutput = { Successful?: unknown[]; Failed?: BatchResultErrorEntry[] };

/** SQS stores some entries of a batch and refuses the others, reporting them in `Failed`. */
const refuseSome = async (
  args: InitializeHandlerArguments<object>,
  next: (args: InitializeHandlerArguments<object>) => Promise<InitializeHandlerOutput<object>>,
  pick: () => number,
): Promise<InitializeHandlerOutput<object>> => {
  const input = args.input as { Entries?: Entry[] };
  const entries = input.Entries ?? [];
  const refused = entries.filter(() => pick() < 0.5);
  if (refused.length === 0 && entries[0]) refused.push(entries[0]);
  const kept = entries.filter((entry) => !refused.includes(entry));
  const failed = refused.map((entry) => ({
    Id: entry.Id ?? '',
    SenderFault: false,
    Code: 'InternalError',
    Message: 'Injected fault: entry not stored',
  }));
  if (kept.length === 0) return { output: { Successful: [], Failed: failed, $metadata: metadata }, response: {} };
  const result = await next({ ...args, input: { ...input, Entries: kept } });
  const output = result.output as BatchOutput;
  return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } };
};

let installed = 0;

export const injectFaults = (client: WithMiddleware, service: 'dynamodb' | 'sqs', plan: FaultPlan): FaultInjector => {
  const pick = seededRandom(plan.seed);
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const byCommand = new Map<string, number>();
  const delayMs = plan.delayMs ?? 300;
  let active = true;
  const name = `sundownFaultInjection${++installed}`;

  const middleware: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    const call: Call = { command: String(context.commandName), input: args.input as Record<string, unknown> };
    if (!active || !(plan.applies?.(call) ?? true) || pick() >= plan.rate) return next(args);
    const usable = plan.kinds.filter((kind) => kind !== 'partialBatch' || call.command === 'SendMessageBatchCommand');
    const kind = usable[Math.floor(pick() * usable.length)];
    if (!kind) return next(args);
    injected[kind] += 1;
    const key = `${call.command}:${kind}`;
    byCommand.set(key, (byCommand.get(key) ?? 0) + 1);
    switch (kind) {
      case 'throttle':
        throw throttleError(call, service, pick);
      case 'timeout':
        await sleep(delayMs);
        throw timeoutError();
      case 'reset':
        throw resetError();
      case 'latency':
        await sleep(delayMs);
        return next(args);
      case 'partialBatch':
        return refuseSome(args, next, pick);
      case 'afterSuccess': {
        await next(args);
        throw pick() < 0.5 ? timeoutError() : resetError();
      }
    }
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name, priority: 'high' });

  return {
    injected,
    byCommand,
    total: () => Object.values(injected).reduce((sum, count) => sum + count, 0),
    stop: () => {
      active = false;
      client.middlewareStack.remove(name);
    },
  };
};
