/** `sundown erase-customer <customerId> | --identity kind:value [--yes]`: the right to erasure. */
import { monotonicFactory } from 'ulid';
import { DynamoCustomerErasure } from '../functions/adapters/dynamodb/erasure.ts';
import { eraseCustomer, parseIdentity } from '../functions/use-cases/erase-customer.ts';
import { CliError, type Io, json } from './output.ts';
import type { Target } from './target.ts';

export const eraseCommand = async (
  io: Io,
  target: Target,
  options: { customerId?: string; identity?: string; yes?: boolean; json?: boolean },
): Promise<number> => {
  if (!options.customerId === !options.identity) {
    throw new CliError('name the customer: either a customer id or --identity kind:value (not both)');
  }
  let who: { customerId: string } | { identity: ReturnType<typeof parseIdentity> };
  try {
    who = options.customerId ? { customerId: options.customerId } : { identity: parseIdentity(options.identity ?? '') };
  } catch (error) {
    throw new CliError(`--identity: ${(error as Error).message}`);
  }
  const described = options.customerId
    ? `customer ${options.customerId}`
    : `the customer with identity ${options.identity}`;
  if (!options.yes) {
    if (!io.confirm) throw new CliError('erasing cannot be undone: pass --yes to confirm');
    const confirmed = await io.confirm(
      `Erase the personal data of ${described} on the ${target.label}? This cannot be undone.`,
    );
    if (!confirmed) {
      io.err('Nothing erased.');
      return 1;
    }
  }
  const result = await eraseCustomer(
    {
      erasure: new DynamoCustomerErasure({ client: target.dynamo, tableName: target.tableName }),
      clock: { now: () => new Date() },
      newId: monotonicFactory(),
      actor: 'sundown-cli',
    },
    who,
  );
  if (!result.erased) throw new CliError(result.reason);
  const { report } = result;
  if (options.json) io.out(json(report));
  else
    io.out(
      `Erased customer ${report.customerId}: ${report.cases.length} case(s), ${report.messages} message(s), ` +
        `${report.auditEntries} audit entries, ${report.identities} identities. Timestamps, clocks and scores kept.`,
    );
  return 0;
};
