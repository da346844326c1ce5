import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { buildMessage, ValidateBy, ValidateIf } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

/** Flattens nested validation errors into `{ "skills.0": ["..."] }`. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    Object.assign(fields, fieldErrors(error.children ?? [], path));
  }
  return fields;
}

/** The global pipe: unknown fields are refused, and a 400 names every field at fault. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return new BadRequestException({ message: Object.values(fields).flat().join('; '), fields });
    },
  });
}

/** The field may be left out, but `null` is checked (and refused) like any other value; use IsOptional where null is meaningful. */
export const OptionalField = () => ValidateIf((_object, value) => value !== undefined);

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an offset or Z: a local time without one would be ambiguous. */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => typeof value === 'string' && INSTANT.test(value) && DateTime.fromISO(value).isValid,
      defaultMessage: buildMessage(
        (prefix) =>
          `${prefix}$property must be an ISO 8601 date-time with an offset or Z, e.g. 2026-03-24T12:30:00+01:00`,
      ),
    },
  });
}

export function IsTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && IANAZone.isValidZone(value),
      defaultMessage: buildMessage((prefix) => `${prefix}$property must be an IANA time zone such as Europe/Paris`),
    },
  });
}
