import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DigestService } from './digest.service';

const EVERY_MINUTE_MS = 60_000;

/** Looks every minute whether Monday 08:00 has come in the space's zone, and has the week's digests queued. */
@Injectable()
export class DigestScheduler {
  constructor(private readonly digest: DigestService) {}

  @Interval(EVERY_MINUTE_MS)
  run(): Promise<void> {
    return this.digest.queueDue();
  }
}
