import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member's short progress note for one session of their cohort. */
@Entity('session_note')
export class SessionNote {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 36 })
  cohortId: string;

  @Column({ type: 'text' })
  note: string;

  @Column()
  updatedAt: Date;
}
