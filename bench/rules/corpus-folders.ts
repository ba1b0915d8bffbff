import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { SPAMASSASSIN_CORPUS } from '../../test/support/corpora.js';
import { stripMboxFrom, wireForm } from '../../test/support/smtp-client.js';

/** The corpus folders, in report order: development folders first, then the held-out ones. */
export const FOLDERS = [
  { name: 'easy-ham-1', spam: false, heldOut: false },
  { name: 'spam-1', spam: true, heldOut: false },
  { name: 'easy-ham-2', spam: false, heldOut: true },
  { name: 'hard-ham-1', spam: false, heldOut: true },
  { name: 'spam-2', spam: true, heldOut: true },
] as const;

export type FolderName = (typeof FOLDERS)[number]['name'];

/** One corpus message with the folder that labels it spam or ham. */
export interface LabelledMessage {
  name: string;
  folder: FolderName;
  wire: Buffer;
}

/**
 * The 6,046 SpamAssassin corpus messages in a stable order, each with its folder, in the form an
 * SMTP receiver gets them (mbox `From ` line stripped, CRLF): the tests' corpus definition and
 * wire form. The folder is read from each file's own directory, not from a corpus-relative name.
 */
export function loadLabelledCorpus(): LabelledMessage[] {
  const { dir, files, source } = SPAMASSASSIN_CORPUS;
  let paths: string[];
  try {
    paths = files(dir).sort();
  } catch (error) {
    throw new Error(`the SpamAssassin corpus (${source}) is not installed: ${(error as Error).message}`, { cause: error });
  }
  return paths.map((path) => {
    const folder = FOLDERS.find((f) => f.name === basename(dirname(path)));
    if (!folder) throw new Error(`corpus message ${path} is in no known folder`);
    return { name: `${folder.name}/${basename(path)}`, folder: folder.name, wire: wireForm(stripMboxFrom(readFileSync(path))) };
  });
}

/**
 * About `count` of the messages, spread evenly over the whole list and so over every folder in
 * proportion to its size (the list is in folder order): a sample that keeps the mix of the corpus.
 */
export function spreadSample<T>(messages: readonly T[], count: number): T[] {
  if (count >= messages.length) return [...messages];
  const step = messages.length / count;
  return Array.from({ length: count }, (_, i) => messages[Math.floor(i * step)] as T);
}
