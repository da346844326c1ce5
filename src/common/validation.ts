import { applyDecorators, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { buildMessage, IsUUID, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
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

// A real offset: from -18:00 to +18:00, as ISO 8601 and Temporal allow.
const OFFSET = '(Z|[+-]((0\\d|1[0-7]):[0-5]\\d|18:00))';
const INSTANT = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?${OFFSET}$`);

/** An ISO 8601 date-time with an offset or Z: a local time without one would be ambiguous. */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => typeof value === 'string' && INSTANT.test(value) && DateTime.fromISO(value).isValid,
      defaultMessage: buildMessage(
        (prefix) =>
          `${prefix}$property must be an ISO 8601 date-time with an offset (-18:00 to +18:00) or Z, ` +
          'e.g. 2026-03-24T12:30:00+01:00',
      ),
    },
  });
}

// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Whether a text holds no control character: what a name or an email shown on one line must be. */
export const isOneLine = (text: string) => !CONTROL.test(text);
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]|[\u2028\u2029]/u;

/**
 * Text shown on one line: a name, a title, an email. A line break or other control character in it would reach a
 * mail header or an .ics line raw, so it is refused.
 */
export function SingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'singleLine',
      validator: {
        validate: (value) => typeof value !== 'string' || isOneLine(value),
        defaultMessage: buildMessage(
          (prefix) => `${prefix}$property must be one line, without control characters`,
          options,
        ),
      },
    },
    options,
  );
}

/** Text that may span lines (a description, a note): tabs and line breaks are kept, other control characters refused. */
export function MultiLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'multiLine',
      validator: {
        validate: (value) => typeof value !== 'string' || !CONTROL_BUT_LINE_BREAKS.test(value),
        defaultMessage: buildMessage(
          (prefix) => `${prefix}$property must not hold control characters other than tabs and line breaks`,
          options,
        ),
      },
    },
    options,
  );
}

/** Two fields that say the same thing two ways (`all` and `memberIds`): a request gives one or the other, not both. */
export function NotWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'notWith',
    constraints: [other],
    validator: {
      validate: (value, args) => value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: buildMessage(() => `$property and ${other} cannot both be given: give one or the other`),
    },
  });
}

/** The id of a member, event, room...: a UUID, written in lower case as the database holds it. */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
  return applyDecorators(
    Transform(({ value }) => (Array.isArray(value) ? value.map(lower) : lower(value))),
    IsUUID('all', {
      message: options?.each ? '$property must hold ids (UUIDs)' : '$property must be an id (a UUID)',
      ...options,
    }),
  );
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
