import { isUUID } from 'class-validator';
import { appendedId } from './appended-id';

describe('appendedId', () => {
  it('gives UUIDs in the order they were made, so that appended rows go to the end of the index', () => {
    const ids = Array.from({ length: 2000 }, () => appendedId());
    expect(ids.every((id) => isUUID(id, 'all'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
