import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { settingsFromEnvironment } from '../config/settings';
import { databaseOptions } from './database-options';

/** For the TypeORM CLI (`npm run migration:run`): the same options as the app. */
export default new DataSource(databaseOptions(settingsFromEnvironment().database));
