import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { SpaceModule } from '../space/space.module';
import { OrganiserGuard } from './organiser.guard';
import { PublicRateLimitGuard } from './public-rate-limit.guard';

const ONE_MINUTE_MS = 60_000;

@Module({
  imports: [
    SpaceModule,
    ApiTokensModule,
    ThrottlerModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => [{ ttl: ONE_MINUTE_MS, limit: settings.rateLimitPerMinute }],
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: PublicRateLimitGuard },
    { provide: APP_GUARD, useClass: OrganiserGuard },
  ],
})
export class AuthModule {}
