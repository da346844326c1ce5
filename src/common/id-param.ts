import { ArgumentMetadata, Param, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError, ErrorCode } from './domain-error';

/** What randomToken() writes (base64url), with room to spare. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * An id or a token in a path must have its shape before any query sees it: anything else names nothing, so it is a
 * 404 (a page on page paths) at once, and a NUL byte or a 10 kB string never reaches the database. A `suffix` such
 * as `.ics` may follow it. Ids come out in lower case, as the database holds them.
 */
export class PathParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly kind: 'id' | 'token',
    private readonly suffix = '',
  ) {}

  transform(value: string, { data }: ArgumentMetadata): string {
    const bare = this.suffix && value.endsWith(this.suffix) ? value.slice(0, -this.suffix.length) : value;
    const valid = this.kind === 'id' ? isUUID(bare, 'all') : TOKEN.test(bare);
    if (!valid) {
      // Cut, so that a hostile value is not echoed back at length.
      const shown = JSON.stringify(value.slice(0, 60));
      throw new DomainError(ErrorCode.NOT_FOUND, `${data} ${shown} names nothing`);
    }
    return this.kind === 'id' ? value.toLowerCase() : value;
  }
}

/** `@IdParam()` for `:id`, `@IdParam('memberId')` for `:memberId`: the param, checked as a UUID. */
export const IdParam = (name = 'id', suffix?: string) => Param(name, new PathParamPipe('id', suffix));

/** `@TokenParam()` for `:token`, a feed token in a page's path. */
export const TokenParam = (name = 'token') => Param(name, new PathParamPipe('token'));
