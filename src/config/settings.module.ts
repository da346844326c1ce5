import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from './settings';

/** Injection token of the validated settings (an interface has no runtime class). */
export const SETTINGS = Symbol('SETTINGS');

@Global()
@Module({})
export class SettingsModule {
  static register(settings: Settings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: SETTINGS, useValue: Object.freeze({ ...settings }) }],
      exports: [SETTINGS],
    };
  }
}
