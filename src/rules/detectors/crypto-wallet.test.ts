import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cryptoWallet } from './crypto-wallet.js';

test('Bitcoin P2PKH and P2SH (BIP-13) addresses with valid base58check are high and redacted', () => {
  assert.deepEqual(cryptoWallet.find('send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'), [
    { detector: 'crypto-wallet', confidence: 'high', index: 8, redacted: '1BvB****************NVN2', testValue: false },
  ]);
  assert.equal(cryptoWallet.find('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')[0]?.confidence, 'high');
});

test('BIP-173 bech32 and BIP-350 bech32m addresses are found in either case', () => {
  assert.equal(cryptoWallet.find('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4').length, 1);
  assert.equal(cryptoWallet.find('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4').length, 1);
  assert.equal(cryptoWallet.find('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0').length, 1);
});

test('a broken base58 or bech32 checksum, and bech32m used for version 0, are rejected', () => {
  assert.deepEqual(cryptoWallet.find('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'), []);
  assert.deepEqual(cryptoWallet.find('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5'), []);
  assert.deepEqual(cryptoWallet.find('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh'), []);
});

test('an EIP-55 checksummed Ethereum address is high; a broken mixed case is rejected', () => {
  assert.equal(cryptoWallet.find('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')[0]?.confidence, 'high');
  assert.deepEqual(cryptoWallet.find('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), []);
});

test('an all-lower-case Ethereum address is low alone and medium with a wallet keyword', () => {
  assert.equal(cryptoWallet.find('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')[0]?.confidence, 'low');
  assert.equal(cryptoWallet.find('ETH wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')[0]?.confidence, 'medium');
});
