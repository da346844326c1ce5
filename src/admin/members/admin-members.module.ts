import { Module } from '@nestjs/common';
import { ErasureModule } from '../../erasure/erasure.module';
import { MembersModule } from '../../members/members.module';
import { AdminPagesModule } from '../admin-pages.module';
import { MembersPagesController } from './members-pages.controller';

/** The members part of the organisers' app. */
@Module({
  imports: [AdminPagesModule, MembersModule, ErasureModule],
  controllers: [MembersPagesController],
})
export class AdminMembersModule {}
