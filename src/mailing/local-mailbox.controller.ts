import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { TemplatesService } from '../templates/templates.service';
import { MailTransport } from './mail-transport';
import { OutboxService } from './outbox.service';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Without SMTP_URL, the mails written under MAIL_DIR, listed so that a newcomer can open them and click their links.
 * Only for this machine (the links carry members' tokens), and only while mail goes to files.
 */
@ApiExcludeController()
@Public()
@Controller('mail')
export class LocalMailboxController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.assertLocal(request);
    const mails = (await this.outbox.sentLocally(200)).map((mail) => ({ ...mail, sentAt: mail.sentAt?.toISOString() }));
    const context = { title: this.templates.text('fr', 'mailbox.title'), dir: this.settings.mailDir, mails };
    return reply
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/mailbox', 'fr', context, 'pages/layout'));
  }

  @Get(':id')
  async show(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.assertLocal(request);
    const html = await readFile(join(this.settings.mailDir, `${id}.html`), 'utf8').catch(() => {
      throw new NotFoundException();
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }

  private assertLocal(request: FastifyRequest): void {
    if (!this.transport.writesFiles || !LOOPBACK.has(request.socket.remoteAddress ?? '')) throw new NotFoundException();
  }
}
