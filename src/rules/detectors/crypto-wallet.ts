import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58check, bech32, bech32m } from '@scure/base';
import type { Confidence } from '../../domain/classification.js';
import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskToken } from './redact.js';

/**
 * Bitcoin legacy (base58, `1…`/`3…`), Bitcoin segwit (`bc1…`, one case throughout) and Ethereum
 * (`0x` + 40 hex) candidates. Bounded quantifiers over single classes: linear.
 */
const CANDIDATE =
  /(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{8,87}|BC1[02-9AC-HJ-NP-Z]{8,87}|0x[0-9a-fA-F]{40})(?![A-Za-z0-9])/g;

const b58 = base58check(sha256);

const EVIDENCE = new KeywordList([
  'wallet', 'address', 'bitcoin', 'btc', 'ethereum', 'eth', 'ether', 'crypto', 'cryptocurrency', 'usdt', 'usdc',
  'send', 'pay', 'payment', 'deposit', 'metamask', 'ledger', 'coinbase', 'binance',
]);

/** P2PKH (version 0x00) and P2SH (0x05) mainnet addresses: base58check over a 21-byte payload. */
function validBase58(address: string): boolean {
  try {
    const payload = b58.decode(address);
    return payload.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05);
  } catch {
    return false;
  }
}

/** BIP-173/BIP-350 segwit address: bech32 for witness version 0 (20- or 32-byte program), bech32m for 1–16. */
function validSegwit(address: string): boolean {
  const lower = address.toLowerCase();
  for (const coder of [bech32, bech32m]) {
    try {
      const { prefix, words } = coder.decode(lower as `${string}1${string}`, 90);
      const [version, ...rest] = words;
      if (prefix !== 'bc' || version === undefined || version > 16) continue;
      const program = coder.fromWords(rest);
      if (program.length < 2 || program.length > 40) continue;
      if (version === 0 && coder === bech32 && (program.length === 20 || program.length === 32)) return true;
      if (version > 0 && coder === bech32m) return true;
    } catch {
      // Not valid in this encoding; the other may still accept it.
    }
  }
  return false;
}

/** EIP-55: a hex letter is upper case exactly when the matching nibble of keccak256(lower-case address) is ≥ 8. */
function eip55Valid(hex: string): boolean {
  const lower = hex.toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i] ?? '';
    if (!/[a-fA-F]/.test(ch)) continue;
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if ((nibble >= 8) !== (ch !== ch.toLowerCase())) return false;
  }
  return true;
}

/** The confidence a candidate earns, or undefined when it fails its checksum. */
function grade(address: string, keywordNear: boolean): Confidence | undefined {
  if (address.startsWith('0x')) {
    const hex = address.slice(2);
    const singleCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
    // A single-case address carries no checksum: it may be any 160-bit hex value (a hash, an id).
    if (singleCase) return keywordNear ? 'medium' : 'low';
    return eip55Valid(hex) ? 'high' : undefined;
  }
  if (/^bc1/i.test(address)) return validSegwit(address) ? 'high' : undefined;
  return validBase58(address) ? 'high' : undefined;
}

/**
 * Cryptocurrency wallet addresses with their checksums: Bitcoin base58check (P2PKH/P2SH),
 * Bitcoin bech32/bech32m segwit, Ethereum EIP-55 mixed case (all high). An all-lower/upper-case
 * Ethereum address has no checksum: low alone, medium with a wallet keyword within 300 characters.
 */
export const cryptoWallet: Detector = {
  id: 'crypto-wallet',
  description: 'Cryptocurrency wallet address (Bitcoin base58check/bech32/bech32m, Ethereum EIP-55)',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const address = match[0];
      const confidence = grade(address, evidence.near(match.index, match.index + address.length));
      if (!confidence) continue;
      found.push({ detector: 'crypto-wallet', confidence, index: match.index, redacted: maskToken(address, address.startsWith('0x') ? 6 : 4), testValue: false });
    }
    return found;
  },
};
