import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { Settings, settingsOrExit } from './config/settings';

export async function startServer(settings: Settings): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(settings), createAdapter(settings));
  await configureApp(app, settings);
  await app.listen(settings.port, '0.0.0.0');
  return app;
}

async function main(): Promise<void> {
  const settings = settingsOrExit();
  const app = await startServer(settings);
  process.stdout.write(`Rencontres is listening on ${settings.publicUrl} (API docs: ${settings.publicUrl}/api/docs)\n`);
  // Finish the requests under way and close the database before leaving, so nothing is cut halfway.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app.close().then(() => {
        process.stdout.write('Rencontres stopped\n');
        process.exit(0);
      });
    });
  }
}

if (require.main === module) void main();
