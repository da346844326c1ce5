import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

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
