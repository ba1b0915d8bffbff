export { createContentParseStage, createParseStage, notParsed } from './parse-stage.js';
export type { AttachmentContent, ParseOutcome, ParsedContent } from './parse-content.js';
export type { ParseLimits, ParsedOriginal } from './parse-types.js';
