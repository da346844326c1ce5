import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Locale } from '../common/locale';

/** Organisers manage the space (/admin, personal API tokens); members have their own space (/me). */
export const ROLES = ['member', 'organiser'] as const;
export type Role = (typeof ROLES)[number];

export const MEMBERSHIPS = ['permanent', 'part-time', 'nomad', 'guest'] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

@Entity('member')
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Kept in lower case, which makes the unique index case-insensitive on both databases. */
  @Column({ type: 'varchar', length: 320, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 2 })
  locale: Locale;

  /** Trades and know-how ("graphic designer", "HR director"). */
  @Column({ type: 'simple-json' })
  skills: string[];

  @Column({ type: 'varchar', length: 16 })
  membership: Membership;

  @Column({ type: 'varchar', length: 200, nullable: true })
  company: string | null;

  /** One line on what they do, shown beside their name ("I design brands for small food businesses"). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  bio: string | null;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: Role;

  /** The secret in the member's private feed URL. */
  @Column({ type: 'varchar', length: 64, unique: true })
  feedToken: string;

  /** Signed into every RSVP link; bumping it revokes all the member's links at once. */
  @Column({ type: 'integer', default: 0 })
  rsvpVersion: number;

  /** The mails the member chose to receive (src/members/mail-preferences.ts); each is on until they turn it off. */
  @Column({ type: 'boolean', default: true })
  mailInvitations: boolean;

  @Column({ type: 'boolean', default: true })
  mailReminders: boolean;

  @Column({ type: 'boolean', default: true })
  mailDigest: boolean;

  /**
   * Set when the member was erased: the row stays, emptied of the person, because their registrations, seats and
   * mails still point to it; no lookup finds it any more.
   */
  @Column({ nullable: true, type: Date })
  erasedAt: Date | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
