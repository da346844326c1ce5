import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ChangeLog } from '../database/change-log';
import { EventsService } from '../events/events.service';
import { CHECK_INS_SCOPE, RegistrationsService } from '../registrations/registrations.service';
import { EncounterHistory, Gathering } from './encounter-history';
import { TableSeat } from './table-seat.entity';

/**
 * At an event without a table plan, people who came are taken to have met when they could all sit at one table;
 * beyond that nobody can tell who sat with whom, and nothing is recorded. A workclub session (four people) is such an
 * event.
 */
export const ONE_TABLE = 8;

/** The scope of derived data (ChangeLog) that a new table plan moves: who sat with whom. */
export const TABLE_PLANS_SCOPE = 'table-plans';

/** What the history is derived from: check-ins, table plans, and the events' dates (ChangeLog's `events`). */
const WATCHED = [CHECK_INS_SCOPE, TABLE_PLANS_SCOPE, 'events'];

/**
 * Who met whom, read from every check-in. Mails, pages and plans all ask for it, so it is read once and kept until a
 * check-in, a plan or an event changes in this process; another process's writes (several servers on one PostgreSQL)
 * show within MAX_AGE_MS.
 */
@Injectable()
export class EncounterRecords {
  static readonly MAX_AGE_MS = 60_000;
  private cached: { seen: number[]; builtAt: number; history: Promise<EncounterHistory> } | undefined;

  constructor(
    @InjectRepository(TableSeat) private readonly seats: Repository<TableSeat>,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly changes: ChangeLog,
  ) {}

  history(): Promise<EncounterHistory> {
    // The versions are taken before reading, so that a write committed while reading makes the next call read again.
    const seen = WATCHED.map((scope) => this.changes.version(scope));
    const cached = this.cached;
    const fresh = cached && Date.now() - cached.builtAt < EncounterRecords.MAX_AGE_MS;
    if (fresh && cached.seen.every((version, index) => version === seen[index])) return cached.history;
    const history = this.read();
    this.cached = { seen, builtAt: Date.now(), history };
    history.catch(() => {
      if (this.cached?.history === history) this.cached = undefined;
    });
    return history;
  }

  /**
   * Members checked in at the same table of an event have met; at an event without a plan, those checked in have met
   * if at most ONE_TABLE came.
   */
  private async read(): Promise<EncounterHistory> {
    const byEvent = new Map<string, string[]>();
    for (const { eventId, memberId } of await this.registrations.checkIns()) {
      const came = byEvent.get(eventId);
      if (came) came.push(memberId);
      else byEvent.set(eventId, [memberId]);
    }
    const eventIds = [...byEvent.keys()];
    const events = await this.events.summaries(eventIds);
    const seats = eventIds.length ? await this.seats.findBy({ eventId: In(eventIds), tentative: false }) : [];
    const tableOf = new Map(seats.map((seat) => [`${seat.eventId}:${seat.memberId}`, seat.tableNumber]));
    const planned = new Set(seats.map((seat) => seat.eventId));
    const gatherings: Gathering[] = [];
    for (const [eventId, came] of byEvent) {
      const at = events.get(eventId)?.startsAt;
      if (!at) continue;
      if (!planned.has(eventId)) {
        gatherings.push({ at, came, groups: came.length <= ONE_TABLE ? [came] : [] });
        continue;
      }
      const tables = new Map<number, string[]>();
      for (const memberId of came) {
        const table = tableOf.get(`${eventId}:${memberId}`);
        if (table !== undefined) tables.set(table, [...(tables.get(table) ?? []), memberId]);
      }
      gatherings.push({ at, came, groups: [...tables.values()] });
    }
    return new EncounterHistory(gatherings);
  }
}
