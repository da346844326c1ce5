import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { createAdapter } from './app.setup';
import { CohortAdmissions } from './cohorts/cohort-admissions';
import { CohortsService } from './cohorts/cohorts.service';
import { settingsOrExit } from './config/settings';
import { CreateEventDto } from './events/event.dto';
import { EventKind, Visibility } from './events/event.entity';
import { CreateMemberDto } from './members/member.dto';
import { MembersService } from './members/members.service';
import { EventChanges } from './planning/event-changes';
import { SeriesService } from './planning/series.service';
import { Answers } from './registrations/answers';
import { Response } from './registrations/registration.entity';
import { RoomsService } from './rooms/rooms.service';

/** The demo space of `data/demo.json`; its dates are relative to the day it runs. */
interface DemoEvent {
  kind: EventKind;
  title: string;
  theme?: string;
  description?: string;
  time: string;
  minutes: number;
  weekday?: number;
  inDays?: number;
  rrule?: string;
  room?: string;
  location?: string;
  capacity?: number;
  minAttendees?: number;
  quorumDaysBefore?: number;
  hosts?: string[];
  visibility?: Visibility;
  streamUrl?: string;
  answers?: Partial<Record<Response, string[]>>;
}
interface Demo {
  rooms: { name: string; capacity?: number; description?: string }[];
  members: CreateMemberDto[];
  series: DemoEvent[];
  events: DemoEvent[];
  cohorts: {
    title: string;
    theme?: string;
    sponsor?: string;
    weekday: number;
    projects: { member: string; projectTitle: string; projectGoal?: string; helpNeeded?: string }[];
  }[];
}

/** The next day (after today) with that ISO weekday, in the space's zone. */
function next(weekday: number, zone: string): DateTime {
  const today = DateTime.now().setZone(zone).startOf('day');
  return today.plus({ days: (weekday - today.weekday + 7) % 7 || 7 });
}

async function main(): Promise<void> {
  const settings = settingsOrExit();
  const demo: Demo = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'demo.json'), 'utf8'));
  const app = await NestFactory.create(AppModule.register(settings), createAdapter(settings), {
    logger: ['error', 'warn'],
  });
  await app.init();
  const members = app.get(MembersService);
  if ((await members.list({ limit: 1, offset: 0 })).total > 0) {
    process.stderr.write('The database already has members: the demo fills an empty one (use another DATABASE_URL).\n');
    await app.close();
    process.exit(1);
  }
  const zone = settings.timezone;
  const rooms = new Map<string, string>();
  for (const room of demo.rooms) rooms.set(room.name, (await app.get(RoomsService).create(room)).id);
  const ids = new Map<string, string>();
  for (const member of demo.members) ids.set(member.email, (await members.create(member)).id);

  const input = (event: DemoEvent): CreateEventDto => {
    const day = event.weekday
      ? next(event.weekday, zone)
      : DateTime.now().setZone(zone).startOf('day').plus({ days: event.inDays });
    const [hour, minute] = event.time.split(':').map(Number);
    const start = day.set({ hour, minute });
    return {
      kind: event.kind,
      title: event.title,
      theme: event.theme,
      description: event.description,
      startsAt: start.toISO()!,
      endsAt: start.plus({ minutes: event.minutes }).toISO()!,
      timezone: zone,
      roomId: event.room && rooms.get(event.room),
      location: event.location,
      capacity: event.capacity,
      minAttendees: event.minAttendees,
      quorumDeadline: event.quorumDaysBefore ? start.minus({ days: event.quorumDaysBefore }).toISO()! : undefined,
      hostIds: (event.hosts ?? []).map((email) => ids.get(email)!),
      visibility: event.visibility,
      streamUrl: event.streamUrl,
    };
  };
  const answer = async (eventId: string, answers: DemoEvent['answers'] = {}) => {
    for (const [response, emails] of Object.entries(answers)) {
      for (const email of emails ?? []) await app.get(Answers).answer(eventId, ids.get(email)!, response as Response);
    }
  };
  for (const series of demo.series) {
    const created = await app.get(SeriesService).create({ ...input(series), rrule: series.rrule! });
    await answer(created.occurrences[0].id, series.answers);
  }
  for (const event of demo.events) await answer((await app.get(EventChanges).create(input(event))).id, event.answers);
  for (const cohort of demo.cohorts) {
    const created = await app.get(CohortsService).create({
      title: cohort.title,
      theme: cohort.theme,
      sponsor: cohort.sponsor,
      startsOn: next(cohort.weekday, zone).toISODate()!,
    });
    for (const { member, ...project } of cohort.projects)
      await app.get(CohortAdmissions).admit(created.id, ids.get(member)!, { memberId: ids.get(member)!, ...project });
  }
  await app.close();
  process.stdout.write(
    `Demo space ready: ${demo.members.length} members, ${demo.rooms.length} rooms, ${demo.series.length} series, ` +
      `${demo.events.length} events, ${demo.cohorts.length} workclub cohort.\n` +
      `Start the server (npm start), then open ${settings.publicUrl}/calendar/public and ${settings.publicUrl}/mail.\n`,
  );
}

void main();
