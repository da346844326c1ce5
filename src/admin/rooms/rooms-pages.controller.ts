import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noteCreated } from '../../audit/audit.interceptor';
import { Clock } from '../../common/clock';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { EventQuery } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { CreateRoomDto, RoomResponse, UpdateRoomDto } from '../../rooms/room.dto';
import { RoomsService } from '../../rooms/rooms.service';
import { CsrfForm, FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { daysOf, weekName, weekStart } from './room-week';

const ROOM_FIELDS = ['name', 'capacity', 'description'] as const;
type RoomField = (typeof ROOM_FIELDS)[number];
type RoomText = Record<RoomField, string>;

/** More events than a room can hold in a week: the week view stops there. */
const WEEK_EVENTS = 500;

class RoomForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(1000) name?: string;
  @IsOptional() @IsString() @MaxLength(20) capacity?: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

class RoomQuery extends LanguageQuery {
  /** `2026-W50`; a week that is none comes back as an error on the page. */
  @IsOptional() @IsString() @MaxLength(20) week?: string;
  @IsOptional() @IsIn(['created', 'updated']) done?: 'created' | 'updated';
}

/** The organisers' rooms: list, add, edit (the rooms API's rules), and each room's bookings week by week. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/rooms')
export class RoomsPagesController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly rooms: RoomsService,
    private readonly events: EventsService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query() _query: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const rooms = await this.rooms.list();
    return this.pages.send(request, reply, { name: 'pages/admin/rooms', section: 'rooms', context: { rooms } });
  }

  @Get('new')
  newRoom(@Query() _query: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, null, { name: '', capacity: '', description: '' }, []);
  }

  @Post()
  async create(
    @Body() form: RoomForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const text = textOf(form);
    const checked = await check(CreateRoomDto, inputOf(text, false));
    if (!checked.valid) return this.form(request, reply, null, text, this.faults(request, checked.faults), 400);
    try {
      const room = await this.rooms.create(checked.valid);
      noteCreated(request, room.id);
      return see(reply, `/admin/rooms/${room.id}?done=created`);
    } catch (error) {
      if (!isNameTaken(error)) throw error;
      return this.form(request, reply, null, text, [this.nameTaken(request)], 409);
    }
  }

  /** The room's bookings in one week (`?week=2026-W50`, this week by default), and its edit form. */
  @Get(':id')
  async show(
    @IdParam() id: string,
    @Query() { week, done }: RoomQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const room = await this.rooms.get(id);
    return this.form(request, reply, room, textOfRoom(room), [], 200, { week, done: done ?? null });
  }

  @Post(':id')
  async update(
    @IdParam() id: string,
    @Body() form: RoomForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const room = await this.rooms.get(id);
    const text = textOf(form);
    // Left empty on the edit form, the name is refused; capacity and description are cleared.
    const checked = await check(UpdateRoomDto, { ...inputOf(text, true), name: text.name.trim() });
    if (!checked.valid) return this.form(request, reply, room, text, this.faults(request, checked.faults), 400);
    try {
      await this.rooms.update(id, checked.valid);
      return see(reply, `/admin/rooms/${id}?done=updated`);
    } catch (error) {
      if (!isNameTaken(error)) throw error;
      return this.form(request, reply, room, text, [this.nameTaken(request)], 409);
    }
  }

  private async form(
    request: FastifyRequest,
    reply: FastifyReply,
    room: RoomResponse | null,
    values: RoomText,
    errors: FieldError[],
    status = 200,
    shown: { week?: string; done: string | null } = { done: null },
  ) {
    const { locale } = this.pages.organiser(request);
    const context: Record<string, unknown> = { room, values, errors };
    if (room) {
      const zone = this.settings.timezone;
      let monday = weekStart(shown.week, this.clock.now(), zone);
      if (!monday) {
        // A week that is none (2026-W60, "demain"): said at the top, and this week shown instead.
        errors.push({ field: 'week', message: this.templates.text(locale, 'rooms.error.week', { week: shown.week }) });
        status = 400;
        monday = weekStart(undefined, this.clock.now(), zone)!;
      }
      const { events } = await this.events.list({
        roomId: room.id,
        from: monday.toISO()!,
        to: monday.plus({ weeks: 1 }).toISO()!,
        limit: WEEK_EVENTS,
        offset: 0,
      } as EventQuery);
      Object.assign(context, {
        title: room.name,
        done: shown.done ? this.templates.text(locale, `rooms.done.${shown.done}`) : null,
        week: {
          name: weekName(monday),
          label: this.templates.text(locale, 'rooms.week.label', {
            from: monday.setLocale(locale).toFormat('d LLLL'),
            to: monday.plus({ days: 6 }).setLocale(locale).toFormat('d LLLL yyyy'),
          }),
          days: daysOf(monday, events, zone, locale),
          previous: weekName(monday.minus({ weeks: 1 })),
          next: weekName(monday.plus({ weeks: 1 })),
        },
      });
    }
    return this.pages.send(request, reply, {
      name: room ? 'pages/admin/room' : 'pages/admin/room-new',
      section: 'rooms',
      status,
      context,
    });
  }

  private faults(request: FastifyRequest, fields: RoomField[]): FieldError[] {
    const { locale } = this.pages.organiser(request);
    return fields.map((field) => ({ field, message: this.templates.text(locale, `rooms.error.${field}`) }));
  }

  private nameTaken(request: FastifyRequest): FieldError {
    return {
      field: 'name',
      message: this.templates.text(this.pages.organiser(request).locale, 'rooms.error.nameTaken'),
    };
  }
}

/** The API's input from the form: an empty capacity or description is "none" on an edit, "not given" on a new room. */
function inputOf(text: RoomText, clears: boolean): Record<string, unknown> {
  const empty = clears ? null : undefined;
  const capacity = text.capacity.trim();
  const input: Record<string, unknown> = {
    name: text.name.trim() || undefined,
    // "12" is 12; "12 places" or "1.5" stays a string, which the API's rule refuses.
    capacity: capacity === '' ? empty : /^\d+$/.test(capacity) ? Number(capacity) : capacity,
    description: text.description.trim() || empty,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** The rooms API's rules applied to the form: the valid DTO, or the fields at fault. */
async function check<T extends object>(
  dto: new () => T,
  input: Record<string, unknown>,
): Promise<{ valid: T; faults: [] } | { valid: null; faults: RoomField[] }> {
  const valid = plainToInstance(dto, input);
  const errors = await validate(valid, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { valid, faults: [] };
  return { valid: null, faults: ROOM_FIELDS.filter((field) => errors.some((error) => error.property === field)) };
}

function textOf(form: RoomForm): RoomText {
  return { name: form.name ?? '', capacity: form.capacity ?? '', description: form.description ?? '' };
}

function textOfRoom(room: RoomResponse): RoomText {
  return { name: room.name, capacity: room.capacity?.toString() ?? '', description: room.description ?? '' };
}

function see(reply: FastifyReply, location: string) {
  return reply.header('Cache-Control', 'no-store').redirect(location, 303);
}

function isNameTaken(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.ROOM_NAME_TAKEN;
}
