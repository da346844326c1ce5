import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { IsOptional, Matches } from 'class-validator';
import { LanguageQuery, localeOf } from '../signin/pages';
import { visitorOf } from '../signin/visitor';
import { sendCachedPage } from './page-cache';
import { audienceOf, PublicPages } from './public-pages';

class HomeQuery extends LanguageQuery {
  @IsOptional()
  @Matches(/^[1-9]\d{0,3}$/, { message: 'page must be a page number from 1' })
  page?: string;
}

/** The space's front door: its coming public events, the public feed, and the way in (or to one's own space). */
@ApiExcludeController()
@Public()
@Controller()
export class HomePageController {
  constructor(private readonly pages: PublicPages) {}

  @Get()
  async show(@Query() { lang, page: number }: HomeQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request);
    const page = await this.pages.home(localeOf(lang, visitor), audienceOf(visitor), Number(number ?? 1));
    return sendCachedPage(request, reply, page!);
  }
}
