/** Parses an XML document (the report's SVG chart), throwing when it is not well-formed. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const parseXml = (xml: string): Record<string, unknown> => {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw new Error(`not well-formed XML: ${verdict.err.msg} at line ${verdict.err.line}`);
  return new XMLParser({ ignoreAttributes: false, isArray: (name) => name !== 'svg' }).parse(xml);
};
