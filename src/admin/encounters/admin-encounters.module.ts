import { Module } from '@nestjs/common';
import { EncountersModule } from '../../encounters/encounters.module';
import { AdminPagesModule } from '../admin-pages.module';
import { AdminEncountersController } from './admin-encounters.controller';

/** The organisers' page of encounters; above the encounters module, beside the rest of the organisers' app. */
@Module({
  imports: [AdminPagesModule, EncountersModule],
  controllers: [AdminEncountersController],
})
export class AdminEncountersModule {}
