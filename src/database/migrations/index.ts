import { Foundation1764000000000 } from './1764000000000-foundation';
import { Events1764100000000 } from './1764100000000-events';
import { Registrations1764200000000 } from './1764200000000-registrations';
import { Mailing1764300000000 } from './1764300000000-mailing';
import { Cohorts1764400000000 } from './1764400000000-cohorts';
import { OutboxRecipient1764560000000 } from './1764560000000-outbox-recipient';
import { Signin1764600000000 } from './1764600000000-signin';
import { Replies1764880000000 } from './1764880000000-replies';
import { Encounters1764900000000 } from './1764900000000-encounters';
import { MemberBio1765100000000 } from './1765100000000-member-bio';
import { MailPreferences1765200000000 } from './1765200000000-mail-preferences';
import { Erasure1765300000000 } from './1765300000000-erasure';
import { Guests1765400000000 } from './1765400000000-guests';

/** Every migration, oldest first. Listed by class so the app, the CLI and the tests run the same set. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Events1764100000000,
  Registrations1764200000000,
  Mailing1764300000000,
  Cohorts1764400000000,
  OutboxRecipient1764560000000,
  Signin1764600000000,
  Replies1764880000000,
  Encounters1764900000000,
  MemberBio1765100000000,
  MailPreferences1765200000000,
  Erasure1765300000000,
  Guests1765400000000,
];
