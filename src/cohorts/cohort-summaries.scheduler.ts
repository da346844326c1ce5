import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CohortsService } from './cohorts.service';

const EVERY_HOUR_MS = 3_600_000;

/** Finds cohorts past their last day and has their summary mail queued. */
@Injectable()
export class CohortSummariesScheduler {
  constructor(private readonly cohorts: CohortsService) {}

  @Interval(EVERY_HOUR_MS)
  run(): Promise<void> {
    return this.cohorts.queueSummaries();
  }
}
