import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { viewFixture } from '../test-support/view-fixture.js';
import { bayesModelSchema } from './bayes-model.js';
import { bayesProbability } from './bayes-probability.js';
import { trainBayes } from './train-bayes.js';

const root = mkdtempSync(join(tmpdir(), 'train-bayes-'));
after(() => rmSync(root, { recursive: true, force: true }));

const SPAM = [
  ['Cheap meds online now', 'Buy cheap viagra and cialis online. Lowest prices, no prescription. Click here to order now!'],
  ['You have WON a prize', 'Congratulations winner! Claim your cash prize now. Click here, limited offer, act now!'],
  ['Lose weight fast', 'Miracle pills: lose weight fast with no diet. Order now at the lowest prices, click here!'],
  ['Make money from home', 'Earn cash from home, guaranteed income. No experience. Click here to claim your offer now!'],
  ['Cheap replica watches', 'Replica watches at the lowest prices. Order now, limited offer, click here!'],
  ['Viagra discount', 'Discount viagra, cheap meds, no prescription needed. Click here and order now!'],
];
const HAM = [
  ['Minutes of the project meeting', 'Hi team, attached are the minutes of the project meeting. The release schedule moves to Thursday.'],
  ['Re: build failure on the release branch', 'The build failure was a missing dependency in the release branch; I pushed a fix, please review the patch.'],
  ['Lunch on Thursday?', 'Are you free for lunch on Thursday after the meeting? The team wants to discuss the schedule.'],
  ['Patch review', 'Could you review my patch for the parser? The tests pass on the release branch now.'],
  ['Holiday schedule', 'The office holiday schedule is attached; please tell the team if your dates change.'],
  ['Re: parser tests', 'Thanks for the review. I updated the patch and the parser tests; the build is green again.'],
];

function writeMessages(dir: string, messages: string[][], from: string): void {
  mkdirSync(dir, { recursive: true });
  messages.forEach(([subject, body], i) => {
    // The first spam file carries an mbox separator line, as corpus files do.
    const mbox = i === 0 ? 'From someone@example.com Thu Aug 22 12:36:23 2002\n' : '';
    writeFileSync(join(dir, `${i}.eml`), `${mbox}From: ${from}\nTo: you@example.org\nSubject: ${subject}\nMessage-ID: <${i}@${from.split('@')[1]}>\n\n${body}\n`);
  });
  // Metadata beside the mail, as the SpamAssassin corpus keeps: not learnt from.
  writeFileSync(join(dir, 'index.json'), '{"files": 6}\n');
}

const spamDir = join(root, 'spam');
const hamDir = join(root, 'ham');
writeMessages(spamDir, SPAM, 'offers@bulk.example');
writeMessages(hamDir, HAM, 'colleague@work.example');

test('a model trained on a handful of messages tells obvious spam from obvious ham', async () => {
  const { model, notMessages, unreadable } = await trainBayes({ spamDirs: [spamDir], hamDirs: [hamDir], minMessages: 1 });
  assert.deepEqual(model.messages, { spam: 6, ham: 6 });
  assert.equal(notMessages.length, 2);
  assert.deepEqual(unreadable, []);
  assert.ok(bayesModelSchema.safeParse(model).success, 'the trained model passes the schema it is loaded with');

  const probability = bayesProbability(model);
  const spam = probability(viewFixture({ subject: 'Cheap viagra offer', text: 'Lowest prices, no prescription. Click here to order now!' }));
  const ham = probability(viewFixture({ subject: 'Re: the release schedule', text: 'I will review the patch before the team meeting on Thursday.' }));
  assert.ok(spam > 0.9, `spam probability ${spam}`);
  assert.ok(ham < 0.1, `ham probability ${ham}`);
});

test('a message with no known token is neither: probability 0.5', async () => {
  const { model } = await trainBayes({ spamDirs: [spamDir], hamDirs: [hamDir], minMessages: 1 });
  assert.equal(bayesProbability(model)(viewFixture({ text: 'zzyzx quorble' })), 0.5);
});

test('tokens seen in fewer messages than minMessages are left out of the model', async () => {
  const { model } = await trainBayes({ spamDirs: [spamDir], hamDirs: [hamDir], minMessages: 3 });
  assert.ok(Object.values(model.tokens).every(([spam, ham]) => spam + ham >= 3));
  assert.ok('click' in model.tokens);
  assert.ok(!('cialis' in model.tokens));
});

test('training without ham is refused', async () => {
  await assert.rejects(trainBayes({ spamDirs: [spamDir], hamDirs: [] }), /needs spam and ham/);
});
