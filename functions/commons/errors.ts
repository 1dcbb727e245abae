/** Base of every error Sundown raises on purpose. */
export class SundownError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Someone else wrote the case since we read it; re-read and try again. */
export class VersionConflictError extends SundownError {}

/** The platform event was already applied; nothing was written. */
export class DuplicateEventError extends SundownError {}

/** Another case is already the customer's open conversation with the brand. */
export class ConversationTakenError extends SundownError {
  constructor(
    readonly caseId: string | undefined,
    message = "another case is already the customer's open conversation",
  ) {
    super(message);
  }
}

/** Configuration is missing or invalid: fail at start, naming the field. */
export class ConfigError extends SundownError {}

/** A list cursor that this store did not issue (or that was altered). */
export class InvalidCursorError extends SundownError {}

/** A message change refers to a platform message that is not stored. */
export class MessageNotFoundError extends SundownError {}
