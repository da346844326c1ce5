import { Controller, Get, Inject, NotFoundException, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { ThisMachineOnlyGuard } from '../auth/this-machine-only.guard';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { TemplatesService } from '../templates/templates.service';
import { MailTransport } from './mail-transport';
import { OutboxService } from '../outbox/outbox.service';

/**
 * Without SMTP_URL, the mails written under MAIL_DIR, listed so that a newcomer can open them and click their links.
 * Only for this machine (the links carry members' tokens), and only while mail goes to files.
 */
@ApiExcludeController()
@Public()
@UseGuards(ThisMachineOnlyGuard)
@Controller('mail')
export class LocalMailboxController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  async list(@Res() reply: FastifyReply) {
    this.assertWritingFiles();
    const mails = (await this.outbox.sentLocally(200)).map((mail) => ({
      ...mail,
      // In the space's zone, as people there read a clock.
      sentAt:
        mail.sentAt &&
        DateTime.fromJSDate(mail.sentAt, { zone: this.settings.timezone })
          .setLocale('fr')
          .toFormat('cccc d LLLL yyyy, HH:mm'),
    }));
    const context = { title: this.templates.text('fr', 'mailbox.title'), dir: this.settings.mailDir, mails };
    return reply
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/mailbox', 'fr', context, 'pages/layout'));
  }

  @Get(':id')
  async show(@IdParam() id: string, @Res() reply: FastifyReply) {
    this.assertWritingFiles();
    const html = await readFile(join(this.settings.mailDir, `${id}.html`), 'utf8').catch(() => {
      throw new NotFoundException();
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }

  private assertWritingFiles(): void {
    if (!this.transport.writesFiles) throw new NotFoundException();
  }
}
