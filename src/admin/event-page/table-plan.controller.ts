import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { TablePlanRequest, TablePlanResponse } from '../../encounters/encounter.dto';
import { EncountersService } from '../../encounters/encounters.service';
import { EventResponse } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { FieldError } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AllMembers } from './all-members';
import { TablePlanForm } from './event-page.forms';
import { fieldError, refusalOf } from './refusals';

/** What the form offers before any plan: tables of four, the size of a lunch conversation. */
const TABLE_SIZE = '4';

/**
 * The table plan of an event, printable on A4: one card per table with each person's name and trade, and the form
 * that (re)makes the plan through the encounters' planner, as `POST /api/events/:id/table-plan` does.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class TablePlanController {
  constructor(
    private readonly events: EventsService,
    private readonly encounters: EncountersService,
    private readonly allMembers: AllMembers,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get(':id/table-plan')
  async show(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, await this.events.get(id), { tableSize: TABLE_SIZE, tables: '' }, []);
  }

  @Post(':id/table-plan')
  async plan(
    @IdParam() id: string,
    @Body() form: TablePlanForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    const { locale } = this.pages.organiser(request);
    const typed = { tableSize: form.tableSize?.trim() ?? '', tables: form.tables?.trim() ?? '' };
    const number = (value: string) => (/^\d{1,6}$/.test(value) ? Number(value) : value === '' ? undefined : NaN);
    const asked = plainToInstance(TablePlanRequest, {
      tableSize: number(typed.tableSize),
      tables: number(typed.tables),
    });
    // The API's own bounds, so that the page and the API refuse the same numbers.
    const wrong = validateSync(asked).map((error) =>
      fieldError(this.templates, locale, error.property, `adminEvent.tablePlan.error.${error.property}`),
    );
    if (wrong.length) return this.page(request, reply, event, typed, wrong, 422);
    try {
      await this.encounters.plan(id, asked);
    } catch (error) {
      // The planner takes a table size or a number of tables: neither or both is the one input it refuses.
      const refused =
        error instanceof DomainError && error.code === ErrorCode.INVALID_INPUT
          ? {
              errors: [fieldError(this.templates, locale, 'tableSize', 'adminEvent.tablePlan.error.oneOfTwo')],
              status: 422,
            }
          : refusalOf(error, 'tableSize', locale, this.templates);
      return this.page(request, reply, event, typed, refused.errors, refused.status);
    }
    return reply.header('Cache-Control', 'no-store').redirect(`/admin/events/${id}/table-plan`, 303);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventResponse,
    typed: { tableSize: string; tables: string },
    errors: FieldError[],
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const plan = await this.encounters.get(event.id).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    });
    return this.pages.send(request, reply, {
      name: 'pages/admin/table-plan',
      section: 'events',
      status,
      context: {
        title: this.templates.text(locale, 'adminEvent.tablePlan.title', { title: event.title }),
        errors,
        event: { id: event.id, title: event.title },
        plan: plan && (await this.cards(plan, event.hostIds ?? [])),
        form: typed,
      },
    });
  }

  /** Each table with its people, hosts first, and what each one does. */
  private async cards(plan: TablePlanResponse, hostIds: string[]) {
    const members = new Map((await this.allMembers.list()).map((member) => [member.id, member]));
    return {
      newPairs: plan.newPairs,
      repeatedPairs: plan.repeatedPairs,
      tables: plan.tables.map((table) => ({
        number: table.number,
        people: table.memberIds.map((memberId) => {
          const member = members.get(memberId);
          return {
            name: member?.name ?? '',
            trade: [member?.skills.join(', '), member?.company].filter(Boolean).join(' · '),
            host: hostIds.includes(memberId),
          };
        }),
      })),
    };
  }
}
