import { Inject, Injectable } from '@nestjs/common';
import { CohortsService } from '../../cohorts/cohorts.service';
import { Clock } from '../../common/clock';
import { Locale } from '../../common/locale';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { weekOf } from '../../digest/digest-week';
import { EventQuery, EventResponse } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { MailComposer } from '../../mailing/mail-composer';
import { MembersService } from '../../members/members.service';
import { MailDetails, MailKind, OutboxMessage } from '../../outbox/outbox-message.entity';
import { RegistrationsService } from '../../registrations/registrations.service';

/** Events looked at for a sample (the next ones to come). */
const SAMPLES_LOOKED_AT = 50;
const DAY_MS = 86_400_000;

/** A mail as its reader would get it, or why there is nothing to show it with yet. */
export type MailPreview = { subject: string; text: string; html: string } | { missing: string };

/**
 * Each kind of mail written by the mail composer itself, as it would go out, to the organiser who asks, in the language
 * they choose: about the next event on the calendar (or the latest cohort), never sent and never recorded.
 */
@Injectable()
export class MailPreviews {
  constructor(
    private readonly composer: MailComposer,
    private readonly events: EventsService,
    private readonly cohorts: CohortsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async of(kind: MailKind, locale: Locale, readerId: string): Promise<MailPreview> {
    const sample = await this.sample(kind, readerId);
    if ('missing' in sample) return sample;
    const [profile] = await this.members.profiles([sample.memberId]);
    const row: OutboxMessage = {
      id: '00000000-0000-4000-8000-000000000000',
      kind,
      memberId: sample.memberId,
      eventId: sample.eventId,
      details: sample.details,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: this.clock.now(),
      claimedUntil: null,
      claimedBy: null,
      lastError: null,
      recipient: null,
      subject: null,
      createdAt: this.clock.now(),
      sentAt: null,
    };
    // Shown as it would go out, whatever mail the organiser chose to receive.
    const mailPreferences = { invitations: true, reminders: true, digest: true };
    const mail = await this.composer.compose(row, { ...profile, locale, mailPreferences });
    if ('skip' in mail) return { missing: kind === 'digest' ? 'week' : 'event' };
    return { subject: String(mail.subject), text: String(mail.text), html: String(mail.html) };
  }

  /** Who the sample mail is to, and about what; a waitlist mail needs someone on a waitlist. */
  private async sample(
    kind: MailKind,
    readerId: string,
  ): Promise<{ memberId: string; eventId: string | null; details: MailDetails } | { missing: string }> {
    switch (kind) {
      case 'signin':
        return { memberId: readerId, eventId: null, details: { secret: { link: 'preview', code: '123456' } } };
      case 'cohort-welcome':
      case 'cohort-summary': {
        const [cohort] = await this.cohorts.list();
        return cohort ? { memberId: readerId, eventId: null, details: { cohortId: cohort.id } } : { missing: 'cohort' };
      }
      case 'digest':
        return {
          memberId: readerId,
          eventId: null,
          details: { week: weekOf(this.clock.now(), this.settings.timezone).key },
        };
      case 'waitlisted': {
        const event = (await this.upcoming()).find((one) => one.counts.waitlisted > 0);
        const [memberId] = event ? await this.registrations.memberIds(event.id, ['waitlisted']) : [];
        return event && memberId ? { memberId, eventId: event.id, details: {} } : { missing: 'waitlist' };
      }
      default: {
        const event = (await this.upcoming()).find((one) => one.status !== 'cancelled' && !one.cohortId);
        if (!event) return { missing: 'event' };
        return { memberId: readerId, eventId: event.id, details: kind === 'update' ? this.moved(event) : {} };
      }
    }
  }

  private async upcoming(): Promise<EventResponse[]> {
    const query = { from: this.clock.now().toISOString(), limit: SAMPLES_LOOKED_AT, offset: 0 } as EventQuery;
    return (await this.events.list(query)).events;
  }

  /** An update's "what changed": as if the event had been moved from the day before. */
  private moved(event: EventResponse): MailDetails {
    const times = (shift: number) => ({
      startsAt: new Date(event.startsAt.getTime() - shift).toISOString(),
      endsAt: new Date(event.endsAt.getTime() - shift).toISOString(),
      timezone: event.timezone!,
    });
    return { when: { from: times(DAY_MS), to: times(0) } };
  }
}
