import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';
import { ON_DEMAND_WRITE_UNITS } from '../../functions/config/deployment-schema.ts';

export interface CaseTableProps {
  /**
   * Deletion protection, point-in-time recovery, and the table kept when the stack goes. Off only
   * for a disposable stage, whose table is deleted with its stack.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Write units per second the table serves at once (config `deployment.table`); above a new
   * on-demand table's 4,000 the table is pre-warmed to it.
   * @default 4000
   */
  readonly writeUnitsPerSecond?: number;
}

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** The single table, built from TABLE_SCHEMA so code and infrastructure cannot drift apart. */
export class CaseTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: CaseTableProps = {}) {
    super(scope, id);
    const protect = props.protect ?? true;
    const writeUnits = props.writeUnitsPerSecond ?? ON_DEMAND_WRITE_UNITS;
    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE_SCHEMA.partitionKey),
      sortKey: stringKey(TABLE_SCHEMA.sortKey),
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      globalSecondaryIndexes: Object.values(TABLE_SCHEMA.indexes).map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType[index.projection],
      })),
      billing: Billing.onDemand(),
      ...(writeUnits > ON_DEMAND_WRITE_UNITS && { warmThroughput: { writeUnitsPerSecond: writeUnits } }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: protect },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: protect,
      removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    if (!protect) {
      Validations.of(this.table).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason:
          'A disposable stage (-c disposable=true) holds test data only: nothing to recover, so no PITR to pay for.',
      });
    }
  }
}
