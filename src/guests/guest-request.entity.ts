import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Locale } from '../common/locale';

/**
 * A visitor's "register me for this public event": what they typed, kept until they confirm by the link mailed to
 * them (its token stored hashed, single use). Every ask is kept an hour at least, so the limits count them; the
 * hashes of the address and the client are what the limits count.
 */
@Entity('guest_request')
@Index('IDX_guest_request_email', ['emailHash', 'createdAt'])
@Index('IDX_guest_request_client', ['clientHash', 'createdAt'])
export class GuestRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** In lower case, as members' addresses are kept. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  /** The language of the page they asked from: their mail's, and their account's if one is made. */
  @Column({ type: 'varchar', length: 2 })
  locale: Locale;

  @Column({ type: 'varchar', length: 64 })
  emailHash: string;

  @Column({ type: 'varchar', length: 64 })
  clientHash: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column()
  expiresAt: Date;

  /** Set by the one confirmation the link allows. */
  @Column({ nullable: true, type: Date })
  usedAt: Date | null;

  @Column()
  createdAt: Date;
}
