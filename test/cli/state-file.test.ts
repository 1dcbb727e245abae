import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startLocalStack } from '../../local/stack.ts';
import { writeLocalState } from '../../local/state-file.ts';
import { sundown } from './support.ts';

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'sundown-state-')), name);

describe('finding the local stack', () => {
  it('is found through the state file it writes when up, and not once it has stopped and removed it', async () => {
    // Prepare
    const stateFile = tempFile('local.json');
    const stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `sundown-state-${randomUUID()}`,
      stateFile,
    });
    let stopped = false;
    try {
      // Act
      const written = JSON.parse(readFileSync(stateFile, 'utf8'));
      const whileUp = await sundown(['cases', 'list', '--state', stateFile]);
      await stack.stop();
      stopped = true;
      const afterStop = await sundown(['cases', 'list', '--state', stateFile]);

      // Assess
      expect(written).toMatchObject({
        url: stack.url,
        tableName: stack.tableName,
        dynamoEndpoint: stack.dynamoEndpoint,
        sqsEndpoint: stack.sqsEndpoint,
        queues: stack.queues,
        pid: process.pid,
      });
      expect(whileUp).toEqual({ code: 0, stdout: 'No cases.', stderr: '' });
      expect(existsSync(stateFile)).toBe(false);
      expect(afterStop.code).toBe(1);
      expect(afterStop.stderr).toContain(`no local stack state at ${stateFile} (is \`npm start\` running?)`);
    } finally {
      if (!stopped) await stack.stop();
    }
  });

  it('calls a state file left behind by a crashed stack stale', async () => {
    // Prepare: the pid of a process that has exited.
    const gone = spawnSync('true').pid;
    const stateFile = tempFile('crashed.json');
    const queue = { url: 'http://127.0.0.1:1/q', dlqUrl: 'http://127.0.0.1:1/q-dlq' };
    writeLocalState(stateFile, {
      url: 'http://127.0.0.1:1',
      tableName: 't',
      dynamoEndpoint: 'http://127.0.0.1:1',
      sqsEndpoint: 'http://127.0.0.1:1',
      queues: { intake: queue, timers: queue, alerts: queue },
      startedAt: '2026-01-01T00:00:00.000Z',
      pid: gone,
    });

    // Act
    const result = await sundown(['dlq', 'list', '--state', stateFile]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${stateFile} is stale: process ${gone} that wrote it is gone`);
  });

  it('will not mix a deployed stack with the local one', async () => {
    const result = await sundown(['cases', 'list', '--local', '--stack', 'prod']);

    expect(result).toMatchObject({ code: 1, stderr: 'sundown: --local and --stack exclude each other: choose one' });
  });
});
