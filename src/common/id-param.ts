import { ArgumentMetadata, Param, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id in a path must be a UUID before any query sees it: anything else names nothing, so it is a 404 (a page on
 * page paths) at once, and a NUL byte or a 10 kB string never reaches the database. A `suffix` such as `.ics` may
 * follow the id.
 */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly suffix = '') {}

  transform(value: string, { data }: ArgumentMetadata): string {
    const id = this.suffix && value.endsWith(this.suffix) ? value.slice(0, -this.suffix.length) : value;
    if (!UUID.test(id)) {
      // Cut, so that a hostile id is not echoed back at length.
      const shown = JSON.stringify(value.slice(0, 60));
      throw new DomainError(ErrorCode.NOT_FOUND, `${data} ${shown} names nothing: ids are UUIDs`);
    }
    return `${id.toLowerCase()}${value.slice(id.length)}`;
  }
}

/** `@IdParam()` for `:id`, `@IdParam('memberId')` for `:memberId`: the param, checked as a UUID. */
export const IdParam = (name = 'id', suffix?: string) => Param(name, new IdPipe(suffix));
