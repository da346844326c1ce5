import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random id; only its SHA-256 is kept, as the key. */
@Entity('session')
@Index('IDX_session_member', ['memberId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  idHash: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column()
  createdAt: Date;

  /** The session ends after IDLE_DAYS without a visit; refreshed at most once an hour. */
  @Column()
  lastSeenAt: Date;
}
