import { randomBytes } from 'node:crypto';

let counter = 0;

/** A valid body for POST /api/members; every call gets a distinct email. */
export function memberInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    name: `Membre ${counter}`,
    email: `membre-${counter}-${randomBytes(3).toString('hex')}@example.org`,
    locale: 'fr',
    skills: ['graphiste'],
    membership: 'nomad',
    ...overrides,
  };
}
