import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BuiltFeed } from '../calendar/feed-cache';
import { FeedsService } from '../calendar/feeds.service';
import { Cohort } from './cohort.entity';

/** The calendar of a cohort's sessions, behind the cohort's feed token (`/calendar/cohorts/<token>.ics`). */
@Injectable()
export class CohortFeeds {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    private readonly feeds: FeedsService,
  ) {}

  /** Null for an unknown token. */
  feed(token: string): BuiltFeed | Promise<BuiltFeed | null> {
    return this.feeds.cohortFeed(token, (feedToken) => this.cohorts.findOneBy({ feedToken }));
  }
}
