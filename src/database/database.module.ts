import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SETTINGS } from '../config/settings.module';
import { Settings } from '../config/settings';
import { databaseOptions } from './database-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({ ...databaseOptions(settings.database), autoLoadEntities: true }),
    }),
  ],
})
export class DatabaseModule {}
