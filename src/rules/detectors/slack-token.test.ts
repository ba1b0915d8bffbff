import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackToken } from './slack-token.js';

test('a bot token in the documented shape is high and redacted', () => {
  assert.deepEqual(slackToken.find('SLACK_BOT_TOKEN=xoxb-1234567890123-1234567890123-Ab3dE6gH9jK2mN5pQ8sT1vW4'), [
    { detector: 'slack-token', confidence: 'high', index: 16, redacted: 'xoxb-****************1vW4', testValue: false },
  ]);
});

test('a webhook URL is high; Slack documentation placeholders are test values', () => {
  const [real] = slackToken.find('https://hooks.slack.com/services/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');
  assert.equal(real?.confidence, 'high');
  assert.equal(real?.testValue, false);
  assert.equal(real?.redacted.startsWith('https://hooks.slack.com/services/'), true);
  assert.equal(slackToken.find('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX')[0]?.testValue, true);
});

test('other xox tokens are medium; prose and unrelated hosts are ignored', () => {
  assert.equal(slackToken.find('xoxp-abc123-def456ghij')[0]?.confidence, 'medium');
  assert.deepEqual(slackToken.find('use an xoxb-token here; https://hooks.example.com/services/T1/B2/c3'), []);
});
