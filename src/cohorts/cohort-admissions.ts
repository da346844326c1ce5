import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { MembersService, memberScope } from '../members/members.service';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { CohortMember, CohortMemberStatus } from './cohort-member.entity';
import { CohortResponse, ProjectDto } from './cohort.dto';
import { Cohort } from './cohort.entity';
import { CohortViews } from './cohort-views';

const cohortFull = (cohort: Cohort) =>
  new DomainError(ErrorCode.COHORT_FULL, `Cohort "${cohort.title}" already has its ${cohort.capacity} members`);

/**
 * Who is in a cohort: applications, acceptance under capacity, refusals. An accepted member is enrolled in every
 * session still to come and their welcome mail queued, in one unit of work.
 */
@Injectable()
export class CohortAdmissions {
  constructor(
    private readonly views: CohortViews,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** A member applies with a project; organisers accept or decline. Applying again updates the project. */
  async apply(cohortId: string, input: ProjectDto): Promise<CohortResponse> {
    await this.checkMember(input.memberId);
    await this.transactions.run(
      async (manager) => {
        const cohort = await this.lockCohort(manager, cohortId);
        const place = await manager.findOneBy(CohortMember, { cohortId, memberId: input.memberId });
        if (place?.status === 'accepted')
          throw new DomainError(ErrorCode.ALREADY_MEMBER, `Member ${input.memberId} is already in "${cohort.title}"`);
        await this.writePlace(manager, cohortId, input, 'applied');
      },
      { touches: [] },
    );
    return this.views.get(cohortId);
  }

  /** Organisers add a member directly (accepted at once), or accept an application; never past capacity. */
  async admit(cohortId: string, memberId: string, project?: ProjectDto): Promise<CohortResponse> {
    await this.checkMember(memberId);
    await this.transactions.run(
      async (manager) => {
        const cohort = await this.lockCohort(manager, cohortId);
        const place = await manager.findOneBy(CohortMember, { cohortId, memberId });
        if (place?.status === 'accepted') return;
        if (!place && !project) throw notFound('Application of member', memberId);
        const accepted = await manager.countBy(CohortMember, { cohortId, status: 'accepted' });
        if (accepted >= cohort.capacity) throw cohortFull(cohort);
        await this.writePlace(
          manager,
          cohortId,
          project ?? {
            memberId,
            projectTitle: place!.projectTitle,
            projectGoal: place!.projectGoal,
            helpNeeded: place!.helpNeeded,
          },
          'accepted',
        );
        const sessions = await this.views.sessionsOf(cohort);
        for (const session of sessions.filter((event) => event.startsAt > this.clock.now())) {
          await this.registrations.enroll(manager, session.id, memberId);
        }
        const welcome = { kind: 'cohort-welcome' as const, memberId, eventId: null, details: { cohortId } };
        await this.outbox.enqueue(manager, [welcome]);
      },
      { touches: [memberScope(memberId)] },
    );
    return this.views.get(cohortId);
  }

  async decline(cohortId: string, memberId: string): Promise<CohortResponse> {
    await this.transactions.run(
      async (manager) => {
        await this.lockCohort(manager, cohortId);
        const place = await manager.findOneBy(CohortMember, { cohortId, memberId });
        if (!place) throw notFound('Application of member', memberId);
        if (place.status === 'accepted')
          throw new DomainError(ErrorCode.ALREADY_MEMBER, 'An accepted member cannot be declined');
        await manager.update(CohortMember, { cohortId, memberId }, { status: 'declined', decidedAt: this.clock.now() });
      },
      { touches: [] },
    );
    return this.views.get(cohortId);
  }

  private async lockCohort(manager: EntityManager, id: string): Promise<Cohort> {
    const cohort = await this.transactions.lock(manager, Cohort, id);
    if (!cohort) throw notFound('Cohort', id);
    return cohort;
  }

  private async checkMember(memberId: string): Promise<void> {
    if ((await this.members.unknownIds([memberId])).length)
      throw invalidField('memberId', `${memberId} names no member`);
  }

  private async writePlace(manager: EntityManager, cohortId: string, project: ProjectDto, status: CohortMemberStatus) {
    const now = this.clock.now();
    await manager.upsert(
      CohortMember,
      {
        cohortId,
        memberId: project.memberId,
        status,
        projectTitle: project.projectTitle,
        projectGoal: project.projectGoal ?? null,
        helpNeeded: project.helpNeeded ?? null,
        appliedAt: now,
        decidedAt: status === 'applied' ? null : now,
      },
      ['cohortId', 'memberId'],
    );
  }
}
