/** The adapters over the one DynamoDB table. */
import { requireSetting } from '../../config/settings.ts';
import type { CaseStore, Claims, FeedbackStore, LinkLedger, Outbox, TimerIndex, WindowCounters } from '../../ports.ts';
import { dynamoDocumentClient } from '../aws-clients.ts';
import { DynamoCaseStore } from '../dynamodb/case-store.ts';
import { DynamoClaims } from '../dynamodb/claims.ts';
import { DynamoFeedbackStore } from '../dynamodb/feedback-store.ts';
import { DynamoLinkLedger } from '../dynamodb/link-ledger.ts';
import { DynamoOutbox } from '../dynamodb/outbox.ts';
import { DynamoTimerIndex } from '../dynamodb/timer-index.ts';
import { DynamoWindowCounters } from '../dynamodb/window-counters.ts';
import { meteredCaseStore } from '../metrics/metered-case-store.ts';
import { resolve } from '../registry.ts';
import { clock, metrics, newId } from './core.ts';

const table = () => ({ client: dynamoDocumentClient(), tableName: requireSetting('TABLE_NAME') });

export const store = (): CaseStore => resolve('store', () => meteredCaseStore(new DynamoCaseStore(table()), metrics()));

export const outbox = (): Outbox => resolve('outbox', () => new DynamoOutbox(table()));

export const timerIndex = (): TimerIndex => resolve('timerIndex', () => new DynamoTimerIndex(table()));

export const claims = (): Claims => resolve('claims', () => new DynamoClaims({ ...table(), clock: clock() }));

export const counters = (): WindowCounters => resolve('counters', () => new DynamoWindowCounters(table()));

export const feedback = (): FeedbackStore => resolve('feedback', () => new DynamoFeedbackStore(table()));

export const linkLedger = (): LinkLedger =>
  resolve('linkLedger', () => new DynamoLinkLedger({ ...table(), clock: clock(), newId: newId() }));
