import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CalendarModule } from './calendar/calendar.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { CommonModule } from './common/common.module';
import { Settings } from './config/settings';
import { SettingsModule } from './config/settings.module';
import { DatabaseModule } from './database/database.module';
import { ErasureModule } from './erasure/erasure.module';
import { EncountersModule } from './encounters/encounters.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MailingModule } from './mailing/mailing.module';
import { MemberSpaceModule } from './member-space/member-space.module';
import { MembersModule } from './members/members.module';
import { OutboxModule } from './outbox/outbox.module';
import { PagesModule } from './pages/pages.module';
import { PlanningModule } from './planning/planning.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { RepliesModule } from './replies/replies.module';
import { RoomsModule } from './rooms/rooms.module';
import { SigninModule } from './signin/signin.module';
import { SpaceModule } from './space/space.module';
import { TemplatesModule } from './templates/templates.module';

@Module({})
export class AppModule {
  /** The settings are parsed before the app is built, so a bad one stops the start before anything opens. */
  static register(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.register(settings),
        CommonModule,
        ScheduleModule.forRoot(),
        DatabaseModule,
        SpaceModule,
        AuthModule,
        HealthModule,
        MembersModule,
        RoomsModule,
        EventsModule,
        OutboxModule,
        RegistrationsModule,
        TemplatesModule,
        CalendarModule,
        PagesModule,
        MailingModule,
        CohortsModule,
        PlanningModule,
        EncountersModule,
        SigninModule,
        AuditModule,
        AdminModule,
        MemberSpaceModule,
        RepliesModule,
        ErasureModule,
      ],
    };
  }
}
