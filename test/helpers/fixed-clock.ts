import { Clock } from '../../src/common/clock';

/** A clock the test sets by hand, e.g. on a daylight-saving weekend. */
export class FixedClock extends Clock {
  private readonly start: Date;
  private current: Date;

  constructor(iso: string) {
    super();
    this.start = new Date(iso);
    this.current = new Date(iso);
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(iso: string): void {
    this.current = new Date(iso);
  }

  /** Back to the time it was made with: call it before each test, so that no test inherits another's time. */
  reset(): void {
    this.current = new Date(this.start);
  }
}
