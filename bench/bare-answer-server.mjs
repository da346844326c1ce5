// A measuring device, not a product: the server of dist/main.js, except that the API's answer route
// (PUT /api/events/:id/registrations/:memberId) is answered by a bare Fastify handler calling the same use case
// (Answers.answer, the same unit of work and group commit) without Nest's pipeline around it (guards, interceptors,
// pipes, the exception filter). Beside the real server in `BENCH_BARE=1 npm run bench -- rsvp`, it shows what that
// pipeline costs an answer. It checks no token, validates nothing and writes no audit entry: never run it for real.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../dist/', import.meta.url));
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('./app.module');
const { configureApp, createAdapter } = require('./app.setup');
const { settingsOrExit } = require('./config/settings');
const { Answers } = require('./registrations/answers');

const settings = settingsOrExit();
const app = await NestFactory.create(AppModule.register(settings), createAdapter(settings), { logger: ['warn'] });
await configureApp(app, settings);
const answers = app.get(Answers);
// Nest registers its routes when the app starts listening: this hook swaps the handler of the one route measured.
app
  .getHttpAdapter()
  .getInstance()
  .addHook('onRoute', (route) => {
    if (route.method !== 'PUT' || route.url !== '/api/events/:id/registrations/:memberId') return;
    route.handler = async (request) =>
      (await answers.answer(request.params.id, request.params.memberId, request.body.response)).registration;
  });
await app.listen(settings.port, '0.0.0.0');
process.stdout.write(`Rencontres (bare answer route) is listening on ${settings.publicUrl}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
