import { Clock } from '../../src/common/clock';

/** A clock the test sets by hand, e.g. on a daylight-saving weekend. */
export class FixedClock extends Clock {
  private current: Date;

  constructor(iso: string) {
    super();
    this.current = new Date(iso);
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(iso: string): void {
    this.current = new Date(iso);
  }
}
