import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { SessionsService } from './sessions.service';

const EVERY_HOUR_MS = 3_600_000;

/** Keeps the session and sign-in tables to what can still be used or counted. */
@Injectable()
export class SigninCleanupScheduler {
  constructor(private readonly sessions: SessionsService) {}

  @Interval(EVERY_HOUR_MS)
  run(): Promise<void> {
    return this.sessions.forgetExpired();
  }
}
