import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The token in `<local>+<token>@<domain>`: a reply sent to it is that member's answer to that event. */
@Entity('reply_address')
@Index('IDX_reply_address_member_event', ['memberId', 'eventId'], { unique: true })
export class ReplyAddress {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  token: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column()
  createdAt: Date;
}
