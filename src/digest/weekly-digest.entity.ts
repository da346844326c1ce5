import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's digest of one week, written with its outbox row: the primary key makes a second server process's
 * insert fail, so each member gets one digest a week. Written too when the week held nothing for them (then no mail
 * goes): the member's week is dealt with.
 */
@Entity('weekly_digest')
export class WeeklyDigest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  /** "2026-W50", in the space's zone. */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  week: string;

  @Column()
  queuedAt: Date;
}
