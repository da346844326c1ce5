import { getMetadataStorage } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every DTO class of the app, found by file name so that a new one is checked without being listed here. */
function dtoClasses(): Array<new () => object> {
  const root = join(__dirname, '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.dto.ts'));
  return files.flatMap((file) =>
    Object.values(require(join(root, file)) as Record<string, unknown>).filter(
      (value): value is new () => object => typeof value === 'function' && /^[A-Z]/.test(value.name),
    ),
  );
}

describe('DTO text fields', () => {
  it('say whether they are one line or several, so no control character reaches a header or an .ics raw', () => {
    const texts: string[] = [];
    const unmarked: string[] = [];
    for (const dto of dtoClasses()) {
      const checks = new Map<string, string[]>();
      for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
        const names = checks.get(metadata.propertyName) ?? [];
        names.push(metadata.name ?? metadata.type);
        checks.set(metadata.propertyName, names);
      }
      for (const [property, names] of checks) {
        const text = names.includes('isString');
        const marked = ['singleLine', 'multiLine'].some((name) => names.includes(name));
        if (text) texts.push(`${dto.name}.${property}`);
        if (text && !marked) unmarked.push(`${dto.name}.${property}`);
      }
    }
    expect(texts).toEqual(expect.arrayContaining(['CreateMemberDto.name', 'UpdateEventDto.title', 'NoteDto.note']));
    expect(unmarked).toEqual([]);
  });
});
