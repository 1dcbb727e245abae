import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { keys, TABLE_SCHEMA } from '../../../functions/adapters/dynamodb/table.ts';
import { resetSettingsCache } from '../../../functions/config/settings.ts';
import { freshTable } from '../../support/dynamo.ts';
import { aCase, aMessage, anAuditEntry, at, nextVersion } from './fixtures.ts';

const REPO_CONFIG = fileURLToPath(new URL('../../../sundown.config.json', import.meta.url));
const DAY = 24 * 60 * 60;
const epoch = (iso: string): number => Date.parse(iso) / 1000;

/** Runs with a copy of the repository config whose `retention` is `retention`. */
const withRetention = (retention: Record<string, string> | undefined): void => {
  const config = JSON.parse(readFileSync(REPO_CONFIG, 'utf8'));
  if (retention) config.retention = retention;
  const path = join(mkdtempSync(join(tmpdir(), 'sundown-retention-')), 'sundown.config.json');
  writeFileSync(path, JSON.stringify(config));
  vi.stubEnv('SUNDOWN_CONFIG', path);
  resetSettingsCache();
};

afterEach(() => {
  vi.unstubAllEnvs();
  resetSettingsCache();
});

const storeAndRead = async () => {
  const { tableName, documentClient } = await freshTable();
  const store = new DynamoCaseStore({ client: documentClient, tableName });
  const item = async (key: { pk: string; sk: string }) =>
    (await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  return { store, item };
};

describe('retention: case, message and audit items carry their expiry for DynamoDB TTL', () => {
  it('expires each item its configured lifetime after its own time', async () => {
    // Prepare
    withRetention({ cases: 'P10D', messages: 'P20D', audit: 'P30D' });
    const { store, item } = await storeAndRead();
    const opened = aCase({ messageCount: 1, openedAt: at(0), updatedAt: at(0) });
    const message = aMessage(opened.id, { sentAt: at(1) });
    const audit = anAuditEntry(opened.id, { at: at(2) });

    // Act
    await store.createCase({ case: opened, conversation: {}, audit: [audit], message });

    // Assess
    const ttl = TABLE_SCHEMA.ttlAttribute;
    expect((await item(keys.case(opened.id)))?.[ttl]).toBe(epoch(at(0)) + 10 * DAY);
    expect((await item(keys.message(opened.id, at(1), message.channel, message.platformMessageId)))?.[ttl]).toBe(
      epoch(at(1)) + 20 * DAY,
    );
    expect((await item(keys.messageRef(message.channel, message.platformMessageId)))?.[ttl]).toBe(
      epoch(at(1)) + 20 * DAY,
    );
    expect((await item(keys.audit(opened.id, at(2), audit.id)))?.[ttl]).toBe(epoch(at(2)) + 30 * DAY);
    expect(await store.getCase(opened.id)).toEqual(opened);
  });

  it('counts a case from its last change, so an updated case is kept longer', async () => {
    withRetention({ cases: 'P10D', messages: 'P20D', audit: 'P30D' });
    const { store, item } = await storeAndRead();
    const opened = aCase({ updatedAt: at(0) });
    await store.createCase({ case: opened, audit: [] });

    await store.saveCase({ case: nextVersion(opened, { updatedAt: at(45) }), expectedVersion: opened.version });

    expect((await item(keys.case(opened.id)))?.[TABLE_SCHEMA.ttlAttribute]).toBe(epoch(at(45)) + 10 * DAY);
  });

  it('keeps everything 400 days when the config says nothing', async () => {
    withRetention(undefined);
    const { store, item } = await storeAndRead();
    const opened = aCase();
    const audit = anAuditEntry(opened.id);

    await store.createCase({ case: opened, audit: [audit] });

    expect((await item(keys.case(opened.id)))?.[TABLE_SCHEMA.ttlAttribute]).toBe(epoch(opened.updatedAt) + 400 * DAY);
    expect((await item(keys.audit(opened.id, audit.at, audit.id)))?.[TABLE_SCHEMA.ttlAttribute]).toBe(
      epoch(audit.at) + 400 * DAY,
    );
  });

  it('keeps a message and the audit entries of its write in one item when both live equally long, until the later expiry', async () => {
    // Prepare
    withRetention({ cases: 'P10D', messages: 'P20D', audit: 'P20D' });
    const { store, item } = await storeAndRead();
    const opened = aCase({ messageCount: 1, openedAt: at(0), updatedAt: at(0) });
    const message = aMessage(opened.id, { sentAt: at(1) });
    const audit = anAuditEntry(opened.id, { at: at(2) });

    // Act
    await store.createCase({ case: opened, conversation: {}, audit: [audit], message });

    // Assess
    const stored = await item(keys.message(opened.id, at(1), message.channel, message.platformMessageId));
    expect(stored?.[TABLE_SCHEMA.ttlAttribute]).toBe(epoch(at(2)) + 20 * DAY);
    expect(await item(keys.audit(opened.id, at(2), audit.id))).toBeUndefined();
    expect((await store.getCaseDetail(opened.id))?.audit).toEqual([audit]);
  });
});
