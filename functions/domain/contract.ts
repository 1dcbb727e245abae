/**
 * What the contracts every function checks as it runs (the inbound event, queue messages, domain
 * events) are written with: zod/mini, about a quarter of classic zod's weight at cold start. zod/mini
 * has no messages of its own ("Invalid input" for every issue); it is given classic zod's English
 * ones, so an issue reads the same in a DLQ reason or a log as it did.
 */
import { en } from 'zod/locales';
import { config, iso } from 'zod/mini';

config(en());

/** An ISO-8601 timestamp with its offset: every time a contract carries. */
export const isoTimestamp = iso.datetime({ offset: true });
