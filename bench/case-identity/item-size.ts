/**
 * An item's size as DynamoDB bills it, from the JavaScript values the document client sends and
 * returns (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * UTF-8 bytes of names and strings, about one byte per two significant digits plus one for
 * numbers, raw bytes for binary, one byte for null and booleans, three bytes per list or map
 * plus one per element.
 */
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

const numberSize = (text: string): number => {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
};

const valueSize = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueSize(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    // NumberValue (lossless numbers) carries its digits as text.
    if ('value' in value && Object.keys(value).length === 1 && typeof value.value === 'string') {
      return numberSize(value.value);
    }
    return 3 + Object.entries(value).reduce((sum, [name, member]) => sum + 1 + utf8(name) + valueSize(member), 0);
  }
  return utf8(String(value));
};

export const attributeSize = (name: string, value: unknown): number => utf8(name) + valueSize(value);

export const itemSize = (item: Readonly<Record<string, unknown>> | undefined): number =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + attributeSize(name, value), 0) : 0;

/** Read units of one strongly consistent read of `bytes` (4 KB each, at least one); half when eventually consistent. */
export const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Write units of one item write of `bytes` (1 KB each, at least one); twice inside a transaction. */
export const writeUnits = (bytes: number, transactional: boolean): number =>
  Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
