import { Inject, Injectable } from '@nestjs/common';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MemberProfile } from '../members/members.service';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { EventViews } from '../pages/event-views';
import { RegistrationsService } from '../registrations/registrations.service';
import { RsvpLinks } from '../registrations/rsvp-links';
import { TemplatesService } from '../templates/templates.service';
import { DigestEntry, DigestService } from './digest.service';

/** A digest's content; the composer adds the envelope and the unsubscribe link that turns the digest off. */
export interface DigestMailContent {
  subject: string;
  template: 'digest';
  context: Record<string, unknown>;
}

/**
 * "This week at <space>", written at send time: the week's events as they are then, the member's answer to each and
 * the RSVP links (a page, then a button: a scanner opening them answers nothing).
 */
@Injectable()
export class DigestMail {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly digest: DigestService,
    private readonly registrations: RegistrationsService,
    private readonly rsvpLinks: RsvpLinks,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
  ) {}

  async content(row: OutboxMessage, member: MemberProfile): Promise<DigestMailContent | { skip: string }> {
    if (!member.mailPreferences.digest) return { skip: 'the member turned the digest off' };
    const entries = await this.digest.entries(member, row.details.week ?? '');
    if (entries.length === 0) return { skip: 'nothing left to come this week' };
    const locale = member.locale;
    const events = [];
    for (const entry of entries) events.push(await this.item(entry, member));
    return {
      subject: this.templates.text(locale, 'digest.subject', { space: this.settings.spaceName }),
      template: 'digest',
      context: {
        intro: this.templates.text(locale, 'digest.intro', { name: member.name, count: events.length }),
        events,
        meUrl: `${this.settings.publicUrl}/me`,
        preferencesUrl: `${this.settings.publicUrl}/me/mail`,
      },
    };
  }

  private async item({ event, status }: DigestEntry, member: MemberProfile) {
    const locale = member.locale;
    // Only a place in the waitlist needs more than the status: its position.
    const position = status === 'waitlisted' ? (await this.registrations.find(event.id, member))?.position : null;
    return {
      event: await this.views.of(event, locale),
      answer: status
        ? this.templates.text(locale, `status.${status}`, { position })
        : this.templates.text(locale, 'digest.noAnswer'),
      answers: this.rsvpLinks.answers(member, event),
      eventUrl: `${this.settings.publicUrl}/events/${event.id}`,
    };
  }
}
