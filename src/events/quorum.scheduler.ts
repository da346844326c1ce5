import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { EventsService } from './events.service';

const EVERY_MINUTE_MS = 60_000;

/** Finds quorums whose deadline has passed and has them decided. */
@Injectable()
export class QuorumScheduler {
  constructor(private readonly events: EventsService) {}

  @Interval(EVERY_MINUTE_MS)
  run(): Promise<void> {
    return this.events.decideQuorums();
  }
}
