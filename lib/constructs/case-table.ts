import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table.ts';

export interface CaseTableProps {
  /** Protects the table from deletion and keeps it when the stack goes. @default false */
  readonly production?: boolean;
}

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** The single table, built from TABLE_SCHEMA so code and infrastructure cannot drift apart. */
export class CaseTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: CaseTableProps = {}) {
    super(scope, id);
    const production = props.production ?? false;
    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE_SCHEMA.partitionKey),
      sortKey: stringKey(TABLE_SCHEMA.sortKey),
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      globalSecondaryIndexes: Object.values(TABLE_SCHEMA.indexes).map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
