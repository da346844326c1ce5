import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldError } from '../signin/pages';

/**
 * Checks what a form typed against the API's own DTO (one set of rules for both), and names each field at fault
 * with `message(field)`, a text for the person, in the order of `fields` (the form's order). The DTO comes back
 * transformed (trimmed) when nothing is at fault.
 */
export async function checkForm<T extends object>(
  dto: ClassConstructor<T>,
  input: Record<string, unknown>,
  fields: readonly string[],
  message: (field: string) => string,
): Promise<{ value: T; errors: FieldError[] }> {
  const value = plainToInstance(dto, input);
  const failed = new Set(
    (await validate(value, { whitelist: true, forbidNonWhitelisted: true })).map((e) => e.property),
  );
  const errors = fields.filter((field) => failed.has(field)).map((field) => ({ field, message: message(field) }));
  return { value, errors };
}
