import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { feedRoutes, installFeedFrontDoor } from './calendar/feed-front-door';
import { FeedsService } from './calendar/feeds.service';
import { CohortFeeds } from './cohorts/cohort-feeds';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { API_BODY_LIMIT_BYTES, readRequestBodies } from './common/request-bodies';
import { createValidationPipe } from './common/validation';
import { Settings } from './config/settings';
import { ErrorPages } from './pages/error-pages';

export function createAdapter(settings: Settings): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: API_BODY_LIMIT_BYTES,
    // The client's address (rate limits, the local mailbox) comes from X-Forwarded-For only through these proxies.
    trustProxy: settings.trustProxy.length > 0 ? settings.trustProxy : false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
}

/** Everything the app needs around its modules; shared by main.ts and the tests so both run the same app. */
export async function configureApp(app: NestFastifyApplication, settings: Settings): Promise<void> {
  readRequestBodies(app);
  installSecurityHeaders(app, settings);
  // The session cookie of signed-in browsers (src/signin).
  await app.register(fastifyCookie);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(ErrorPages)));
  setUpApiDocs(app, settings);
  installFeeds(app);
}

/**
 * helmet's headers on every answer of the app, its middleware built once: @fastify/helmet builds it again (and
 * parses the CSP again) for every request, which was 8 % of the CPU of a request to /health.
 */
function installSecurityHeaders(app: NestFastifyApplication, settings: Settings): void {
  const secure = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        // Browsers upgrade every request to https when this is set: only right when the space is served over https.
        upgradeInsecureRequests: settings.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => secure(request.raw, reply.raw, (error) => done(error as Error)));
}

/** The calendar feeds, answered at the HTTP server's door (src/calendar/feed-front-door.ts). */
function installFeeds(app: NestFastifyApplication): void {
  const feeds = app.get(FeedsService);
  const cohortFeeds = app.get(CohortFeeds);
  installFeedFrontDoor(
    app.getHttpServer(),
    feedRoutes(feeds, (token) => cohortFeeds.feed(token)),
  );
}

function setUpApiDocs(app: NestFastifyApplication, settings: Settings): void {
  const config = new DocumentBuilder()
    .setTitle('Rencontres')
    .setDescription(
      'Events and workshops of a coworking community: colunches, workclub cohorts, open coffees, talks, trainings. ' +
        'Routes under /api need `Authorization: Bearer <organiser token>`. Errors are `{statusCode, error, message}`; ' +
        'a 400 names each field at fault in `fields`. Lists answer a plain array with the total in `X-Total-Count`. ' +
        'Calendar feeds need no token and are answered before this API (so they are not listed here): ' +
        '`GET /calendar/public.ics`, `GET /calendar/kinds/{kind}.ics`, `GET /calendar/members/{feedToken}.ics` ' +
        "(a member's `feedUrl`) and `GET /calendar/cohorts/{feedToken}.ics` (a cohort's `feedUrl`); " +
        'iCalendar with a strong ETag, 304 on If-None-Match.',
    )
    .setVersion('1')
    .addServer(settings.publicUrl)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config));
}
