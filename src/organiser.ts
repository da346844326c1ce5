import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { AppModule } from './app.module';
import { createAdapter } from './app.setup';
import { settingsOrExit } from './config/settings';
import { MembersService } from './members/members.service';
import { SigninService, VALID_MINUTES } from './signin/signin.service';

/**
 * `npm run organiser -- <email> [name]`: makes the member with this address an organiser (creating them if need
 * be) and prints a sign-in link, so a fresh install without mail has a way in.
 */
async function main(): Promise<void> {
  const [email, ...names] = process.argv.slice(2);
  if (!email || !isEmail(email)) {
    process.stderr.write(
      'Usage: npm run organiser -- <email> [name]   (e.g. npm run organiser -- camille@example.org "Camille Martin")\n',
    );
    process.exit(2);
  }
  const settings = settingsOrExit();
  const app = await NestFactory.create(AppModule.register(settings), createAdapter(settings), { logger: ['error'] });
  await app.init();
  const members = app.get(MembersService);
  const existing = await members.byEmail(email);
  const id = existing?.id ?? (await members.create({ email, name: names.join(' ').trim() || email.split('@')[0] })).id;
  await members.update(id, { role: 'organiser' });
  const organiser = await members.profile(id);
  const link = await app.get(SigninService).linkFor(organiser);
  process.stdout.write(
    `${organiser.name} <${organiser.email}> is an organiser.\n` +
      `Sign in within ${VALID_MINUTES} minutes (the link works once): ${link}\n`,
  );
  await app.close();
}

void main();
