import { Column, Entity, PrimaryColumn } from 'typeorm';

export const COHORT_MEMBER_STATUSES = ['applied', 'accepted', 'declined'] as const;
export type CohortMemberStatus = (typeof COHORT_MEMBER_STATUSES)[number];

/** A member's place in a cohort, with the project they bring. */
@Entity('cohort_member')
export class CohortMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  cohortId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 16 })
  status: CohortMemberStatus;

  @Column({ type: 'varchar', length: 200 })
  projectTitle: string;

  @Column({ type: 'text', nullable: true })
  projectGoal: string | null;

  /** What help they need from the others' network and outside eye. */
  @Column({ type: 'text', nullable: true })
  helpNeeded: string | null;

  @Column()
  appliedAt: Date;

  @Column({ nullable: true, type: Date })
  decidedAt: Date | null;
}
