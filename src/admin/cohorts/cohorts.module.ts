import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { MembersModule } from '../../members/members.module';
import { AdminPagesModule } from '../admin-pages.module';
import { AdminCohortsController } from './cohorts.controller';

/** Workclub cohorts in the organisers' app. */
@Module({
  imports: [AdminPagesModule, CohortsModule, MembersModule],
  controllers: [AdminCohortsController],
})
export class AdminCohortsModule {}
