import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createArchiveAddressMatcher } from './archive-address-matcher.js';

describe('createArchiveAddressMatcher', () => {
  const archive = createArchiveAddressMatcher(['archive@archive.example']);

  it('treats the archive mailbox itself as no recipient, in any case', () => {
    assert.equal(archive('ARCHIVE@Archive.Example'), null);
  });

  it('decodes a plus-addressed archive address into the recipient it stands for', () => {
    assert.equal(archive('Archive+User=Example.com@archive.example'), 'user@example.com');
    assert.equal(archive('archive+first.last=sub.example.org@archive.example'), 'first.last@sub.example.org');
  });

  it('treats a plus tag that encodes no address as the archive mailbox', () => {
    assert.equal(archive('archive+eu@archive.example'), null);
  });

  it('leaves other addresses, plus-addressed or not, as lower-cased recipients', () => {
    assert.equal(archive('Bob@Example.com'), 'bob@example.com');
    assert.equal(archive('bob+news=x.com@example.com'), 'bob+news=x.com@example.com');
    assert.equal(archive('archive+user=example.com@other.example'), 'archive+user=example.com@other.example');
  });
});
