import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailComposer } from '../mailing/mail-composer';
import { MailingModule } from '../mailing/mailing.module';
import { MembersModule } from '../members/members.module';
import { SpaceModule } from '../space/space.module';
import { MeController } from './me.controller';
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
  imports: [TypeOrmModule.forFeature([SigninRequest, Session]), MembersModule, MailingModule, SpaceModule],
  controllers: [SigninController, SignoutController, MeController],
  providers: [
    SigninService,
    SessionsService,
    SigninMails,
    SigninCleanupScheduler,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SigninService, SessionsService],
})
export class SigninModule implements OnModuleInit {
  constructor(
    private readonly composer: MailComposer,
    private readonly mails: SigninMails,
  ) {}

  // Until the composer calls each kind's writer itself (the data-path branch), the sign-in mail registers here.
  onModuleInit(): void {
    this.composer.register('signin', (row, member) => this.mails.content(row, member));
  }
}
