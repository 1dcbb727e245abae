/**
 * JSON as the platforms send it, without losing digits: X puts 64-bit ids in numeric fields
 * (`id` beside `id_str`), which JSON.parse would round and the DynamoDB marshaller refuses.
 * Integers beyond 2^53 keep their source text and serialise back exactly (JSON.rawJSON, Node 22).
 */
interface RawJsonApi {
  rawJSON(text: string): unknown;
}
type SourceReviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

const rawJson = (JSON as unknown as Partial<RawJsonApi>).rawJSON;

const keepDigits: SourceReviver = (_key, value, context) =>
  typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)
    ? (rawJson?.(context.source) ?? context.source)
    : value;

export const parseLosslessJson = (text: string): unknown =>
  JSON.parse(text, keepDigits as (key: string, value: unknown) => unknown);
