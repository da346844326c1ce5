import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { SpaceModule } from '../space/space.module';
import { OrganiserGuard } from './organiser.guard';
import { PublicRateLimitInterceptor } from './public-rate-limit.interceptor';
import { RateLimits } from './rate-limits';

@Module({
  imports: [SpaceModule],
  providers: [
    RateLimits,
    { provide: APP_INTERCEPTOR, useClass: PublicRateLimitInterceptor },
    { provide: APP_GUARD, useClass: OrganiserGuard },
  ],
})
export class AuthModule {}
