/** The case actions' composition root: acknowledge, resolve, lift and hand off from alerts and the case page. */
import { SecretReader } from '../adapters/secrets.ts';
import { fetchSecret } from '../adapters/secrets-manager.ts';
import { callbackSecrets, endpointSettings } from '../alerts/targets/registry.ts';
import { endpointOverrides } from '../config/settings.ts';
import type { LinkLedger, MetricsRecorder, Secrets } from '../ports.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import { caseChanges, followUps, linkLedger } from './case-changes.ts';
import { core, type Substitutes } from './parts.ts';

export interface ActionsRoot {
  readonly followUps: FollowUpDeps;
  readonly linkLedger: LinkLedger;
  readonly metrics: MetricsRecorder;
  readonly secrets: Secrets;
  /** Allowed reply origins and replaced endpoints of the targets' callbacks, by target kind (tests and the local stack). */
  readonly callbackEndpoints: Readonly<Record<string, string>>;
}

export const composeActions = (substitutes: Substitutes = {}): ActionsRoot => {
  // The one function that verifies callbacks: it reads their secrets from the integration purpose.
  const integration = callbackSecrets().map((secret) => secret.name);
  const secrets = substitutes.secrets ?? new SecretReader({ integrationSecrets: integration, fetch: fetchSecret });
  const changes = caseChanges({ ...substitutes, secrets }, core(substitutes));
  const ledger = linkLedger(changes);
  return {
    followUps: followUps(changes, ledger),
    linkLedger: ledger,
    metrics: changes.metrics,
    secrets: changes.secrets,
    callbackEndpoints: endpointOverrides(endpointSettings('callback')),
  };
};
