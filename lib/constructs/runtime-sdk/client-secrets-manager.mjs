// The names the bundle imports from @aws-sdk/client-secrets-manager, taken from the runtime's copy that ./client-secrets-manager.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from './client-secrets-manager.cjs';
