import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which process reads the IMAP mailbox, until when: one reader at a time across processes. */
@Entity('inbox_lease')
export class InboxLease {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  holder: string | null;

  @Column({ nullable: true, type: Date })
  until: Date | null;
}
