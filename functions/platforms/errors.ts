/**
 * A webhook body that verified but is not the shape the platform documents: commons/signed-request.ts,
 * shared with the alert targets' callbacks.
 */
export { PayloadError } from '../commons/signed-request.ts';
