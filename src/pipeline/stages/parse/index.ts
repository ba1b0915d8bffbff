export { createParseStage, notParsed } from './parse-stage.js';
export type { ParseLimits, ParsedOriginal } from './parse-types.js';
