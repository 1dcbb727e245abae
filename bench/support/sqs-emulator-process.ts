/**
 * The SQS emulator in a process of its own, so that a benchmark's CPU figures (process.cpuUsage)
 * hold the code under test and not the emulator. Prints the emulator's address and queues as
 * one JSON line, then runs until its stdin closes (the parent exited or stopped it).
 */
import { startSqsEmulator } from '../../local/sqs-emulator.ts';

const emulator = await startSqsEmulator({ queueNames: process.argv.slice(2), region: 'us-east-1' });
process.stdout.write(`${JSON.stringify({ endpoint: emulator.endpoint, queues: emulator.queues })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await emulator.stop();
  process.exit(0);
});
