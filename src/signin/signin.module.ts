import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SpaceModule } from '../space/space.module';
import { Session } from './session.entity';
import { SessionGuard } from './session.guard';
import { SessionsService } from './sessions.service';
import { SigninCleanupScheduler } from './signin-cleanup.scheduler';
import { SigninMails } from './signin-mails';
import { SigninRequest } from './signin-request.entity';
import { SigninController } from './signin.controller';
import { SigninService } from './signin.service';
import { SignoutController } from './signout.controller';

@Module({
  imports: [TypeOrmModule.forFeature([SigninRequest, Session]), MembersModule, OutboxModule, SpaceModule],
  controllers: [SigninController, SignoutController],
  providers: [
    SigninService,
    SessionsService,
    SigninMails,
    SigninCleanupScheduler,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SigninService, SessionsService, SigninMails],
})
export class SigninModule {}
