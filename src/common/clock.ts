import { Injectable } from '@nestjs/common';

/** Where the time comes from, so that tests can stand on a daylight-saving weekend. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
