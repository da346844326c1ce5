import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** Thrown when a page needs a signed-in browser and there is none. */
export class SigninRequired extends Error {
  constructor(readonly next: string) {
    super('Sign in first');
  }
}

/** Sends an anonymous browser to the sign-in page, which brings it back to the page it asked for. */
@Catch(SigninRequired)
export class SigninRedirectFilter implements ExceptionFilter {
  catch(exception: SigninRequired, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    reply.header('Cache-Control', 'no-store').redirect(`/signin?next=${encodeURIComponent(exception.next)}`, 303);
  }
}
