import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { EncounterRecords } from './encounter-records';
import { EncountersController } from './encounters.controller';
import { EncountersService } from './encounters.service';
import { TableSeat } from './table-seat.entity';

/**
 * Who met whom (check-ins at the tables of a plan), the table plans that make people meet someone new, and the
 * member's page of the people they met.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TableSeat]), EventsModule, MembersModule, RegistrationsModule],
  controllers: [EncountersController],
  providers: [EncountersService, EncounterRecords],
  exports: [EncountersService],
})
export class EncountersModule {}
