import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { MailingService } from './mailing.service';

const EVERY_MINUTE_MS = 60_000;

/** Finds events whose reminder time has come and has their reminders queued. */
@Injectable()
export class RemindersScheduler {
  constructor(private readonly mailing: MailingService) {}

  @Interval(EVERY_MINUTE_MS)
  run(): Promise<void> {
    return this.mailing.queueReminders();
  }
}
