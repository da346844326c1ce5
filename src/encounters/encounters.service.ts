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
import { MonthCount } from './encounter-history';
import { EncounterRecords, TABLE_PLANS_SCOPE } from './encounter-records';
import { PlanningWeek, planTablesInSlices, qualityOf, tablesFor } from './table-planner';
import { TableSeat } from './table-seat.entity';

/** How many later occurrences of a series a plan looks at: about a season of weekly lunches. */
const LOOKAHEAD = 9;
/** A member who met nobody new for this long (or never came) is one a community manager should invite. */
export const ISOLATED_AFTER_DAYS = 60;
const DAY_MS = 24 * 3600 * 1000;
/** Members read at once when the whole community is looked at. */
const MEMBERS_PAGE = 500;

/** A member whom a community manager should invite: never came, or met nobody new lately. */
export interface IsolatedMember {
  memberId: string;
  name: string;
  /** When they last came to an event; absent if never. */
  lastCameAt?: Date;
  /** When they last met someone for the first time; absent if never. */
  lastNewEncounterAt?: Date;
  /** How many people they have met in all. */
  people: number;
}

/** Someone a member met, as their page shows them. */
export interface PersonMet extends EncounterResponse {
  name: string;
  skills: string[];
  company: string | null;
}

/**
 * Table plans and the encounters they make (EncounterRecords says who met whom), and what they tell: whom a member
 * met, how many of an event's people a member has not met, new encounters per month, the isolated members.
 */
@Injectable()
export class EncountersService {
  constructor(
    @InjectRepository(TableSeat) private readonly seats: Repository<TableSeat>,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly records: EncounterRecords,
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
    const history = await this.records.history();
    const plan = await planTablesInSlices({ weeks, met: history.timesMet(), seed });
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
      { touches: [TABLE_PLANS_SCOPE] },
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
    const met = (await this.records.history()).before(event.startsAt).timesMet();
    const tables = tablesOf(seats, event.hostIds ?? []);
    const quality = qualityOf(tables, met);
    return { ...this.response(eventId, tables, seats[0].plannedAt), ...quality, seed: null };
  }

  /** Whom a member met, how many times, when first and last, most met first. */
  async encountersOf(memberId: string): Promise<EncounterResponse[]> {
    await this.members.profile(memberId);
    const met = (await this.records.history()).of(memberId);
    return [...met]
      .map(([other, meeting]) => ({ memberId: other, ...meeting }))
      .sort((x, y) => y.times - x.times || y.lastMetAt.getTime() - x.lastMetAt.getTime());
  }

  /** The people a member met, with who they are (name, trades, company), most met first. */
  async peopleMetBy(memberId: string): Promise<PersonMet[]> {
    const encounters = await this.encountersOf(memberId);
    const people = new Map((await this.members.getMany(encounters.map((e) => e.memberId))).map((m) => [m.id, m]));
    return encounters.flatMap((encounter) => {
      const person = people.get(encounter.memberId);
      return person ? [{ ...encounter, name: person.name, skills: person.skills, company: person.company }] : [];
    });
  }

  /**
   * How many of the members going to the event each member has never met, by member id: what their invitations tell
   * them, with one read of who is going.
   */
  async notMetGoingTo(eventId: string, memberIds: string[]): Promise<Map<string, number>> {
    const going = new Set(await this.registrations.memberIds(eventId, ['going']));
    const history = await this.records.history();
    return new Map(memberIds.map((memberId) => [memberId, history.notMetAmong(memberId, going)]));
  }

  /** New encounters (pairs who met for the first time) in each of the last `months` months, in the space's zone. */
  async newPerMonth(months: number, zone: string): Promise<MonthCount[]> {
    return (await this.records.history()).newPerMonth(this.clock.now(), months, zone);
  }

  /**
   * The members (guests aside: they come from outside) who met nobody new in the last ISOLATED_AFTER_DAYS days,
   * or never came, by name.
   */
  async isolated(): Promise<IsolatedMember[]> {
    const history = await this.records.history();
    const since = new Date(this.clock.now().getTime() - ISOLATED_AFTER_DAYS * DAY_MS);
    const isolated: IsolatedMember[] = [];
    for (let offset = 0, total = 1; offset < total; offset += MEMBERS_PAGE) {
      const page = await this.members.list({ limit: MEMBERS_PAGE, offset });
      total = page.total;
      for (const member of page.members) {
        const lastNewEncounterAt = history.lastNewEncounterOf(member.id);
        if (member.membership === 'guest' || (lastNewEncounterAt && lastNewEncounterAt >= since)) continue;
        isolated.push({
          memberId: member.id,
          name: member.name,
          lastCameAt: history.lastCameAt(member.id),
          lastNewEncounterAt,
          people: history.of(member.id).size,
        });
      }
    }
    return isolated;
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
