import { Column, Entity, PrimaryColumn } from 'typeorm';

/** That a member was invited to an event: invitees hear of every change to it. */
@Entity('invitation')
export class Invitation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  @Column()
  invitedAt: Date;

  @Column({ type: 'integer' })
  sends: number;
}
