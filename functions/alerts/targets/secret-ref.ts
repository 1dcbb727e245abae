import * as z from 'zod/mini';

/** A target's config names its secrets; their values live in the deployment's secret store. */
export const secretRef = z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'secret names are UPPER_SNAKE_CASE'));
