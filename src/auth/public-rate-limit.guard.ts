import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { isPublic } from './organiser.guard';

/** Rate-limits only the routes anyone can reach; organisers hold a token and are not throttled. */
@Injectable()
export class PublicRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !isPublic(this.reflector, context);
  }
}
