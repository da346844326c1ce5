import { Injectable } from '@nestjs/common';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { MemberProfile } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { SigninService, VALID_MINUTES } from './signin.service';

/** The sign-in mail: the link and the code, in the member's language. */
@Injectable()
export class SigninMails {
  constructor(
    private readonly signin: SigninService,
    private readonly templates: TemplatesService,
  ) {}

  async content(row: OutboxMessage, member: MemberProfile) {
    const secret = row.details.secret;
    if (!secret?.link || !secret.code) return { skip: 'the sign-in link was already sent or given up' };
    const locale = member.locale;
    return {
      subject: this.templates.text(locale, 'mail.signin.subject', { space: this.templates.spaceName }),
      template: 'signin',
      context: {
        intro: this.templates.text(locale, 'mail.signin.intro', { name: member.name }),
        link: this.signin.linkUrl(secret.link),
        code: secret.code,
        minutes: VALID_MINUTES,
      },
    };
  }
}
