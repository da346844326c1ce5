import { HttpStatus } from '@nestjs/common';

/** Business rules fail with one of these codes; the exception filter maps each to its HTTP status. */
export enum ErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_INPUT = 'INVALID_INPUT',
  ROOM_NAME_TAKEN = 'ROOM_NAME_TAKEN',
  ROOM_TAKEN = 'ROOM_TAKEN',
  EVENT_CANCELLED = 'EVENT_CANCELLED',
  EVENT_PAST = 'EVENT_PAST',
  COHORT_FULL = 'COHORT_FULL',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  SERIES_EMPTY = 'SERIES_EMPTY',
}

export const HTTP_STATUS_OF: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [ErrorCode.INVALID_INPUT]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ROOM_NAME_TAKEN]: HttpStatus.CONFLICT,
  [ErrorCode.ROOM_TAKEN]: HttpStatus.CONFLICT,
  [ErrorCode.EVENT_CANCELLED]: HttpStatus.CONFLICT,
  [ErrorCode.EVENT_PAST]: HttpStatus.CONFLICT,
  [ErrorCode.COHORT_FULL]: HttpStatus.CONFLICT,
  [ErrorCode.ALREADY_MEMBER]: HttpStatus.CONFLICT,
  [ErrorCode.SERIES_EMPTY]: HttpStatus.CONFLICT,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the JSON answer, e.g. the field at fault or the conflicting event. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} not found`);

/** A 400 that names the field, for rules a DTO decorator cannot express. */
export const invalidField = (field: string, message: string) =>
  new DomainError(ErrorCode.INVALID_INPUT, `${field} ${message}`, { fields: { [field]: [`${field} ${message}`] } });
