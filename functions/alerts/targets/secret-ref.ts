import * as z from 'zod';

/** A target's config names its secrets; their values live in the deployment's secret store. */
export const secretRef = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'secret names are UPPER_SNAKE_CASE');
