import { safeNext } from './next-path';

describe('safeNext', () => {
  it('keeps paths of this site, with their query', () => {
    expect(safeNext('/admin')).toBe('/admin');
    expect(safeNext('/me?lang=en')).toBe('/me?lang=en');
    expect(safeNext('/')).toBe('/');
  });

  it.each([
    ['another site, scheme-relative', '//evil.example/admin'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a full URL', 'https://evil.example/'],
    ['a scheme', 'javascript:alert(1)'],
    ['a tab browsers drop', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a relative path', 'admin'],
    ['nothing', ''],
    ['not a string', ['/admin']],
  ])('refuses %s', (_what, next) => {
    expect(safeNext(next)).toBeNull();
  });
});
