import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { EntityManager, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { CreateSeriesDto, ExtendSeriesDto, SeriesResponse } from '../events/event.dto';
import { Event } from '../events/event.entity';
import { EventHost } from '../events/event-host.entity';
import { asInput, EventFields, resolveFields } from '../events/event-fields';
import { MAX_OCCURRENCES, occurrenceStarts, RecurrenceError, withEnd } from '../events/recurrence';
import { Series } from '../events/series.entity';
import { EventChanges, touchedBy } from './event-changes';

@Injectable()
export class SeriesService {
  constructor(
    @InjectRepository(Series) private readonly series: Repository<Series>,
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventHost) private readonly hosts: Repository<EventHost>,
    private readonly eventsService: EventChanges,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Creates the series and every occurrence at once; one that collides in its room refuses the whole series. */
  async create(input: CreateSeriesDto): Promise<SeriesResponse> {
    const { rrule, ...first } = input;
    const fields = await this.eventsService.resolve(first);
    const starts = expand(rrule, fields.startsAt);
    const now = this.clock.now();
    const series = this.series.create({
      id: randomUUID(),
      rrule: rrule.replace(/^RRULE:/i, ''),
      firstStartsAt: fields.startsAt.toJSDate(),
      timezone: fields.timezone,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run(
      async (manager) => {
        await manager.insert(Series, series);
        await this.insertOccurrences(manager, series.id, fields, starts);
      },
      { touches: touchedBy(fields.hostIds) },
    );
    return this.get(series.id);
  }

  /** The occurrences a series would have, checked as `create` checks them (room bookings aside), writing nothing. */
  async preview(input: CreateSeriesDto): Promise<{ startsAt: DateTime; endsAt: DateTime }[]> {
    const { rrule, ...first } = input;
    const fields = await this.eventsService.resolve(first);
    const length = fields.endsAt.diff(fields.startsAt);
    return expand(rrule, fields.startsAt).map((startsAt) => ({ startsAt, endsAt: startsAt.plus(length) }));
  }

  async get(id: string): Promise<SeriesResponse> {
    const series = await this.series.findOneBy({ id });
    if (!series) throw notFound('Series', id);
    const occurrences = await this.events.find({ where: { seriesId: id }, order: { startsAt: 'ASC' } });
    return {
      id: series.id,
      rrule: series.rrule,
      timezone: series.timezone,
      occurrences: occurrences.map(({ id, startsAt, endsAt, status }) => ({ id, startsAt, endsAt, status })),
    };
  }

  /**
   * Adds occurrences after the last one, following the rule from there (so an edit of "this and following"
   * carries on), each a copy of the last occurrence. `count` is how many occurrences to add (not the new total);
   * `until` the last possible start.
   */
  async extend(id: string, input: ExtendSeriesDto): Promise<SeriesResponse> {
    if ((input.count === undefined) === (input.until === undefined)) {
      throw invalidField(input.count === undefined ? 'count' : 'until', 'give either count or until');
    }
    const series = await this.series.findOneBy({ id });
    if (!series) throw notFound('Series', id);
    const all = await this.events.find({ where: { seriesId: id }, order: { startsAt: 'ASC' } });
    const last = all[all.length - 1];
    if (!last) throw new DomainError(ErrorCode.SERIES_EMPTY, `Series ${id} has no occurrence to carry on from`);
    if (input.count && all.length + input.count > MAX_OCCURRENCES) {
      throw invalidField('count', `a series holds at most ${MAX_OCCURRENCES} occurrences (it has ${all.length})`);
    }
    const lastFields = resolveFields(
      asInput(
        last,
        (await this.hosts.findBy({ eventId: last.id })).map((host) => host.memberId),
      ),
      series.timezone,
    );
    const until = input.until ? DateTime.fromISO(input.until) : undefined;
    if (until && until <= lastFields.startsAt) throw invalidField('until', 'must be after the last occurrence');
    const rule = withEnd(series.rrule, { count: input.count && input.count + 1, until });
    const added = expand(rule, lastFields.startsAt, input.count ? 'count' : 'until')
      .filter((start) => start > lastFields.startsAt)
      .slice(0, input.count);
    if (all.length + added.length > MAX_OCCURRENCES) {
      throw invalidField(input.count ? 'count' : 'until', `a series holds at most ${MAX_OCCURRENCES} occurrences`);
    }
    await this.transactions.run(
      async (manager) => {
        await this.insertOccurrences(manager, id, lastFields, added);
        const newRule = withEnd(series.rrule, input.count ? { count: all.length + added.length } : { until });
        await manager.update(Series, { id }, { rrule: newRule, updatedAt: this.clock.now() });
      },
      { touches: touchedBy(lastFields.hostIds) },
    );
    return this.get(id);
  }

  /** Cancels every occurrence still to come. */
  async cancel(id: string, reason: string | undefined): Promise<SeriesResponse> {
    if (!(await this.series.existsBy({ id }))) throw notFound('Series', id);
    await this.transactions.run(
      async (manager) => {
        const coming = await manager.find(Event, {
          where: { seriesId: id, status: Not('cancelled'), startsAt: MoreThanOrEqual(this.clock.now()) },
        });
        await this.eventsService.markCancelled(manager, coming, reason);
      },
      { touches: touchedBy([]) },
    );
    return this.get(id);
  }

  /** Each occurrence keeps the first one's wall-clock length and quorum distance. */
  private async insertOccurrences(manager: EntityManager, seriesId: string, first: EventFields, starts: DateTime[]) {
    const length = first.endsAt.diff(first.startsAt);
    const quorum = first.quorumDeadline?.diff(first.startsAt);
    for (const startsAt of starts) {
      const quorumDeadline = quorum ? startsAt.plus(quorum) : null;
      await this.eventsService.insert(
        manager,
        { ...first, startsAt, endsAt: startsAt.plus(length), quorumDeadline },
        { seriesId },
      );
    }
  }
}

/** Expands a rule, turning a bad one into a 400 that names the field. */
function expand(rule: string, firstStart: DateTime, field = 'rrule'): DateTime[] {
  try {
    return occurrenceStarts(rule, firstStart);
  } catch (error) {
    if (error instanceof RecurrenceError) throw invalidField(field, error.message);
    throw error;
  }
}
