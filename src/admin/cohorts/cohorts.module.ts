import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { MembersModule } from '../../members/members.module';
import { AdminPages } from '../admin-pages';
import { AdminCohortsController } from './cohorts.controller';

/** Workclub cohorts in the organisers' app; AdminModule imports it, so it provides AdminPages itself. */
@Module({
  imports: [CohortsModule, MembersModule],
  controllers: [AdminCohortsController],
  providers: [AdminPages],
})
export class AdminCohortsModule {}
