import { bulkPrecedence } from './bulk-precedence.js';
import type { HeuristicCheck } from './check.js';
import { dateMalformed } from './date-malformed.js';
import { dateFarPast, dateInFuture } from './date-skew.js';
import { forgedFreemailReceived } from './forged-freemail-received.js';
import { forgedOutlookMua } from './forged-outlook-mua.js';
import { fromDisplayNameSpoofsAddress } from './from-display-name-spoofs-address.js';
import { fromNoDisplayName } from './from-no-display-name.js';
import { fromReplyToDomainMismatch } from './from-reply-to-domain-mismatch.js';
import { gtube } from './gtube.js';
import { htmlOnly } from './html-only.js';
import { htmlTextMismatch } from './html-text-mismatch.js';
import { messageIdMalformed } from './message-id-malformed.js';
import { missingDate, missingFrom, missingMessageId, missingTo } from './missing-header.js';
import { receivedChainSuspicious } from './received-chain-suspicious.js';
import { receivedHopsExcessive } from './received-hops-excessive.js';
import { senderDomainAligned } from './sender-domain-aligned.js';
import { subjectAllCaps } from './subject-all-caps.js';
import { subjectExcessivePunctuation } from './subject-excessive-punctuation.js';
import { subjectGreetsRecipient } from './subject-greets-recipient.js';
import { urlIpLiteral } from './url-ip-literal.js';
import { urlShortener } from './url-shortener.js';
import { urlTextHrefMismatch } from './url-text-href-mismatch.js';
import { xMailerBulkTools } from './x-mailer-bulk-tools.js';

const ALL: readonly HeuristicCheck[] = [
  gtube,
  missingDate, missingMessageId, missingFrom, missingTo,
  dateInFuture, dateFarPast, dateMalformed,
  messageIdMalformed,
  fromDisplayNameSpoofsAddress, fromReplyToDomainMismatch, fromNoDisplayName,
  receivedChainSuspicious, receivedHopsExcessive, senderDomainAligned,
  bulkPrecedence,
  htmlOnly, htmlTextMismatch,
  subjectAllCaps, subjectExcessivePunctuation, subjectGreetsRecipient,
  urlIpLiteral, urlShortener, urlTextHrefMismatch,
  xMailerBulkTools, forgedOutlookMua, forgedFreemailReceived,
];

/** Every heuristic check rules can name with `check: <id>`, by id. */
export const CHECKS: ReadonlyMap<string, HeuristicCheck> = new Map(ALL.map((c) => [c.id, c]));
