import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { CreateEventDto, EditScope, EventResponse, UpdateEventDto } from '../events/event.dto';
import { Event } from '../events/event.entity';
import { EventFields } from '../events/event-fields';
import { EventEdit, EventWrites } from '../events/event-writes';
import { EventsService } from '../events/events.service';
import { Quorums } from '../events/quorums';
import { EventMails } from '../mailing/event-mails';
import { RegistrationsService } from '../registrations/registrations.service';

/** The scopes of derived data a change to events touches: every feed's events, and the members whose status moved. */
export function touchedBy(memberIds: Iterable<string>, events: Pick<Event, 'cohortId'>[] = []): string[] {
  const cohorts = events.flatMap((event) => (event.cohortId ? [`cohort:${event.cohortId}`] : []));
  return ['events', ...[...memberIds].map((id) => `member:${id}`), ...cohorts];
}

/**
 * Organisers create, edit and cancel events, and quorums are decided. What follows each change happens in its
 * unit of work, in this order: invitees hear that it moved or was cancelled, hosts take their seats, freed seats go
 * to the waitlist (whose members hear of it).
 */
@Injectable()
export class EventChanges {
  constructor(
    private readonly events: EventsService,
    private readonly writes: EventWrites,
    private readonly quorums: Quorums,
    private readonly registrations: RegistrationsService,
    private readonly mails: EventMails,
    private readonly transactions: Transactions,
  ) {}

  resolve(input: CreateEventDto): Promise<EventFields> {
    return this.writes.resolve(input);
  }

  async create(input: CreateEventDto): Promise<EventResponse> {
    const fields = await this.writes.resolve(input);
    const event = await this.transactions.run((manager) => this.insert(manager, fields), {
      touches: touchedBy(fields.hostIds),
    });
    return this.events.get(event.id);
  }

  /** A new event (alone, or an occurrence of a series) with its hosts seated. */
  async insert(manager: EntityManager, fields: EventFields, belongsTo: { seriesId?: string } = {}): Promise<Event> {
    const event = await this.writes.insert(manager, fields, belongsTo);
    if (fields.hostIds.length) await this.registrations.seatHosts(manager, event.id, fields.hostIds);
    return event;
  }

  /** Edits one event, or (scope `following`) an occurrence and every later one of its series. */
  async update(id: string, changes: UpdateEventDto, scope: EditScope): Promise<EventResponse> {
    const prepared = await this.writes.prepareEdit(id, changes);
    await this.transactions.run(
      async (manager) => {
        const edits = await this.writes.edit(manager, prepared, changes, scope);
        const moved: string[] = [];
        for (const edit of edits) moved.push(...(await this.follow(manager, edit)));
        return touchedBy(
          moved,
          edits.map((edit) => edit.after),
        );
      },
      { touches: (scopes) => scopes },
    );
    return this.events.get(id);
  }

  async cancel(id: string, reason: string | undefined): Promise<EventResponse> {
    await this.transactions.run(
      async (manager) => {
        const event = await this.writes.lock(manager, id);
        if (event.status === 'cancelled') return [];
        await this.markCancelled(manager, [event], reason);
        return touchedBy([], [event]);
      },
      { touches: (scopes) => scopes },
    );
    return this.events.get(id);
  }

  /** Cancels events (SEQUENCE+1, so calendars drop them) and tells whoever is concerned. */
  async markCancelled(manager: EntityManager, events: Event[], reason: string | undefined): Promise<void> {
    for (const event of await this.writes.cancel(manager, events, reason)) await this.mails.cancelled(manager, event);
  }

  /** Decides every quorum whose deadline has passed, each in its own unit of work. */
  async decideQuorums(): Promise<void> {
    for (const id of await this.quorums.due()) {
      await this.transactions.run(
        async (manager) => {
          const outcome = await this.quorums.decide(manager, id);
          if (!outcome) return [];
          await this.mails.quorumDecided(manager, outcome.event, outcome.reached);
          return touchedBy([], [outcome.event]);
        },
        { touches: (scopes) => scopes },
      );
    }
  }

  /** What follows an edit; returns the members whose status changed. */
  private async follow(manager: EntityManager, edit: EventEdit): Promise<string[]> {
    if (edit.moved) await this.mails.moved(manager, edit.before, edit.after);
    const seated = edit.hostsChanged ? await this.registrations.seatHosts(manager, edit.after.id, edit.hostIds) : [];
    const promoted = edit.seatsAdded ? await this.registrations.fillFreedSeats(manager, edit.after.id) : [];
    await this.mails.promoted(manager, edit.after.id, promoted);
    return [...seated, ...promoted];
  }
}
