import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BayesModelError, loadBayesModel } from './bayes-model.js';

const dir = mkdtempSync(join(tmpdir(), 'bayes-model-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  format: 'custodian-bayes',
  version: 1,
  trainedAt: '2026-11-27T10:00:00.000Z',
  messages: { spam: 3, ham: 4 },
  tokens: { viagra: [3, 0], meeting: [0, 4] },
};

function modelFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('a valid model file loads with its counts', async () => {
  const model = await loadBayesModel(modelFile('valid.json', valid));
  assert.deepEqual(model.messages, { spam: 3, ham: 4 });
  assert.deepEqual(model.tokens.viagra, [3, 0]);
});

test('an invalid count is refused naming the file and the token key', async () => {
  const path = modelFile('bad-token.json', { ...valid, tokens: { viagra: [3, -1] } });
  await assert.rejects(loadBayesModel(path), (error: Error) =>
    error instanceof BayesModelError && error.message.startsWith(`${path}:`) && error.message.includes('tokens.viagra'));
});

test('a model that never saw ham is refused naming messages.ham', async () => {
  const path = modelFile('no-ham.json', { ...valid, messages: { spam: 3, ham: 0 } });
  await assert.rejects(loadBayesModel(path), (error: Error) => error.message.includes(path) && error.message.includes('messages.ham'));
});

test('a file of another format is refused naming the format key', async () => {
  const path = modelFile('other.json', { ...valid, format: 'something-else' });
  await assert.rejects(loadBayesModel(path), (error: Error) => error.message.includes(path) && error.message.includes('format'));
});

test('a file that is not JSON, or is missing, is refused naming the file', async () => {
  const notJson = modelFile('not-json.json', '{ tokens: ');
  await assert.rejects(loadBayesModel(notJson), (error: Error) => error instanceof BayesModelError && error.message.includes(`${notJson}: not JSON`));
  const missing = join(dir, 'missing.json');
  await assert.rejects(loadBayesModel(missing), (error: Error) => error instanceof BayesModelError && error.message.includes(missing));
});
