import { Module } from '@nestjs/common';
import { EncountersModule } from '../../encounters/encounters.module';
import { AdminPages } from '../admin-pages';
import { AdminEncountersController } from './admin-encounters.controller';

/** The organisers' page of encounters; above the encounters module, beside the rest of the organisers' app. */
@Module({
  imports: [EncountersModule],
  controllers: [AdminEncountersController],
  providers: [AdminPages],
})
export class AdminEncountersModule {}
