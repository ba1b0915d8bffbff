/** A case that cannot be opened as given; `message` says why, for the person who asked. */
export class InvalidCaseError extends Error {
  override readonly name = 'InvalidCaseError';
}

/** No case with this id. */
export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';

  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
  }
}

/** No hold with this id. */
export class HoldNotFoundError extends Error {
  override readonly name = 'HoldNotFoundError';

  constructor(readonly holdId: string) {
    super(`no hold ${holdId}`);
  }
}

/** A release of a hold that was already released: the first release and its reason stand. */
export class HoldAlreadyReleasedError extends Error {
  override readonly name = 'HoldAlreadyReleasedError';

  constructor(
    readonly holdId: string,
    readonly releasedAt: string,
  ) {
    super(`hold ${holdId} was already released at ${releasedAt}`);
  }
}
