import { Inject, Injectable } from '@nestjs/common';
import { formatWhen } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventsService } from '../events/events.service';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { MemberProfile } from '../members/members.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { RsvpLinks } from '../registrations/rsvp-links';
import { TemplatesService } from '../templates/templates.service';

/**
 * The mail to a member whose calendar said Yes to a full event: their calendar shows "accepted", so this tells them
 * they are on the waitlist, and where.
 */
@Injectable()
export class WaitlistMail {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly rsvpLinks: RsvpLinks,
    private readonly templates: TemplatesService,
  ) {}

  async content(row: OutboxMessage, member: MemberProfile) {
    const registration = await this.registrations.find(row.eventId!, member.id);
    if (registration?.status !== 'waitlisted') return { skip: 'the member is no longer on the waitlist' };
    const event = await this.events.get(row.eventId!);
    const locale = member.locale;
    return {
      subject: this.templates.text(locale, 'mail.waitlisted.subject', { title: event.title }),
      template: 'waitlisted',
      context: {
        intro: this.templates.text(locale, 'mail.waitlisted.intro', {
          name: member.name,
          title: event.title,
          position: registration.position,
        }),
        calendar: this.templates.text(locale, 'mail.waitlisted.calendar'),
        when: formatWhen(event.startsAt, event.endsAt, event.timezone!, locale),
        answerUrl: this.rsvpLinks.url(member, event),
        eventUrl: `${this.settings.publicUrl}/events/${event.id}`,
      },
    };
  }
}
