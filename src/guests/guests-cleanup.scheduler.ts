import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { GuestsService } from './guests.service';

const EVERY_HOUR_MS = 3_600_000;

/** Keeps guests' asks to those that can still be confirmed or counted. */
@Injectable()
export class GuestsCleanupScheduler {
  constructor(private readonly guests: GuestsService) {}

  @Interval(EVERY_HOUR_MS)
  run(): Promise<void> {
    return this.guests.forgetExpired();
  }
}
