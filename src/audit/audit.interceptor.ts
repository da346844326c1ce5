import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mergeMap, Observable } from 'rxjs';
import { mayChange } from './audit-change';
import { AuditService } from './audit.service';

const CREATED = new WeakMap<FastifyRequest, string>();
const UNCHANGED = new WeakSet<FastifyRequest>();

/** For a handler that creates a thing and answers no JSON with its id (a page): names what it created. */
export function noteCreated(request: FastifyRequest, id: string): void {
  CREATED.set(request, id);
}

/** For a POST that changes nothing (a form's preview): nothing to record. */
export function noteUnchanged(request: FastifyRequest): void {
  UNCHANGED.add(request);
}

/**
 * Records every change made through /api or /admin, once it has succeeded (a refused or failed request records
 * nothing, and so does a page that answers a refused form with its 4xx): who (the actor the guards found), the action and thing read from the route, the names of the fields.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A read has nothing to record: no operator in its way.
    if (!mayChange(request.method)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        // A page that refuses a form answers it itself (400, 409...): nothing changed.
        if (reply.statusCode >= 400 || UNCHANGED.has(request)) return answer;
        const answeredId = (answer as { id?: unknown } | undefined)?.id;
        const createdId = CREATED.get(request) ?? (typeof answeredId === 'string' ? answeredId : null);
        // The change is made: a trail that cannot be written is an error to see, not a reason to fail the request.
        await this.audit
          .recordAfter(request, createdId)
          .catch((error: Error) => this.logger.error(`Not recorded: ${error.message}`));
        return answer;
      }),
    );
  }
}
