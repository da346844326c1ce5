import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SETTINGS } from '../config/settings.module';
import { Settings } from '../config/settings';
import { databaseOptions } from './database-options';
import { ChangeLog } from './change-log';
import { PlainSql } from './plain-sql';
import { Transactions } from './transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({ ...databaseOptions(settings.database), autoLoadEntities: true }),
    }),
  ],
  providers: [Transactions, ChangeLog, PlainSql],
  exports: [Transactions, ChangeLog, PlainSql],
})
export class DatabaseModule {}
