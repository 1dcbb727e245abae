import { SundownError } from '../commons/errors.ts';

/**
 * A webhook body that verified but is not the shape the platform documents.
 * The message names the field at fault (`entry.0.changes: expected array...`); the handler answers 400.
 */
export class PayloadError extends SundownError {}
