import type { Config } from '../config/schema.js';
import type { ParseLimits } from './stages/parse/index.js';

/** The parse stage's limits, taken from the pipeline section of the config. */
export function parseLimitsOf(pipeline: Readonly<Config['pipeline']>): ParseLimits {
  return {
    maxParseBytes: pipeline.maxParseBytes,
    maxAttachments: pipeline.maxAttachments,
    maxMimeDepth: pipeline.maxMimeDepth,
    maxAttachmentTextBytes: pipeline.maxAttachmentTextBytes,
    maxBodyTextBytes: pipeline.maxBodyTextBytes,
  };
}
