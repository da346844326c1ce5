import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One "send me a sign-in mail": kept for every ask, known address or not, so the limits count both alike. Only
 * hashes are stored: of the address and the client (no list of who tried), of the link token and of the code.
 */
@Entity('signin_request')
@Index('IDX_signin_request_email', ['emailHash', 'createdAt'])
@Index('IDX_signin_request_client', ['clientHash', 'createdAt'])
export class SigninRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  emailHash: string;

  @Column({ type: 'varchar', length: 64 })
  clientHash: string;

  /** Null when the address is no member's: no mail goes out, no link or code exists. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  tokenHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  codeHash: string | null;

  /** Tries of the code, counted before each comparison; the code stops working at MAX_CODE_TRIES. */
  @Column({ type: 'integer', default: 0 })
  codeTries: number;

  @Column()
  expiresAt: Date;

  /** Set by the one sign-in the link or the code allows. */
  @Column({ nullable: true, type: Date })
  usedAt: Date | null;

  @Column()
  createdAt: Date;
}
