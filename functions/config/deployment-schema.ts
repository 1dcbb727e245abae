/**
 * The `deployment` part of sundown.config.json: read only by the CDK app. A custom domain gives
 * the API a name that outlives any deployment, so platform registrations and the links already
 * sent keep working even if the API itself had to be rebuilt.
 */
import * as z from 'zod';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const hostname = z
  .string()
  .regex(HOSTNAME, 'must be a lower-case host name such as support-hooks.example.com (no scheme, port or path)');

/** An ACM certificate ARN; API Gateway needs it in the stack's own region. */
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

const domainSchema = z
  .strictObject({
    /** The host name platforms and alert links use, e.g. support-hooks.example.com. */
    name: hostname,
    /** An issued ACM certificate covering `name`, in the region Sundown is deployed to. */
    certificateArn: z
      .string()
      .regex(ACM_CERTIFICATE_ARN, 'must be an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>')
      .optional(),
    /**
     * A Route 53 public hosted zone that holds `name`: Sundown adds the alias record there and,
     * without `certificateArn`, creates the certificate and validates it by DNS in that zone.
     */
    hostedZone: z
      .strictObject({
        id: z.string().regex(/^Z[A-Z0-9]{5,32}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
        name: hostname,
      })
      .optional(),
  })
  .superRefine((domain, ctx) => {
    if (!domain.certificateArn && !domain.hostedZone) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give certificateArn (an issued ACM certificate for this name, in the deployment region) or hostedZone ({ id, name } of the Route 53 zone in which Sundown creates and validates one)',
      });
    }
    const zone = domain.hostedZone?.name;
    if (zone && domain.name !== zone && !domain.name.endsWith(`.${zone}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hostedZone', 'name'],
        message: `zone "${zone}" does not hold "${domain.name}": use the zone the name ends with`,
      });
    }
  });

/** DynamoDB serves a new on-demand table this many write units per second at once (its default warm throughput). */
export const ON_DEMAND_WRITE_UNITS = 4_000;

const tableSchema = z.strictObject({
  /**
   * Write units per second the table serves at once. Above 4,000 (a new on-demand table's) the
   * table is pre-warmed to it (DynamoDB warm throughput, billed once per change), and the intake,
   * timer and alert workers run as many copies as their share of it pays for: raise it when
   * deadlines bunch (40,000 due as the business day opens) or bursts run long.
   * @default 4000
   */
  writeUnitsPerSecond: z
    .number()
    .int('must be a whole number of write units per second')
    .min(ON_DEMAND_WRITE_UNITS, 'must be at least 4000, what a new on-demand table serves without pre-warming')
    .optional(),
});

export const deploymentSchema = z.strictObject({
  /** @default - none: the API is reached at its execute-api URL */
  domain: domainSchema.optional(),
  /** @default - an on-demand table at its default warm throughput */
  table: tableSchema.optional(),
});

export type DeploymentConfig = z.infer<typeof deploymentSchema>;
export type DomainConfig = z.infer<typeof domainSchema>;
export type TableConfig = z.infer<typeof tableSchema>;
