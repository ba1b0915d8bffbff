import { awsAccessKeyId } from './aws-access-key-id.js';
import { awsSecretAccessKey } from './aws-secret-access-key.js';
import { creditCard } from './credit-card.js';
import { cryptoWallet } from './crypto-wallet.js';
import type { Detector } from './detector.js';
import { emailAddress } from './email-address.js';
import { esDni } from './es-dni.js';
import { githubToken } from './github-token.js';
import { iban } from './iban.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { jwt } from './jwt.js';
import { nlBsn } from './nl-bsn.js';
import { createPhoneNumberDetector } from './phone-number.js';
import { privateKey } from './private-key.js';
import { slackToken } from './slack-token.js';
import { ukNhs } from './uk-nhs.js';
import { ukNino } from './uk-nino.js';
import { usAbaRouting } from './us-aba-routing.js';
import { usSsn } from './us-ssn.js';

const ALL: readonly Detector[] = [
  creditCard,
  iban,
  usSsn,
  usAbaRouting,
  ukNino,
  ukNhs,
  esDni,
  nlBsn,
  emailAddress,
  createPhoneNumberDetector(),
  ipv4,
  ipv6,
  awsAccessKeyId,
  awsSecretAccessKey,
  privateKey,
  jwt,
  githubToken,
  slackToken,
  cryptoWallet,
];

/** The built-in sensitive-information detectors, by id (`detector: credit-card` in a rule). */
export const DETECTORS: ReadonlyMap<string, Detector> = new Map(ALL.map((detector) => [detector.id, detector]));

/** The ids of all built-in detectors, sorted. */
export function detectorIds(): string[] {
  return [...DETECTORS.keys()].sort();
}
