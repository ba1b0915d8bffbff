/**
 * Counts consecutive DNS network failures and, past a threshold, opens for a cool-down period
 * during which no lookup is attempted: when DNS is down every message would otherwise wait out
 * its own timeout. The first lookup after the cool-down is the probe that closes it again.
 */
export class DnsCircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    /** Consecutive network failures that open the breaker. */
    private readonly threshold: number,
    /** How long it stays open, in ms. */
    private readonly coolDownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while lookups should be skipped. */
  isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  /** A DNS server answered (an empty or negative answer is still an answer). */
  recordSuccess(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  /** DNS could not be reached (timeout, refused, unreachable, server failure). */
  recordFailure(): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.coolDownMs;
  }
}
