import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Event } from '../events/event.entity';
import { MailDetails, MailKind } from '../outbox/outbox-message.entity';
import { OutboxService } from '../outbox/outbox.service';
import { promotions } from '../registrations/answers';
import { RegistrationsService } from '../registrations/registrations.service';
import { Invitation } from './invitation.entity';

/** Who hears of a change to an event, queued in the unit of work that makes the change. */
@Injectable()
export class EventMails {
  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
  ) {}

  /** Time or place changed: everyone invited or who answered (but declined) hears what changed. */
  moved(manager: EntityManager, before: Event, after: Event): Promise<void> {
    const details: MailDetails = {};
    const times = (event: Event) => ({
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timezone: event.timezone,
    });
    if (
      before.startsAt.getTime() !== after.startsAt.getTime() ||
      before.endsAt.getTime() !== after.endsAt.getTime() ||
      before.timezone !== after.timezone
    ) {
      details.when = { from: times(before), to: times(after) };
    }
    if (before.roomId !== after.roomId || before.location !== after.location) {
      details.where = {
        from: { roomId: before.roomId, location: before.location },
        to: { roomId: after.roomId, location: after.location },
      };
    }
    return this.toConcerned(manager, after, 'update', details);
  }

  cancelled(manager: EntityManager, event: Event): Promise<void> {
    return this.toConcerned(manager, event, 'cancellation');
  }

  /** The quorum's outcome concerns the members who answered yes or maybe. */
  async quorumDecided(manager: EntityManager, event: Event, reached: boolean): Promise<void> {
    const answered = await this.registrations.memberIds(event.id, ['going', 'waitlisted', 'maybe']);
    const kind: MailKind = reached ? 'quorum-reached' : 'quorum-missed';
    await this.outbox.enqueue(
      manager,
      answered.map((memberId) => ({ kind, memberId, eventId: event.id })),
    );
  }

  promoted(manager: EntityManager, eventId: string, memberIds: string[]): Promise<void> {
    return this.outbox.enqueue(manager, promotions(eventId, memberIds));
  }

  /** Invitees and members who answered anything but no. */
  private async toConcerned(manager: EntityManager, event: Event, kind: MailKind, details?: MailDetails) {
    const invited = (await this.invitations.find({ where: { eventId: event.id }, select: { memberId: true } })).map(
      (i) => i.memberId,
    );
    const declined = new Set(await this.registrations.memberIds(event.id, ['declined']));
    const answered = await this.registrations.memberIds(event.id, ['going', 'waitlisted', 'maybe']);
    const concerned = [...new Set([...invited, ...answered])].filter((id) => !declined.has(id));
    await this.outbox.enqueue(
      manager,
      concerned.map((memberId) => ({ kind, memberId, eventId: event.id, details })),
    );
  }
}
