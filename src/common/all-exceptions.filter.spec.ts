import { BadRequestException, Logger } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError, ErrorCode, invalidField } from './domain-error';

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('turns an unknown error into a plain 500 without its message or stack', () => {
    const body = filter.toBody(new Error('SELECT secret FROM space_setting failed'));
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it('maps domain error codes to their status, with their details', () => {
    expect(filter.toBody(new DomainError(ErrorCode.EMAIL_TAKEN, 'taken', { field: 'email' }))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'taken',
      code: 'EMAIL_TAKEN',
      field: 'email',
    });
    expect(filter.toBody(invalidField('endsAt', 'must be after startsAt'))).toMatchObject({
      statusCode: 400,
      message: 'endsAt must be after startsAt',
      fields: { endsAt: ['endsAt must be after startsAt'] },
    });
  });

  it('keeps the status and fields of HTTP exceptions and Fastify 4xx errors', () => {
    expect(filter.toBody(new BadRequestException({ message: 'name is bad', fields: { name: ['x'] } }))).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'name is bad',
      fields: { name: ['x'] },
    });
    expect(filter.toBody(Object.assign(new Error('Request body is too large'), { statusCode: 413 }))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });
});
