import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { EncounterResponse, TablePlanRequest, TablePlanResponse } from './encounter.dto';
import { pairKey, PlanningWeek, planTablesInSlices, qualityOf, tablesFor } from './table-planner';
import { TableSeat } from './table-seat.entity';

/** How many later occurrences of a series a plan looks at: about a season of weekly lunches. */
const LOOKAHEAD = 9;
/**
 * At an event without a table plan, people who came are taken to have met when they could all sit at one table;
 * beyond that nobody can tell who sat with whom, and nothing is recorded. A workclub session (four people) is such an
 * event.
 */
export const ONE_TABLE = 8;

interface Meeting {
  times: number;
  lastMetAt: Date;
}

/**
 * Table plans and the encounters they make. Members checked in at the same table of an event have met; at an event
 * without a plan, those checked in have met if at most ONE_TABLE came.
 */
@Injectable()
export class EncountersService {
  constructor(
    @InjectRepository(TableSeat) private readonly seats: Repository<TableSeat>,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * Seats every going member of the event, hosts at different tables, so that people who have not met sit
   * together. The plan also looks at the later occurrences of the series (who is registered there) and keeps a
   * tentative seating for them, where their own plan will start from. Asking again replaces the plan.
   */
  async plan(eventId: string, request: TablePlanRequest): Promise<TablePlanResponse> {
    if ((request.tableSize === undefined) === (request.tables === undefined)) {
      throw invalidField(request.tableSize === undefined ? 'tableSize' : 'tables', 'give either tableSize or tables');
    }
    const event = await this.events.get(eventId);
    if (event.status === 'cancelled') {
      throw new DomainError(ErrorCode.EVENT_CANCELLED, `Event "${event.title}" is cancelled: it needs no table plan`);
    }
    const later = await this.laterOccurrences(event);
    const existing = await this.seats.findBy({ eventId: In([event.id, ...later.map((occurrence) => occurrence.id)]) });
    const weeks: PlanningWeek[] = [];
    for (const occurrence of [event, ...later]) {
      const memberIds = await this.registrations.memberIds(occurrence.id, ['going']);
      const seats = existing.filter(
        (seat) => seat.eventId === occurrence.id && (occurrence !== event || seat.tentative),
      );
      weeks.push({
        memberIds,
        hostIds: occurrence.hostIds ?? [],
        tables: request.tables ?? tablesFor(memberIds.length, request.tableSize!),
        start: seats.length ? tablesOf(seats, []) : undefined,
      });
    }
    const seed = request.seed ?? randomInt(2 ** 31 - 1);
    const plan = await planTablesInSlices({ weeks, met: await this.timesMet(), seed });
    const plannedAt = this.clock.now();
    const final = new Set(existing.filter((seat) => !seat.tentative).map((seat) => seat.eventId));
    await this.transactions.run(
      async (manager) => {
        await manager.delete(TableSeat, { eventId: event.id });
        const ahead = later.filter((occurrence) => !final.has(occurrence.id));
        if (ahead.length) await manager.delete(TableSeat, { eventId: In(ahead.map((occurrence) => occurrence.id)) });
        const rows = [event, ...later].flatMap((occurrence, w) =>
          occurrence === event || !final.has(occurrence.id)
            ? plan.weeks[w].flatMap((table, index) =>
                table.map((memberId) => ({
                  eventId: occurrence.id,
                  memberId,
                  tableNumber: index + 1,
                  tentative: occurrence !== event,
                  plannedAt,
                })),
              )
            : [],
        );
        if (rows.length) await manager.insert(TableSeat, rows);
      },
      { touches: [] },
    );
    return {
      ...this.response(event.id, plan.tables, plannedAt),
      newPairs: plan.newPairs,
      repeatedPairs: plan.repeatedPairs,
      seed,
    };
  }

  async get(eventId: string): Promise<TablePlanResponse> {
    const event = await this.events.get(eventId);
    const seats = await this.seats.findBy({ eventId, tentative: false });
    if (seats.length === 0) throw notFound('Table plan of event', eventId);
    const met = await this.meetings({ before: event.startsAt });
    const tables = tablesOf(seats, event.hostIds ?? []);
    const quality = qualityOf(tables, new Map([...met].map(([pair, meeting]) => [pair, meeting.times])));
    return { ...this.response(eventId, tables, seats[0].plannedAt), ...quality, seed: null };
  }

  /** Whom a member met, how many times and when last, most met first. */
  async encountersOf(memberId: string): Promise<EncounterResponse[]> {
    await this.members.profile(memberId);
    const encounters: EncounterResponse[] = [];
    for (const [pair, meeting] of await this.meetings()) {
      const [a, b] = pair.split(':');
      if (a === memberId || b === memberId) encounters.push({ memberId: a === memberId ? b : a, ...meeting });
    }
    return encounters.sort((x, y) => y.times - x.times || y.lastMetAt.getTime() - x.lastMetAt.getTime());
  }

  /** How many times each pair met, as the planner reads it. */
  private async timesMet(options: { before?: Date } = {}): Promise<Map<string, number>> {
    return new Map([...(await this.meetings(options))].map(([pair, meeting]) => [pair, meeting.times]));
  }

  /** Every pair that met, from the check-ins (of events that started before `before`, when given). */
  private async meetings({ before }: { before?: Date } = {}): Promise<Map<string, Meeting>> {
    const checkIns = await this.registrations.checkIns();
    const byEvent = new Map<string, string[]>();
    for (const { eventId, memberId } of checkIns) byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), memberId]);
    const events = await this.events.summaries([...byEvent.keys()]);
    const seats = byEvent.size ? await this.seats.findBy({ eventId: In([...byEvent.keys()]), tentative: false }) : [];
    const tableOf = new Map(seats.map((seat) => [`${seat.eventId}:${seat.memberId}`, seat.tableNumber]));
    const planned = new Set(seats.map((seat) => seat.eventId));
    const meetings = new Map<string, Meeting>();
    for (const [eventId, came] of byEvent) {
      const at = events.get(eventId)?.startsAt;
      if (!at || (before && at >= before)) continue;
      if (!planned.has(eventId) && came.length > ONE_TABLE) continue;
      for (const a of came) {
        for (const b of came) {
          if (a >= b) continue;
          if (planned.has(eventId) && tableOf.get(`${eventId}:${a}`) !== tableOf.get(`${eventId}:${b}`)) continue;
          if (planned.has(eventId) && tableOf.get(`${eventId}:${a}`) === undefined) continue;
          const meeting = meetings.get(pairKey(a, b));
          meetings.set(pairKey(a, b), {
            times: (meeting?.times ?? 0) + 1,
            lastMetAt: meeting && meeting.lastMetAt > at ? meeting.lastMetAt : at,
          });
        }
      }
    }
    return meetings;
  }

  /** The occurrences of the event's series after it, not cancelled, the nearest first. */
  private async laterOccurrences(event: EventResponse): Promise<EventResponse[]> {
    if (!event.seriesId) return [];
    const { events } = await this.events.list({
      seriesId: event.seriesId,
      from: new Date(event.startsAt.getTime() + 1).toISOString(),
      limit: LOOKAHEAD + 5,
      offset: 0,
    });
    return events.filter((occurrence) => occurrence.status !== 'cancelled').slice(0, LOOKAHEAD);
  }

  private response(eventId: string, tables: string[][], plannedAt: Date) {
    return { eventId, tables: tables.map((memberIds, index) => ({ number: index + 1, memberIds })), plannedAt };
  }
}

/** Seats grouped by table number, in table order, hosts first at their table (as the planner gives them). */
function tablesOf(seats: Pick<TableSeat, 'memberId' | 'tableNumber'>[], hostIds: string[]): string[][] {
  const tables: string[][] = [];
  for (const seat of seats) (tables[seat.tableNumber - 1] ??= []).push(seat.memberId);
  const rank = (id: string) => (hostIds.includes(id) ? 0 : 1);
  return tables.filter(Boolean).map((table) => table.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)));
}
