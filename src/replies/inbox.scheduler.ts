import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InboxService } from './inbox.service';

const EVERY_MINUTE_MS = 60_000;
const EVERY_HOUR_MS = 3_600_000;

/** Finishes messages a stopped process left half done, and forgets raw messages past their keeping time. */
@Injectable()
export class InboxScheduler {
  constructor(private readonly inbox: InboxService) {}

  @Interval(EVERY_MINUTE_MS)
  resume(): Promise<void> {
    return this.inbox.resumeUnfinished();
  }

  @Interval(EVERY_HOUR_MS)
  purge(): Promise<void> {
    return this.inbox.purgeRaw();
  }
}
