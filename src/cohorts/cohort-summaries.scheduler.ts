import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CohortMails } from './cohort-mails';

const EVERY_HOUR_MS = 3_600_000;

/** Finds cohorts past their last day and has their summary mail queued. */
@Injectable()
export class CohortSummariesScheduler {
  constructor(private readonly mails: CohortMails) {}

  @Interval(EVERY_HOUR_MS)
  run(): Promise<void> {
    return this.mails.queueSummaries();
  }
}
