import type { Detection, Detector } from './detector.js';
import { maskToken } from './redact.js';

/**
 * Slack API tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-` and the `xoxe.xoxp-` rotating
 * form) and incoming-webhook / workflow URLs. Bounded quantifiers over one class each: linear.
 */
const CANDIDATE =
  /(?<![A-Za-z0-9_-])(?:xox[baprs]-[A-Za-z0-9-]{10,250}|xoxe\.xox[bp]-\d-[A-Za-z0-9-]{10,250}|https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{6,20}\/[A-Za-z0-9]{6,20}\/[A-Za-z0-9/]{8,80})(?![A-Za-z0-9_-])/g;

/** The documented shape of bot/user tokens: numeric team and user ids, then a random part. */
const STRUCTURED_TOKEN = /^xox[baprs]-\d{6,15}-\d{6,15}(?:-\d{6,15})?-[A-Za-z0-9]{20,64}$/;
const WEBHOOK = /^https:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{24}|(?:workflows|triggers)\/)/;

/** Slack's documentation placeholders: all zeros or all X, or the literal `xoxb-your-token`. */
const PLACEHOLDER = /T0{6,}|B0{6,}|X{12,}|x{12,}|your|example|token-here/i;

/**
 * Slack tokens and webhooks. High for the documented token and webhook shapes, medium for other
 * `xox?-` strings (older or truncated tokens); documentation placeholders are test values.
 */
export const slackToken: Detector = {
  id: 'slack-token',
  description: 'Slack API token (xoxb-/xoxp-/xoxa-/xoxr-/xoxs-) or incoming-webhook URL',
  find(text: string): Detection[] {
    if (!text.includes('xox') && !text.includes('hooks.slack.com')) return [];
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const value = match[0];
      const webhook = value.startsWith('https://');
      // A token is at least two dash-separated parts after the prefix; `xoxb-` in prose is not one.
      if (!webhook && !/\d/.test(value)) continue;
      const structured = webhook ? WEBHOOK.test(value) : STRUCTURED_TOKEN.test(value);
      found.push({
        detector: 'slack-token',
        confidence: structured ? 'high' : 'medium',
        index: match.index,
        redacted: webhook ? `https://hooks.slack.com/${maskToken(value.slice(24), 9)}` : maskToken(value, 5),
        testValue: PLACEHOLDER.test(value),
      });
    }
    return found;
  },
};
