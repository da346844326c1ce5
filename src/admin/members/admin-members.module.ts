import { Module } from '@nestjs/common';
import { ErasureModule } from '../../erasure/erasure.module';
import { MembersModule } from '../../members/members.module';
import { AdminPages } from '../admin-pages';
import { MembersPagesController } from './members-pages.controller';

/** The members part of the organisers' app; AdminModule imports it, so it provides AdminPages itself. */
@Module({
  imports: [MembersModule, ErasureModule],
  controllers: [MembersPagesController],
  providers: [AdminPages],
})
export class AdminMembersModule {}
