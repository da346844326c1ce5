import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { EventChanges } from './event-changes';

const EVERY_MINUTE_MS = 60_000;

/** Finds quorums whose deadline has passed and has them decided. */
@Injectable()
export class QuorumScheduler {
  constructor(private readonly changes: EventChanges) {}

  @Interval(EVERY_MINUTE_MS)
  run(): Promise<void> {
    return this.changes.decideQuorums();
  }
}
