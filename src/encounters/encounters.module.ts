import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { EncountersController } from './encounters.controller';
import { EncountersService } from './encounters.service';
import { TableSeat } from './table-seat.entity';

/** Who met whom (check-ins at the tables of a plan) and the table plans that make people meet someone new. */
@Module({
  imports: [TypeOrmModule.forFeature([TableSeat]), EventsModule, MembersModule, RegistrationsModule],
  controllers: [EncountersController],
  providers: [EncountersService],
  exports: [EncountersService],
})
export class EncountersModule {}
