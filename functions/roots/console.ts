/** The team console's composition root: the work list, and assigning, acknowledging and lifting from it. */
import { requireSetting } from '../config/settings.ts';
import type { MetricsRecorder } from '../ports.ts';
import type { CaseActionDeps } from '../use-cases/case-actions.ts';
import type { OpenCaseStore } from '../use-cases/open-cases.ts';
import type { ConsoleSignIn } from '../views/console-page.ts';
import { caseChanges } from './case-changes.ts';
import { core, type Substitutes } from './parts.ts';

export interface ConsoleRoot {
  readonly store: OpenCaseStore;
  readonly changes: CaseActionDeps;
  readonly metrics: MetricsRecorder;
}

/** Where the page sends people to sign in; read apart from the root so the page needs no table. */
export const consoleSignIn = (): ConsoleSignIn => {
  const base = requireSetting('CONSOLE_SIGN_IN_URL').replace(/\/+$/, '');
  return {
    authorizeUrl: `${base}/oauth2/authorize`,
    tokenUrl: `${base}/oauth2/token`,
    clientId: requireSetting('CONSOLE_CLIENT_ID'),
  };
};

export const composeConsole = (substitutes: Substitutes = {}): ConsoleRoot => {
  const changes = caseChanges(substitutes, core(substitutes));
  return { store: changes.store, changes, metrics: changes.metrics };
};
